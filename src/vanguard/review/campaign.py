"""The campaign bulletin (争先进位): the campaign's agencies ranked each quarter, recorded.

Each program of a campaign is one agency's (the Zhaoqing bureau, the Sihui agencies). At a
quarter's end the campaign ranks them by the program scores of their bulletins of that
quarter, and says how each moved since the campaign bulletin recorded last (for an earlier
quarter): up, down, the same, or new (not ranked then). "Moving up the ranking" is what
the report's cadre evaluation rewards.

It is recorded in the ledger like a program bulletin, as ``campaign.bulletin``
``<campaign>/<quarter>`` (re-issues ``<campaign>/<quarter>/v<n>``), and it names the
ledger record of every program bulletin it ranks. So it can be recomputed from the ledger
alone (:func:`recheck_campaign`, run by ``vanguard ledger verify --program``): the ranked
bulletins as recorded, and the previous campaign bulletin as recorded before it.
"""

import datetime as dt
import enum
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from vanguard.problems import Problem, ProgramError
from vanguard.review.bulletin import Bulletin
from vanguard.review.ranking import rank_within

if TYPE_CHECKING:
    import pandas as pd

    from vanguard.app import Vanguard
    from vanguard.ledger import Entry, Ledger
    from vanguard.model.program import Program
    from vanguard.review.recomputation import Recomputed

CAMPAIGN_BULLETIN = "campaign.bulletin"
"""The ledger kind of a recorded campaign bulletin."""


class Movement(enum.Enum):
    """How an agency moved in the ranking since the last campaign bulletin."""

    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"
    """Not ranked in the last campaign bulletin (or there was none)."""


def movement_of(change: int | None) -> Movement:
    """The movement of a rank change (places moved up; None: not ranked before)."""
    if change is None:
        return Movement.NEW
    return Movement.UP if change > 0 else Movement.DOWN if change < 0 else Movement.SAME


@attrs.frozen
class AgencyStanding:
    """One program (agency) in a campaign bulletin.

    ``rank`` is its competition rank among the campaign's programs by ``score`` (0 when
    it has no score); ``previous_rank`` its rank in the last campaign bulletin (None when it
    was not ranked there); ``change`` the places moved up since (positive = up);
    ``movement`` says it in a word. ``bulletin`` is the ledger key of the program's
    bulletin ranked ("" when it was computed, not recorded), ``version`` its version.
    """

    program: str
    score: float | None
    rank: int
    previous_rank: int | None
    change: int | None
    movement: Movement
    bulletin: str = ""
    version: int = 1


@attrs.frozen
class CampaignBulletin:
    """The campaign's agencies ranked for ``quarter`` (best first), with their movement
    since the campaign bulletin of quarter ``previous`` (None: the first one)."""

    campaign: str
    quarter: str
    as_of: dt.date
    programs: tuple[AgencyStanding, ...]
    previous: str | None = None
    version: int = 1
    """1 for the campaign bulletin first recorded for the quarter; 2, 3, ... for re-issues."""

    def standing(self, program: str) -> AgencyStanding:
        """The standing of ``program``; KeyError when it is not in this bulletin."""
        for item in self.programs:
            if item.program == program:
                return item
        raise KeyError(program)

    def to_frame(self) -> "pd.DataFrame":
        """The agencies as a pandas DataFrame: one row each, a column per field."""
        from vanguard.review.frames import frame_of

        return frame_of(self.programs, AgencyStanding)

    def to_payload(self, converter: Any) -> dict[str, Any]:
        """Plain JSON data (dates as ISO strings) through the app's converter."""
        data: dict[str, Any] = converter.unstructure(self)
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_payload(cls, converter: Any, payload: Mapping[str, Any]) -> "CampaignBulletin":
        """The campaign bulletin recorded by :meth:`to_payload`."""
        data = dict(payload)
        data["as_of"] = dt.date.fromisoformat(data["as_of"])
        result: CampaignBulletin = converter.structure(data, cls)
        return result


