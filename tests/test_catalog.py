"""Chinese throughout: every interface message has a translation in the shipped catalog,
the compiled catalog is the one the ``.po`` gives, and the commands write Chinese with
``--lang zh``, naming grades, groups and statuses in the program's words."""

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from click.testing import CliRunner

from vanguard.cli import main

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "vanguard" / "locale" / "zh" / "LC_MESSAGES"
ZHAOQING = ROOT / "examples" / "zhaoqing-2006.toml"
REPORTS = ROOT / "examples" / "zhaoqing-2006-reports.csv"
FIELD = re.compile(r"\{(\w*)\}")


def extracted() -> dict[str, str]:
    """Every message the interface marks, as ``vanguard.i18n`` says to extract them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "text": None}
    found: dict[str, str] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        if isinstance(message, str) and message:
            found.setdefault(message, filename)
    return found


def catalog() -> dict[str, str]:
    with (LOCALE / "vanguard.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id and isinstance(m.id, str)}


def test_every_message_has_a_chinese_translation_with_the_same_fields() -> None:
    messages = extracted()
    assert len(messages) > 100
    zh = catalog()
    untranslated = [m for m in messages if not zh.get(m)]
    assert untranslated == [], f"no zh translation (add them to {LOCALE}/vanguard.po)"
    for message in messages:
        assert sorted(FIELD.findall(zh[message])) == sorted(FIELD.findall(message)), message
    stale = sorted(set(zh) - set(messages))
    assert stale == [], "translations of messages no longer used"


def test_the_shipped_compiled_catalog_is_the_po_compiled() -> None:
    with (LOCALE / "vanguard.mo").open("rb") as compiled:
        shipped = gettext.GNUTranslations(compiled)
    for message, translation in catalog().items():
        assert shipped.gettext(message) == translation, f"recompile the catalog: {message!r}"


def test_every_module_writing_for_people_is_extracted() -> None:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, _ = parse_mapping_cfg(config)
    patterns = [pattern for pattern, _method in method_map]
    from babel.util import pathmatch

    for path in (ROOT / "src" / "vanguard").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if (
            re.search(r"vanguard\.i18n|ProgramWords\(|\btext\(\)", source)
            and path.name != "i18n.py"
        ):
            relative = path.relative_to(ROOT).as_posix()
            assert any(pathmatch(p, relative) for p in patterns), f"{relative} not in babel.cfg"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


ENGLISH_LEFT = re.compile(
    r"\b(group|rank|change|post|score|status|laggards|on track|lagging|behind|category"
    r"|grade|vetoes|findings|direct|leadership|points|appraisal|bulletin|pledged|actual)\b"
)


@pytest.mark.parametrize(
    "command",
    [
        ("bulletin", str(ZHAOQING), "--quarter", "2006Q3", "--reports", str(REPORTS)),
        ("evaluate", str(ZHAOQING), "--year", "2006", "--reports", str(REPORTS)),
        (
            "explain",
            str(ZHAOQING),
            "si-fund.staff-2",
            "office.head",
            "office",
            "--reports",
            str(REPORTS),
        ),
        (
            "explain",
            str(ZHAOQING),
            "si-fund.staff-2",
            "--quarter",
            "2006Q3",
            "--reports",
            str(REPORTS),
        ),
    ],
    ids=["bulletin", "evaluate", "explain", "explain-quarter"],
)
def test_commands_write_chinese_with_lang_zh(command: tuple[str, ...]) -> None:
    by_command = run(*command, "--lang", "zh")
    assert by_command == run("--lang", "zh", *command), "the group's --lang is the command's"
    # post ids stay (they are what `explain` takes); every other word is Chinese
    words = re.sub(r"\([a-z0-9.-]+\)", "", by_command)
    assert not ENGLISH_LEFT.findall(words)
    assert re.search(r"[\u4e00-\u9fff]", words)


def test_grades_are_named_in_the_vocabulary_of_the_posts_category() -> None:
    """Staff are 合格/qualified, never by the band ids (competent) the leadership words share."""
    from vanguard import Vanguard

    app = Vanguard()
    program = app.load_program(ZHAOQING)
    staff = [post.id for post in program.posts if post.category == "staff"]
    review = app.review(program, reports=REPORTS)
    for explanation in review.explain_all(staff):
        assert "competent" not in str(explanation), explanation.subject
    output = run("evaluate", str(ZHAOQING), "--year", "2006", "--reports", str(REPORTS))
    for line in output.splitlines():
        if "staff member" in line:
            assert "competent" not in line


def test_every_command_takes_lang() -> None:
    from vanguard.cli import _every_command

    for command in _every_command(main):
        assert any("--lang" in getattr(p, "opts", ()) for p in command.params), command.name
