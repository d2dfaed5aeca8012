"""A review of one program: record, correct, publish, evaluate and explain, in one place.

:meth:`vanguard.Vanguard.review` returns a :class:`Review`, which holds the program, the
app's usable indicators and converter, and where the reports come from: a ledger (every
published bulletin and evaluation recorded in it) or a report file (nothing recorded). The
command line runs through the same object, so Python and ``vanguard bulletin`` agree, and
the library itself fires the ``vanguard_bulletin_published`` and
``vanguard_evaluation_completed`` hooks.
"""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from vanguard.model.indicator import Indicator
from vanguard.model.label import Language
from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError, VanguardError
from vanguard.review.actuals import Actuals
from vanguard.review.bulletin import Bulletin, publish_bulletin
from vanguard.review.evaluation import year_position
from vanguard.review.explain import Explanation, explain, explain_standing
from vanguard.review.reading import read_once
from vanguard.review.reports import Report, read_reports
from vanguard.review.yearend import Evaluation, evaluate

if TYPE_CHECKING:
    import pandas as pd

    from vanguard.app import Vanguard
    from vanguard.ledger import Entry, Ledger
    from vanguard.review.recording import Correction


class Review:
    """The review of ``program`` by ``app``, reading reports from a ledger or a file.

    Give exactly one of ``ledger`` (an open :class:`~vanguard.ledger.Ledger`, which the
    caller closes, or its location, which the review opens on first use and closes in
    :meth:`close` or at the end of a ``with`` block; ``create`` as in
    :meth:`vanguard.Vanguard.open_ledger`) and ``reports`` (a CSV, JSON or ``.xlsx`` report
    file: bulletins and evaluations are computed, nothing is recorded, and
    :meth:`record` and :meth:`correct` refuse). Made by :meth:`vanguard.Vanguard.review`.
    """

    def __init__(
        self,
        app: "Vanguard",
        program: Program,
        *,
        ledger: "Ledger | str | Path | None" = None,
        reports: str | Path | None = None,
        create: bool = True,
        encoding: str | None = None,
    ) -> None:
        if (ledger is None) == (reports is None):
            raise VanguardError("a review reads its reports from a ledger or a file: give one")
        self.app = app
        self.program = program
        self.indicators: Mapping[str, Indicator] = program.usable_indicators(app.indicators())
        """The indicators this program's reports are judged by (passed to every step)."""
        self._location: str | Path | None = None
        self._ledger: Ledger | None = None
        if isinstance(ledger, str | Path):
            self._location = ledger
        else:
            self._ledger = ledger
        self._owns_ledger = self._location is not None
        self._create = create
        self._reports_path = None if reports is None else Path(reports)
        self._encoding = encoding
        self._file_actuals: Actuals | None = None
        self.last_entry: Entry | None = None
        """The ledger entry of the bulletin last published (recorded, or the version it
        matched); None before one is published and for a review of a report file."""
        self.last_findings_recorded = 0
        """How many findings the evaluation last run carries in the ledger."""

    # -- where the reports come from ---------------------------------------------------

    @property
    def recording(self) -> bool:
        """Whether this review records what it publishes (it reads a ledger)."""
        return self._reports_path is None

    @property
    def ledger(self) -> "Ledger":
        """The ledger (opened on first use); VanguardError for a review of a report file."""
        if self._ledger is None:
            if self._location is None:
                raise VanguardError(
                    f"the review of {self.program.id!r} reads the report file "
                    f"{self._reports_path}: there is no ledger to record in"
                )
            self._ledger = self.app.open_ledger(self._location, create=self._create)
        return self._ledger

    def close(self) -> None:
        """Close the ledger if this review opened it."""
        if self._owns_ledger and self._ledger is not None:
            self._ledger.close()
            self._ledger = None

    def __enter__(self) -> "Review":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def actuals(self) -> Actuals:
        """The actuals the review judges: the reports in force in the ledger, or the file's."""
        if not self.recording:
            if self._file_actuals is None:
                assert self._reports_path is not None
                reports = read_reports(
                    self._reports_path, self.program, self.indicators, encoding=self._encoding
                )
                self._file_actuals = Actuals.from_reports(self.program, reports, self.indicators)
            return self._file_actuals
        from vanguard.review.recording import ledger_actuals

        return ledger_actuals(self.ledger, self.program, self.indicators)

    def reports(self) -> list[Report]:
        """The reports in force (corrections applied), as stored or as read from the file."""
        if not self.recording:
            assert self._reports_path is not None
            return list(
                read_reports(
                    self._reports_path, self.program, self.indicators, encoding=self._encoding
                )
            )
        from vanguard.review.recording import stored_reports

        return list(stored_reports(self.ledger, self.program))

    def reports_frame(self) -> "pd.DataFrame":
        """:meth:`reports` as a pandas DataFrame (the ``frames`` extra)."""
        from vanguard.review.frames import reports_frame

        return reports_frame(self.reports())

    # -- recording -----------------------------------------------------------------------

    def record(
        self,
        reports: str | Path | Sequence[Mapping[str, Any]],
        *,
        encoding: str | None = None,
        undated: dt.date | None = None,
        today: dt.date | None = None,
    ) -> "list[Entry]":
        """Check reports (a CSV, JSON or ``.xlsx`` file, or rows as mappings with the file's
        columns) against the program and the reports already stored, then store the
        program's letters not yet recorded and every new report in one transaction.

        :return: the new reports' ledger entries.
        :raises ProgramError: naming every bad row; nothing is stored then.
        """
        from vanguard.review.recording import add_reports, import_reports

        if isinstance(reports, str | Path):
            return import_reports(
                self.ledger,
                self.program,
                reports,
                self.indicators,
                converter=self.app.converter,
                encoding=encoding,
                undated=undated,
                today=today,
            )
        return add_reports(
            self.ledger,
            self.program,
            reports,
            self.indicators,
            converter=self.app.converter,
            undated=undated,
            today=today,
        )

    def correct(
        self,
        post: str,
        indicator: str,
        period: str,
        value: object,
        *,
        by: str,
        reason: str,
        on: dt.date | None = None,
    ) -> "tuple[Correction, Entry]":
        """Record a correction of a stored report (see
        :func:`~vanguard.review.recording.correct_report`): the correction and its entry."""
        from vanguard.review.recording import correct_report

        return correct_report(
            self.ledger,
            self.program,
            post,
            indicator,
            period,
            value,
            by=by,
            reason=reason,
            on=on,
            indicators=self.indicators,
        )

    # -- the cycles ----------------------------------------------------------------------

    def publish(
        self, quarter: str, *, before_recording: Callable[[Bulletin], None] | None = None
    ) -> Bulletin:
        """Publish the bulletin of ``quarter`` and tell the plugins
        (``vanguard_bulletin_published``).

        From a ledger, the bulletin is recorded (a new version when the numbers changed
        since it was last published, nothing when they did not; see
        :func:`~vanguard.review.recording.publish_to_ledger`). ``before_recording`` is
        called with the bulletin before anything is recorded (to write it somewhere
        first): if it raises, nothing is recorded and no plugin is told.

        :raises VanguardError: the ledger holds no report of the program.
        """
        if not self.recording:
            result = publish_bulletin(self.program, self.actuals(), quarter, self.indicators)
            if before_recording is not None:
                before_recording(result)
        else:
            from vanguard.review.recording import prepare_bulletin, record_bulletin

            with read_once(self.ledger) as ledger:
                self._require_reports(ledger)
                prepared = prepare_bulletin(
                    ledger, self.app.converter, self.program, quarter, self.indicators
                )
                result = prepared.bulletin
                if before_recording is not None:
                    before_recording(result)
                self.last_entry = record_bulletin(ledger, prepared)
        self.app.hooks.bulletin_published(result)
        return result

    def bulletin(self, quarter: str) -> Bulletin:
        """The bulletin of ``quarter`` without publishing it: its latest recorded version
        when it was published, else computed from the reports in force."""
        if not self.recording:
            return publish_bulletin(self.program, self.actuals(), quarter, self.indicators)
        from vanguard.review.recording import prepare_bulletin, stored_bulletin

        with read_once(self.ledger) as ledger:
            self._require_reports(ledger)
            published = stored_bulletin(ledger, self.app.converter, self.program, quarter)
            if published is not None:
                return published
            return prepare_bulletin(
                ledger, self.app.converter, self.program, quarter, self.indicators
            ).bulletin

    def evaluate(self, year: str | int | None = None) -> Evaluation:
        """Run the year-end evaluation of review ``year`` (default: the program's last) and
        tell the plugins (``vanguard_evaluation_completed``).

        From a ledger, the evaluation and its findings are recorded (a new version when the
        numbers changed, nothing when they did not; see
        :func:`~vanguard.review.recording.record_evaluation`).

        :raises ProgramError: ``year`` is not one of the program's review years.
        """
        result = self._evaluation(year, record=True)
        self.app.hooks.evaluation_completed(result)
        return result

    def evaluation(self, year: str | int | None = None) -> Evaluation:
        """The evaluation of ``year`` computed from the reports in force, recording
        nothing and telling no plugin (what :meth:`explain` reads)."""
        return self._evaluation(year, record=False)

    def _evaluation(self, year: str | int | None, *, record: bool) -> Evaluation:
        year_position(self.program, None if year is None else str(year))
        if not self.recording:
            return evaluate(
                self.program, self.actuals(), self.indicators, year=None if year is None else year
            )
        from vanguard.review.recording import ledger_evaluation, record_evaluation

        with read_once(self.ledger) as ledger:
            self._require_reports(ledger)
            if not record:
                return ledger_evaluation(ledger, self.program, self.indicators, year)
            result, entries = record_evaluation(
                ledger, self.app.converter, self.program, self.indicators, year
            )
        self.last_findings_recorded = len(entries) - 1
        return result

    def explain(
        self,
        subject: str,
        *,
        year: str | int | None = None,
        quarter: str | None = None,
        language: Language = "en",
    ) -> Explanation:
        """Why a post (or unit) got its year-end grade and findings, or with ``quarter``
        how a post came to its standing in that quarter's bulletin; in ``language``
        (English or Chinese), naming everything in the program's words.

        :raises ProgramError: ``subject`` is not a post or unit of the program (or is a
            unit with ``quarter``).
        """
        return self.explain_all([subject], year=year, quarter=quarter, language=language)[0]

    def explain_all(
        self,
        subjects: Sequence[str],
        *,
        year: str | int | None = None,
        quarter: str | None = None,
        language: Language = "en",
    ) -> list[Explanation]:
        """:meth:`explain` for several subjects, computing the evaluation (or bulletin) once;
        in ``language``, in the program's words."""
        posts = {post.id for post in self.program.posts}
        known = posts | {unit.id for unit in self.program.units}
        problems = [
            Problem("POSTS", _unknown_subject(s, known)) for s in subjects if s not in known
        ]
        if quarter is not None:
            problems += [
                Problem("POSTS", f"{s!r} is a unit: --quarter explains posts")
                for s in subjects
                if s in known and s not in posts
            ]
        if problems:
            raise ProgramError(problems)
        if quarter is not None:
            published = self.bulletin(quarter)
            return [
                explain_standing(
                    self.program, published, s, language=language, indicators=self.indicators
                )
                for s in subjects
            ]
        result = self.evaluation(year)
        return [
            explain(self.program, result, s, language=language, indicators=self.indicators)
            for s in subjects
        ]

    def _require_reports(self, ledger: "Ledger") -> None:
        from vanguard.review.recording import require_program_reports

        require_program_reports(ledger, self.program)


def _unknown_subject(name: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown post or unit {name!r}{hint}"


__all__ = ["Review"]
