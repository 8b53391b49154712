"""Every gap mutant of Harness/mutation-survivors.json is killed by its probe, and the contract passes it.

Each probe (harness.mutation.probes) runs through run.py and `margin diff`
twice: on the contract, where the model must agree, and on the mutant, where
it must diverge. About 3 minutes: marker `slow`.
"""

from __future__ import annotations

import pytest

from harness.mutation.mutants import enumerate_mutants
from harness.mutation.probes import PROBES, diverges
from harness.mutation.report import classification_of, load_classifications
from harness.paths import DEFAULT_CONTRACT, DEFAULT_GOVERNANCE, SURVIVORS_FILE

GAPS = [e["id"] for e in load_classifications(SURVIVORS_FILE) if e.get("verdict") == "gap"]


def test_every_gap_has_a_probe():
    assert GAPS, f"no gap in {SURVIVORS_FILE}"
    assert sorted(set(GAPS) - set(PROBES)) == []


@pytest.mark.slow
@pytest.mark.parametrize("mutant_id", GAPS)
def test_the_probe_kills_the_mutant_and_passes_on_the_contract(mutant_id, margin_binary, tmp_path):
    entry = next(e for e in load_classifications(SURVIVORS_FILE) if e["id"] == mutant_id)
    # Spec 1.1.0-alpha.3 moved the governance operations, with their survivors, into the extension.
    found = [
        (path, source, mutant)
        for path in (DEFAULT_CONTRACT, DEFAULT_GOVERNANCE)
        for source in [path.read_text(encoding="utf-8")]
        for mutant in enumerate_mutants(source)
        if classification_of(mutant, [entry])
    ]
    assert found, f"{mutant_id} is not in the contracts any more (its line changed); update mutation-survivors.json"
    path, source, mutant = found[0]
    mutated = tmp_path / f"{mutant_id}.vy"
    mutated.write_text(mutant.apply(source), encoding="utf-8")
    engine, governance = (mutated, DEFAULT_GOVERNANCE) if path == DEFAULT_CONTRACT else (DEFAULT_CONTRACT, mutated)
    document = PROBES[mutant_id]().document()

    original_diverges, detail = diverges(document, DEFAULT_CONTRACT, margin_binary, tmp_path, "original")
    assert not original_diverges, f"the contract diverges from the model: {detail}"
    mutant_diverges, _ = diverges(document, engine, margin_binary, tmp_path, "mutant", governance)
    assert mutant_diverges, f"{mutant.describe()}: the mutant does not diverge"
