"""Hostile text in every report format: what someone typed is shown, never obeyed.

Each hostile input goes into every free-text answer of one melding (`wat_gebeurd`,
`client_kenmerk`, `betrokkenen`, `getuigen_wie`, `melder_naam`, `melder_bereikbaar`), into
an addition and into `handed_over_to`. Multi-line fields get it twice, on two lines, so it
also stands at the start of a line. Then:

- html: parsed with `html.parser`; no `script`, no `on*` attribute, and exactly the same
  elements as the same melding with harmless text; the text is escaped and readable.
- md: no user line starts a heading, link, image or raw HTML; rendered with markdown-it
  (CommonMark) it has the same elements as the harmless melding and shows the text.
- txt: no control codes (they become symbols such as ␛).
- json: `json.loads` gives back the exact strings.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from html.parser import HTMLParser

import pytest
from markupsafe import escape as html_escape
from tests.conftest import TODAY, play

from veilig_tui.flow.check import Flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.flow.inputs import visible
from veilig_tui.melding import melding_content
from veilig_tui.org import Profile
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.report import export
from veilig_tui.report.escape import markdown
from veilig_tui.store.models import Addition, Melding

TZ = dt.timezone(dt.timedelta(hours=1))
FORMATS = ("md", "html", "txt", "json")
TEXT_FIELDS = (
    "wat_gebeurd",
    "client_kenmerk",
    "client_wil",
    "betrokkenen",
    "getuigen_wie",
    "melder_naam",
    "melder_bereikbaar",
)
MULTI_LINE = frozenset({"wat_gebeurd", "betrokkenen", "client_wil"})


def _big_text() -> str:
    """About 100 KB on one line, full of characters that Markdown and HTML care about."""
    chunk = (
        "Ze zei dat het pijn deed en dat ze bang was voor de volgende dienst van die collega. "
        "Zij zei: <b>stop</b> & [link](x) # kop * _ | ` ~ \\ café 👍🏽. "
    )
    text = chunk * (100_000 // len(chunk.encode("utf-8")) + 1)
    return text + "einde"


BIG = _big_text()
HOSTILE: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "img_onerror": "<img src=x onerror=alert(1)>",
    "kop": "# kop",
    "link": "[link](x)",
    "afbeelding": "![img](x)",
    "rich_markup": "[bold]x[/]",
    "textual_click": "[@click=app.quit]x",
    "ansi_wissen": "\x1b[2J",
    "ansi_hyperlink": "\x1b]8;;http://x\x1b\\",
    "c1_csi": "\x9b31mrood",
    "groot_100kb": BIG,
    "emoji": "👍🏽",
    "accenten": "café, ë, ï, é",
}
HARMLESS = "gewone tekst"
SAFE_CONTROLS = frozenset("\n\t")


def field_value(field: str, text: str) -> str:
    return f"{text}\n{text}" if field in MULTI_LINE else text


def answers_with(text: str) -> list[tuple[str, object]]:
    """The answers of scenario 32 (every free-text field filled), with `text` in each."""
    value = {f: field_value(f, text) for f in TEXT_FIELDS}
    return [
        ("direct_gevaar", "nee"),
        ("werkrelatie", "organisatie"),
        ("wat_gebeurd", value["wat_gebeurd"]),
        ("wie", "vrijwilliger"),
        ("pleger_rol", ["geen"]),
        ("client_veilig", "ja"),
        ("bron", "zelf"),
        ("hoe_vaak", "een_keer"),
        ("wanneer", "22-11-2026 20:45"),
        ("waar", "locatie"),
        ("aantal_clienten", "een"),
        ("client_kenmerk", value["client_kenmerk"]),
        ("vertegenwoordiger", "ja"),
        ("client_weet", "ja"),
        ("client_wil", value["client_wil"]),
        ("betrokkenen", value["betrokkenen"]),
        ("getuigen", "ja"),
        ("getuigen_wie", value["getuigen_wie"]),
        ("al_gedaan", ["leidinggevende"]),
        ("melder_naam", value["melder_naam"]),
        ("melder_bereikbaar", value["melder_bereikbaar"]),
    ]


def hostile_melding(text: str, flow: Flow, profile: Profile) -> Melding:
    d = Dialogue(flow, profile, today=lambda: TODAY)
    play(d, answers_with(text))
    return Melding(
        reference="VZ-2026-HOSTILE1",
        draft_id="vijandig",
        created=dt.datetime(2026, 11, 28, 9, 0, tzinfo=TZ),
        finished=dt.datetime(2026, 11, 28, 9, 30, tzinfo=TZ),
        status="overgedragen",
        handed_over_to=text,
        handed_over_at=dt.datetime(2026, 11, 28, 11, 0, tzinfo=TZ),
        additions=(Addition(dt.datetime(2026, 11, 29, 8, 15, tzinfo=TZ), f"{text}\n{text}"),),
        content=melding_content(d),
    )


Reports = Callable[[str], dict[str, str]]


@pytest.fixture(scope="module")
def reports(melden: Flow, profile: Profile) -> Reports:
    """text -> {format: report}; each melding is built and rendered once per module."""
    folder = OrgFolder.select(None, {})

    @cache
    def build(text: str) -> dict[str, str]:
        melding = hostile_melding(text, melden, profile)
        return {fmt: export(fmt, melding, melden, profile, folder) for fmt in FORMATS}

    return build


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text a reader sees."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.parts: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def names(self) -> Counter[str]:
        return Counter(tag for tag, _ in self.tags)


def control_codes(text: str) -> list[str]:
    """Characters a terminal could act on: C0 (but newline and tab), DEL, C1."""
    return sorted(
        {
            f"U+{ord(c):04X}"
            for c in text
            if (unicodedata.category(c) == "Cc" and c not in SAFE_CONTROLS)
        }
    )


CASES = pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())


# -- HTML ---------------------------------------------------------------------------


@CASES
def test_html_has_no_active_content(reports: Reports, text: str) -> None:
    page = Elements(reports(text)["html"])
    assert [tag for tag, _ in page.tags if tag == "script"] == []
    handlers = [(tag, name) for tag, attrs in page.tags for name, _ in attrs if name[:2] == "on"]
    assert handlers == []
    assert page.tags == Elements(reports(HARMLESS)["html"]).tags


@CASES
def test_html_shows_the_text_escaped(reports: Reports, text: str) -> None:
    source = reports(text)["html"]
    shown = visible(text)  # control codes become visible symbols first, then HTML escaping
    assert str(html_escape(shown)) in source
    assert source.count(str(html_escape(shown))) >= 1 + len(TEXT_FIELDS)
    if "<" in text:
        assert text not in source
    assert shown in Elements(source).text


def test_html_escapes_script_and_handler_literally(reports: Reports) -> None:
    source = reports("<script>alert(1)</script>")["html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert "<script" not in source
    source = reports("<img src=x onerror=alert(1)>")["html"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in source
    assert "<img" not in source


@pytest.mark.parametrize("text", ["\x1b[2J", "\x9b31mrood", "a\u202eb"], ids=["esc", "c1", "bidi"])
def test_html_has_no_raw_control_codes(reports: Reports, text: str) -> None:
    assert control_codes(reports(text)["html"]) == []


# -- Markdown -------------------------------------------------------------------------


def heading_lines(source: str) -> list[str]:
    return [line for line in source.splitlines() if line.lstrip().startswith("#")]


@CASES
def test_markdown_user_text_starts_no_markup(reports: Reports, text: str) -> None:
    source = reports(text)["md"]
    assert heading_lines(source) == heading_lines(reports(HARMLESS)["md"])
    assert "[link](x)" not in source
    assert "![img](x)" not in source
    assert re.findall(r"(?<!\\)<[a-z/]", source) == []  # raw HTML needs an unescaped '<'
    assert control_codes(source) == []
    if "[link](x)" in text:
        assert "\\[link\\](x)" in source
    if "![img](x)" in text:
        assert "!\\[img\\](x)" in source
    if "<script>" in text:
        assert "\\<script\\>" in source
    if "# kop" in text:
        assert "\\# kop" in source


@CASES
def test_markdown_renders_as_plain_text(reports: Reports, text: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    to_html = markdown_it.MarkdownIt("commonmark").render
    page = Elements(to_html(reports(text)["md"]))
    harmless = Elements(to_html(reports(HARMLESS)["md"]))
    for tag in ("script", "a", "img"):
        assert page.names[tag] == 0, tag
    assert page.names == harmless.names
    assert page.tags == harmless.tags
    shown = visible(text)
    assert page.text.count(shown) >= 2 + len(TEXT_FIELDS)
    assert f"{shown}\n{shown}" in page.text  # multi-line text keeps its lines


# -- Text -----------------------------------------------------------------------------


@CASES
def test_text_has_no_control_codes(reports: Reports, text: str) -> None:
    source = reports(text)["txt"]
    assert control_codes(source) == []
    assert "\x1b" not in source and "\x9b" not in source
    if "\x1b" in text:
        assert "␛" in source
    assert visible(text) in source


# -- every format ---------------------------------------------------------------------


def escaped(fmt: str, text: str) -> str:
    """How the format writes typed text (per line for Markdown, where lines are quoted)."""
    if fmt == "html":
        return str(html_escape(visible(text)))
    if fmt == "md":
        return markdown(text)
    if fmt == "txt":
        return visible(text)
    return json.dumps(text, ensure_ascii=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_big_text_is_kept_in_full(reports: Reports, fmt: str) -> None:
    source = reports(BIG)[fmt]
    assert len(BIG.encode("utf-8")) >= 100_000
    assert escaped(fmt, BIG) in source
    assert len(source) >= len(BIG) * (1 + len(TEXT_FIELDS))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("text", [HOSTILE["emoji"], HOSTILE["accenten"]], ids=["emoji", "accenten"])
def test_emoji_and_accents_unchanged(reports: Reports, fmt: str, text: str) -> None:
    source = reports(text)[fmt]
    assert text in source
    assert source.count(text) >= 2 + len(TEXT_FIELDS)


# -- JSON -----------------------------------------------------------------------------


@CASES
def test_json_gives_back_the_exact_text(reports: Reports, text: str) -> None:
    data = json.loads(reports(text)["json"])
    content = data["inhoud"]
    for field in TEXT_FIELDS:
        want = field_value(field, text)
        assert content["facts"][field] == want, field
        assert content["labels"][field] == want, field
        assert [ln["answer"] for ln in content["lines"] if ln["node"] == field] == [want]
        assert [v for n, v in content["state"]["answers"] if n == field] == [want]
    assert data["overgedragen_aan"] == text
    assert data["aanvullingen"] == [
        {"datum": "2026-11-29T08:15:00+01:00", "tekst": f"{text}\n{text}"}
    ]
