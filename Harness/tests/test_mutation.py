"""Mutation testing: the mutant list is stable, and Harness/MUTATION.md shows what the reports say."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from harness.mutation.mutants import OPERATORS, enumerate_mutants, sample
from harness.mutation.report import markdown_tables, remeasured, rescore
from harness.mutation.shards import MergeError, merge, parse_shard, shard_of
from harness.paths import DEFAULT_CONTRACT, DEFAULT_GOVERNANCE, HARNESS, REPO_ROOT, SURVIVORS_FILE

FIRST_RUN = [HARNESS / "mutation-report.json"]
AFTER_THE_GAPS = [*FIRST_RUN, HARNESS / "mutation-report-gaps.json", HARNESS / "mutation-report-pins.json"]


def test_every_classified_survivor_is_still_a_mutant_of_the_contract():
    from harness.mutation.report import classification_of, load_classifications

    # Spec 1.1.0-alpha.3 moved the governance operations, with their survivors, into the extension.
    mutants = [
        mutant
        for contract in (DEFAULT_CONTRACT, DEFAULT_GOVERNANCE)
        for mutant in enumerate_mutants(contract.read_text(encoding="utf-8"))
    ]
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


def test_the_whole_population_tables_are_those_the_shard_reports_give():
    text = (HARNESS / "MUTATION.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- mutate\.py --merge (.*?) --markdown -->\n(.*?)<!-- end -->", text, re.S)
    assert blocks, "no --merge marker in MUTATION.md"
    for arguments, block in blocks:
        shards_part, _, later_part = arguments.partition(" --then ")
        words = shards_part.split()
        merged = merge([REPO_ROOT / w for w in words if w != "--partial"], SURVIVORS_FILE, partial="--partial" in words)
        if later_part:
            merged = remeasured(merged, [REPO_ROOT / w for w in later_part.split()], SURVIVORS_FILE)
        assert block == markdown_tables(merged)


def test_mutation_md_tables_are_those_the_reports_give():
    text = (HARNESS / "MUTATION.md").read_text(encoding="utf-8")
    assert _section(text, "## First run") == markdown_tables(rescore(FIRST_RUN, SURVIVORS_FILE))
    assert _section(text, "## After closing the gaps") == markdown_tables(rescore(AFTER_THE_GAPS, SURVIVORS_FILE))
    # Every --rescore block, whatever its section, is its command's output.
    blocks = re.findall(r"<!-- mutate\.py --rescore (.*?) --markdown -->\n(.*?)<!-- end -->", text, re.S)
    assert len(blocks) >= 2
    for arguments, block in blocks:
        assert block == markdown_tables(rescore([REPO_ROOT / name for name in arguments.split()], SURVIVORS_FILE))


def _shard_reports(tmp_path: Path, count: int) -> list[Path]:
    """The first run's report cut into shard reports as `mutate.py --shard I/N` writes them."""
    report = json.loads(FIRST_RUN[0].read_text(encoding="utf-8"))
    settings = {
        "contractSha256": "0" * 64,
        "only": None,
        "evm": "revm",
        "scenarioSha256": "1" * 64,
        "selected": len(report["mutants"]),
    }
    mutants = [dict(item, position=position) for position, item in enumerate(report["mutants"])]
    paths = []
    for index in range(count):
        shard = dict(report, **settings, shard={"index": index, "count": count}, mutants=mutants[index::count])
        path = tmp_path / f"shard-{index}.json"
        path.write_text(json.dumps(shard), encoding="utf-8")
        paths.append(path)
    return paths


def test_shards_are_disjoint_and_cover_the_selection():
    mutants = enumerate_mutants(DEFAULT_CONTRACT.read_text(encoding="utf-8"))
    shards = [shard_of(mutants, index, 7) for index in range(7)]
    assert sorted(m.id for shard in shards for m in shard) == sorted(m.id for m in mutants)
    assert max(map(len, shards)) - min(map(len, shards)) <= 1
    assert parse_shard("3/7") == (3, 7)
    for bad in ("7/7", "1", "-1/3", "1/0", "a/b"):
        with pytest.raises(ValueError, match="--shard must be I/N"):
            parse_shard(bad)


def test_merging_the_shards_gives_the_counts_of_the_whole_run(tmp_path):
    whole = rescore(FIRST_RUN, SURVIVORS_FILE)
    merged = merge(list(reversed(_shard_reports(tmp_path, 3))), SURVIVORS_FILE)
    assert (merged["counts"], merged["score"], merged["operators"]) == (
        whole["counts"],
        whole["score"],
        whole["operators"],
    )
    assert [m["id"] for m in merged["mutants"]] == [m["id"] for m in whole["mutants"]]