def rank_campaign(
    bulletins: Sequence[Bulletin],
    previous: CampaignBulletin | None = None,
    sources: Mapping[str, str] | None = None,
) -> CampaignBulletin:
    """The campaign bulletin of the programs' ``bulletins`` of one quarter (one each, all
    of one campaign): ranked by program score, moved since ``previous``. ``sources`` gives
    each program's bulletin record key.

    :raises ProgramError: no bulletin, bulletins of several campaigns or quarters, or two
        of one program.
    """
    problems = []
    if not bulletins:
        problems.append(Problem("campaign", "a campaign bulletin needs the programs' bulletins"))
    else:
        for what in ("campaign", "quarter"):
            found = sorted({getattr(b, what) for b in bulletins})
            if len(found) > 1:
                problems.append(Problem(what, f"the bulletins are of several: {', '.join(found)}"))
        ids = [b.program for b in bulletins]
        twice = sorted({p for p in ids if ids.count(p) > 1})
        if twice:
            problems.append(Problem("programs", f"ranked twice: {', '.join(twice)}"))
    if problems:
        raise ProgramError(problems)
    scores = np.asarray(
        [[np.nan if b.program_score is None else b.program_score for b in bulletins]]
    )
    ranks = rank_within(scores, np.zeros(len(bulletins), dtype=np.int64))[0]
    before = {} if previous is None else {s.program: s.rank for s in previous.programs if s.rank}
    standings = []
    for b, rank in zip(bulletins, ranks.tolist(), strict=True):
        was = before.get(b.program)
        change = None if was is None or not rank else was - rank
        standings.append(
            AgencyStanding(
                program=b.program,
                score=b.program_score,
                rank=rank,
                previous_rank=was,
                change=change,
                movement=movement_of(change),
                bulletin=(sources or {}).get(b.program, ""),
                version=b.version,
            )
        )
    standings.sort(key=lambda s: (s.rank == 0, s.rank, s.program))
    return CampaignBulletin(
        campaign=bulletins[0].campaign,
        quarter=bulletins[0].quarter,
        as_of=max(b.as_of for b in bulletins),
        programs=tuple(standings),
        previous=None if previous is None else previous.quarter,
    )


# -- in the ledger ---------------------------------------------------------------------


def _campaign_entries(ledger: "Ledger", campaign: str, before: int | None) -> list["Entry"]:
    return [
        entry
        for entry in ledger.entries(CAMPAIGN_BULLETIN)
        if entry.payload.get("campaign") == campaign and (before is None or entry.seq < before)
    ]


def stored_campaign_bulletin(
    ledger: "Ledger", converter: Any, campaign: str, quarter: str, before: int | None = None
) -> CampaignBulletin | None:
    """The latest version of the campaign bulletin recorded for ``quarter`` (before
    record ``before``, when given), if any."""
    found = [
        e for e in _campaign_entries(ledger, campaign, before) if e.payload["quarter"] == quarter
    ]
    return CampaignBulletin.from_payload(converter, found[-1].payload) if found else None


def previous_campaign_bulletin(
    ledger: "Ledger", converter: Any, campaign: str, quarter: str, before: int | None = None
) -> CampaignBulletin | None:
    """The last campaign bulletin recorded for a quarter before ``quarter`` (its latest
    version, recorded before record ``before`` when given): what movement is measured
    against."""
    earlier = [
        e
        for e in _campaign_entries(ledger, campaign, before)
        if str(e.payload["quarter"]) < quarter
    ]
    if not earlier:
        return None
    latest = max(str(e.payload["quarter"]) for e in earlier)
    last = [e for e in earlier if e.payload["quarter"] == latest][-1]
    return CampaignBulletin.from_payload(converter, last.payload)


def record_campaign_bulletin(
    ledger: "Ledger", converter: Any, bulletins: Sequence[tuple[Bulletin, "Entry"]]
) -> tuple[CampaignBulletin, "Entry"]:
    """Rank the recorded program ``bulletins`` (each with its ledger entry) and record the
    campaign bulletin: a new version when the ranking changed since the one recorded for
    the quarter, nothing when it did not (its latest entry is returned then)."""
    sources = {b.program: entry.key for b, entry in bulletins}
    first = bulletins[0][0] if bulletins else None
    previous = (
        None
        if first is None
        else previous_campaign_bulletin(ledger, converter, first.campaign, first.quarter)
    )
    fresh = rank_campaign([b for b, _ in bulletins], previous, sources)
    base = f"{fresh.campaign}/{fresh.quarter}"
    published = [
        e
        for e in _campaign_entries(ledger, fresh.campaign, None)
        if e.payload["quarter"] == fresh.quarter
    ]
    if published:
        latest = CampaignBulletin.from_payload(converter, published[-1].payload)
        if attrs.evolve(latest, version=1) == fresh:
            return latest, published[-1]
        fresh = attrs.evolve(fresh, version=latest.version + 1)
    key = base if fresh.version == 1 else f"{base}/v{fresh.version}"
    return fresh, ledger.append(CAMPAIGN_BULLETIN, key, fresh.to_payload(converter))


