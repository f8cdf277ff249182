"""The melden flow reads at B1 level: Flesch-Douma and sentence length, on every text a
medewerker reads (question, help, answer), measured the same way each time.

Texts are taken from node texts, help and answer labels (not the fact descriptions);
a placeholder counts as a one-letter word and Jinja tags are left out; texts that are
then shorter than four words are skipped, since short labels score noisily.
"""

from __future__ import annotations

import re
import statistics

import pytest
import textstat

from veilig_tui.flow.check import Flow

textstat.set_lang("nl")  # before any metric: otherwise textstat fetches an English dictionary

MIN_WORDS = 4


def measured_texts(flow: Flow) -> list[tuple[str, str]]:
    """(where, text) for every text of at least four words, placeholders replaced."""
    out = []
    for node in flow.model.nodes:
        parts = [("text", node.text), ("help", node.help)]
        parts += [(f"antwoord {a.id}", a.label) for a in node.answers or []]
        for where, text in parts:
            text = re.sub(r"\{\{.*?\}\}", "X", text, flags=re.DOTALL)
            text = " ".join(re.sub(r"\{%.*?%\}", " ", text, flags=re.DOTALL).split())
            if len(text.split()) >= MIN_WORDS:
                out.append((f"{node.id} {where}", text))
    return out


@pytest.fixture(scope="module")
def texts(melden: Flow) -> list[tuple[str, str]]:
    found = measured_texts(melden)
    assert len(found) >= 80  # the whole flow is measured, not a sample
    return found


def test_flesch_douma_median_is_at_least_80(texts: list[tuple[str, str]]) -> None:
    scores = [textstat.flesch_reading_ease(t) for _, t in texts]
    assert statistics.median(scores) >= 80


def test_nine_in_ten_texts_score_at_least_60(texts: list[tuple[str, str]]) -> None:
    low = [(where, round(textstat.flesch_reading_ease(t))) for where, t in texts]
    low = [item for item in low if item[1] < 60]
    assert len(low) <= len(texts) // 10, f"moeilijk te lezen: {low}"


def test_sentences_are_short(texts: list[tuple[str, str]]) -> None:
    lengths = [textstat.words_per_sentence(t) for _, t in texts]
    assert statistics.median(lengths) <= 12


def test_the_measure_tells_hard_from_plain() -> None:
    plain = "Is er nu direct gevaar? Kan iemand nu gewond raken?"
    hard = "Een collega (zorgverlener of andere medewerker)"
    assert textstat.flesch_reading_ease(plain) >= 80 > 0 > textstat.flesch_reading_ease(hard)