def test_a_merge_refuses_a_missing_a_repeated_an_interrupted_shard_and_other_settings(tmp_path):
    shards = _shard_reports(tmp_path, 3)
    with pytest.raises(MergeError, match="shards 1/3 missing"):
        merge([shards[0], shards[2]], SURVIVORS_FILE)
    partial = merge([shards[0], shards[2]], SURVIVORS_FILE, partial=True)
    assert partial["missingShards"] == ["1/3"]
    assert markdown_tables(partial).startswith(f"PARTIAL: shards 1/3 are missing; {partial['counts']['sampled']} of")
    with pytest.raises(MergeError, match="shard 0/3 appears twice"):
        merge([shards[0], shards[1], shards[2], shards[0]], SURVIVORS_FILE)
    document = json.loads(shards[1].read_text())
    shards[1].write_text(json.dumps(dict(document, evm="py-evm")))
    with pytest.raises(MergeError, match=f"{shards[1]}: 'evm' is 'py-evm', but {shards[0]} has 'revm'"):
        merge(shards, SURVIVORS_FILE)
    shards[1].write_text(json.dumps(dict(document, mutants=document["mutants"][:-1])))
    with pytest.raises(MergeError, match="an interrupted shard"):
        merge(shards, SURVIVORS_FILE)
    (tmp_path / "four").mkdir()
    other = _shard_reports(tmp_path / "four", 4)
    with pytest.raises(MergeError, match="is a shard of 3"):
        merge([shards[0], other[1]], SURVIVORS_FILE)


def test_a_later_report_without_the_vectors_stage_keeps_the_earlier_vectors_result(tmp_path):
    first = json.loads(FIRST_RUN[0].read_text(encoding="utf-8"))
    entry = next(
        m for m in first["mutants"] if m["compiled"] and m["vectors"]["killed"] and not m["scenarios"]["killed"]
    )
    rerun = {k: v for k, v in entry.items() if k != "vectors"}
    rerun["scenarios"] = {"killed": True, "detail": "a later run", "seconds": 1.0}
    later = tmp_path / "later.json"
    later.write_text(json.dumps(dict(first, mutants=[rerun])), encoding="utf-8")
    before = rescore(FIRST_RUN, SURVIVORS_FILE)["counts"]
    after = rescore([*FIRST_RUN, later], SURVIVORS_FILE)
    rescored = next(m for m in after["mutants"] if m["id"] == entry["id"])
    assert rescored["vectors"] == entry["vectors"]
    assert rescored["scenarios"]["detail"] == "a later run"
    assert after["counts"]["killed by margin diff"] == before["killed by margin diff"] + 1
    assert after["counts"]["killed by vectors"] == before["killed by vectors"]


@pytest.mark.parametrize("option", [["--scenarios", "0"], ["--scenarios", "-3"], ["--calls", "0"]])
def test_a_margin_diff_stage_with_nothing_to_replay_is_refused(option, capsys):
    from harness.mutation.cli import main

    with pytest.raises(SystemExit) as exit:
        main([*option, "--only", "M0001"])
    assert exit.value.code == 2
    assert f"{option[0]} must be at least 1" in capsys.readouterr().err


def test_a_mutant_of_the_governance_extension_runs_beside_the_engine_unchanged(margin_binary, tmp_path, capsys):
    from harness.mutation.cli import main

    mutants = enumerate_mutants(DEFAULT_GOVERNANCE.read_text(encoding="utf-8"))
    # requireGarch without its check: the vectors' InvalidGarchParams cases kill it.
    mutant = next(m for m in mutants if m.function == "requireGarch" and m.operator == "dropped-check")
    out = tmp_path / "report.json"
    options = ["--only", mutant.id, "--scenarios", "1", "--calls", "20", "--jobs", "1", "--margin", str(margin_binary)]
    assert main(["--target", "governance", *options, "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert (report["contract"], report["unchanged"]) == ("Contracts/MarginGovernance.vy", "Contracts/MarginEngine.vy")
    [entry] = report["mutants"]
    assert entry["id"] == mutant.id
    assert entry["vectors"]["killed"], entry
    assert "baseline: the unmutated contract passes" in capsys.readouterr().out