def recheck_campaign(
    ledger: "Ledger", converter: Any, campaign: str, program: str | None = None
) -> list["Recomputed"]:
    """Every recorded campaign bulletin of ``campaign`` (only those ranking ``program``,
    when given) recomputed from the ledger as it stood when it was recorded: the program
    bulletins it names, as recorded before it, and the campaign bulletin before it."""
    from vanguard.review.recomputation import Recomputed
    from vanguard.review.recording import BULLETIN

    results = []
    for entry in _campaign_entries(ledger, campaign, None):
        name = f"{entry.kind} {entry.key}"
        try:
            stored = CampaignBulletin.from_payload(converter, entry.payload)
        except Exception as error:  # a forged payload of any shape is named, not raised
            results.append(Recomputed(name, entry.seq, f"cannot be read: {error}"))
            continue
        if program is not None and all(s.program != program for s in stored.programs):
            continue
        bulletins, problem = [], None
        for standing in stored.programs:
            source = ledger.get(BULLETIN, standing.bulletin) if standing.bulletin else None
            if source is None or source.seq >= entry.seq:
                problem = (
                    f"ranks the bulletin {standing.bulletin!r} of {standing.program!r}, "
                    "which the ledger did not hold before it"
                )
                break
            bulletins.append(Bulletin.from_payload(converter, source.payload))
        if problem is None:
            previous = previous_campaign_bulletin(
                ledger, converter, campaign, stored.quarter, entry.seq
            )
            sources = {s.program: s.bulletin for s in stored.programs}
            again = attrs.evolve(
                rank_campaign(bulletins, previous, sources), version=stored.version
            )
            plain = json.loads(json.dumps(again.to_payload(converter)))
            fields = sorted(
                f for f in set(plain) | set(entry.payload) if plain.get(f) != entry.payload.get(f)
            )
            if fields:
                problem = (
                    "recomputed from the ledger as it stood then, it no longer matches "
                    f"(differs in {', '.join(fields)})"
                )
        results.append(Recomputed(name, entry.seq, problem))
    return results


def publish_campaign(
    app: "Vanguard",
    programs: Sequence["Program"],
    quarter: str,
    ledger: "Ledger",
    *,
    paths: Sequence[str] | None = None,
) -> tuple[CampaignBulletin, "Entry", list[Bulletin]]:
    """Publish the bulletin of ``quarter`` of every program of one campaign (recording each
    as :meth:`vanguard.Review.publish` does), then record the campaign bulletin ranking
    them: the campaign bulletin, its entry and the programs' bulletins (in ``programs``'
    order). ``paths`` (the program files, for the error) locate a program of another
    campaign or one given twice.

    :raises ProgramError: programs of several campaigns, or one program given twice.
    """
    first = programs[0].campaign.id if programs else ""
    seen: set[str] = set()
    for i, program in enumerate(programs):
        where = None if paths is None else str(paths[i])
        if program.campaign.id != first:
            raise ProgramError(
                [Problem("campaign.id", f"{program.campaign.id!r} is not {first!r}")], where
            )
        if program.id in seen:
            raise ProgramError([Problem("id", f"program {program.id!r} is given twice")], where)
        seen.add(program.id)
    published: list[tuple[Bulletin, Entry]] = []
    for program in programs:
        review = app.review(program, ledger=ledger)
        bulletin = review.publish(quarter)
        assert review.last_entry is not None  # a review of a ledger records
        published.append((bulletin, review.last_entry))
    result, entry = record_campaign_bulletin(ledger, app.converter, published)
    return result, entry, [b for b, _ in published]


def movement_word(movement: Movement, change: int | None, text: Any) -> str:
    """``▲ 2``, ``▼ 1``, ``=`` or *new* (``text``: the gettext function of the language)."""
    if movement is Movement.NEW or change is None:
        return str(text("new"))
    if movement is Movement.UP:
        return f"▲ {change}"
    if movement is Movement.DOWN:
        return f"▼ {-change}"
    return "="


__all__ = [
    "CAMPAIGN_BULLETIN",
    "AgencyStanding",
    "CampaignBulletin",
    "Movement",
    "movement_of",
    "movement_word",
    "previous_campaign_bulletin",
    "publish_campaign",
    "rank_campaign",
    "recheck_campaign",
    "record_campaign_bulletin",
    "stored_campaign_bulletin",
]
