"""Mutation testing: the mutant list is stable, and Harness/MUTATION.md shows what the reports say."""

from __future__ import annotations

import re

from harness.mutation.mutants import OPERATORS, enumerate_mutants, sample
from harness.mutation.report import markdown_tables, rescore
from harness.paths import DEFAULT_CONTRACT, HARNESS, SURVIVORS_FILE

FIRST_RUN = [HARNESS / "mutation-report.json"]
AFTER_THE_GAPS = [*FIRST_RUN, HARNESS / "mutation-report-gaps.json", HARNESS / "mutation-report-pins.json"]


def test_every_classified_survivor_is_still_a_mutant_of_the_contract():
    from harness.mutation.report import classification_of, load_classifications

    mutants = enumerate_mutants(DEFAULT_CONTRACT.read_text(encoding="utf-8"))
    classifications = load_classifications(SURVIVORS_FILE)
    assert classifications, f"no classification in {SURVIVORS_FILE}"
    unmatched = [e["id"] for e in classifications if not any(classification_of(m, [e]) for m in mutants)]
    assert unmatched == []


def test_the_sample_takes_the_operators_in_turn():
    mutants = enumerate_mutants(DEFAULT_CONTRACT.read_text(encoding="utf-8"))
    chosen = sample(mutants, 12, seed=1)
    assert sorted(m.operator for m in chosen) == sorted(OPERATORS * 2)
    assert chosen == sample(mutants, 12, seed=1)


def _section(text: str, heading: str) -> str:
    """The generated block under a heading of MUTATION.md (between the markers)."""
    start = text.index(heading)
    block = re.search(r"<!-- mutate\.py [^>]*-->\n(.*?)<!-- end -->", text[start:], re.S)
    assert block is not None, f"no generated block under {heading!r}"
    return block.group(1)


def test_mutation_md_tables_are_those_the_reports_give():
    text = (HARNESS / "MUTATION.md").read_text(encoding="utf-8")
    assert _section(text, "## First run") == markdown_tables(rescore(FIRST_RUN, SURVIVORS_FILE))
    assert _section(text, "## After closing the gaps") == markdown_tables(rescore(AFTER_THE_GAPS, SURVIVORS_FILE))
