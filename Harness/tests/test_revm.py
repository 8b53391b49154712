"""revm as a second referee: the same scenario gives the same trace on py-evm and revm outside gas,
the vector corpus passes on revm, and a changed contract fails there too."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import run_py

from harness.mutation.mutants import enumerate_mutants
from harness.paths import DEFAULT_CONTRACT, VECTORS
from harness.trace_compare import first_difference, read_trace_frames


def _scenario(margin: Path, seed: int, calls: int, folder: Path) -> Path:
    path = folder / f"scenario-{seed}.json"
    done = subprocess.run(
        [str(margin), "scenario", "--seed", str(seed), "--calls", str(calls), "--out", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return path


def _trace(scenario: Path, evm: str) -> Path:
    out = scenario.with_suffix(f".{evm}.jsonl")
    result = run_py("--scenario", str(scenario), "--out", str(out), "--evm", evm)
    assert result.returncode == 0, result.stderr
    return out


def test_a_seeded_scenario_gives_the_same_trace_on_py_evm_and_revm_outside_gas(margin_binary, tmp_path):
    scenario = _scenario(margin_binary, 7, 120, tmp_path)
    py_evm, revm = _trace(scenario, "py-evm"), _trace(scenario, "revm")
    frames = read_trace_frames(revm)
    # The comparison covers what matters: custom-error reverts with data, and events.
    assert any("error" in f and f["output"] != "0x" for f in frames), "the scenario has no revert with data"
    assert sum(len(f["logs"]) for f in frames) > 0, "the scenario emits no event"
    difference = first_difference(read_trace_frames(py_evm), frames)
    assert difference is None, difference.message("py-evm", "revm")

    result = run_py("--compare-traces", str(py_evm), str(revm))
    assert result.returncode == 0, result.stdout + result.stderr
    # py-evm's trace has the delegation frames; revm's has none (pyrevm gives no call frames), so margin diff
    # reads it with --flat-calls, and without it finds the first governance call's frame missing.
    for trace, options in ((py_evm, []), (revm, ["--flat-calls"])):
        diff = subprocess.run([str(margin_binary), "diff", str(trace), *options], capture_output=True, text=True)
        assert diff.returncode == 0, f"margin diff {trace}: {diff.stdout}{diff.stderr}"
    assert any(f["calls"] for f in read_trace_frames(py_evm)), "the scenario has no governance call"
    strict = subprocess.run([str(margin_binary), "diff", str(revm)], capture_output=True, text=True)
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "call frames: no sub-call" in strict.stdout, strict.stdout


def _write(frames: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(f, sort_keys=True, separators=(",", ":")) + "\n" for f in frames))
    return path


def test_compare_traces_names_the_first_differing_frame_and_ignores_gas(margin_binary, tmp_path):
    revm = _trace(_scenario(margin_binary, 3, 20, tmp_path), "revm")
    frames = read_trace_frames(revm)
    other = [dict(f) for f in frames]
    for frame in other:
        frame["gasUsed"] = hex(int(frame["gasUsed"], 16) + 1)
    assert run_py("--compare-traces", str(revm), str(_write(other, tmp_path / "gas.jsonl"))).returncode == 0

    index = next(i for i, f in enumerate(other) if f["logs"])
    log = dict(other[index]["logs"][0], data="0x" + "00" * 32)
    other[index] = dict(other[index], logs=[log, *other[index]["logs"][1:]])
    changed = _write(other, tmp_path / "changed.jsonl")
    result = run_py("--compare-traces", str(revm), str(changed))
    assert result.returncode == 1, result.stderr
    field = "logs (the transaction's, sub-calls' included)"
    assert f"line {index + 1} (frame {index}; 0 and 1 are the deployment): {field} differs:" in result.stdout

    shorter = _write(frames[:-1], tmp_path / "shorter.jsonl")
    result = run_py("--compare-traces", str(revm), str(shorter))
    assert (result.returncode, f"line {len(frames)} (frame" in result.stdout) == (1, True), result.stdout


def test_compare_traces_refuses_a_malformed_trace_naming_file_and_line(tmp_path):
    good = {
        "block": {"number": "1", "timestamp": "1"},
        "type": "CALL",
        "from": "0x" + "11" * 20,
        "to": "0x" + "22" * 20,
        "value": "0x0",
        "gas": "0x1",
        "gasUsed": "0x1",
        "input": "0x",
        "output": "0x",
        "logs": [],
        "calls": [],
    }
    first = _write([good], tmp_path / "a.jsonl")
    broken = tmp_path / "b.jsonl"
    broken.write_text(json.dumps(good) + "\n{not json\n")
    result = run_py("--compare-traces", str(first), str(broken))
    assert result.returncode == 2
    assert f"{broken}: line 2: " in result.stderr
    unknown = _write([dict(good, extra=1)], tmp_path / "c.jsonl")
    result = run_py("--compare-traces", str(first), str(unknown))
    assert (result.returncode, f"{unknown}: line 1: $.extra: unknown key" in result.stderr) == (2, True), result.stderr


def test_the_vector_corpus_passes_on_revm():
    result = run_py("--vectors", str(VECTORS), "--evm", "revm")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert result.stdout.endswith(" passed, 0 failed\n")
    assert "(revm)" in result.stderr


def test_a_contract_with_a_sign_flip_fails_the_vectors_on_revm(tmp_path):
    source = DEFAULT_CONTRACT.read_text(encoding="utf-8")
    flip = next(m for m in enumerate_mutants(source) if m.operator == "sign" and m.function == "deposit")
    contract = tmp_path / "flipped.vy"
    contract.write_text(flip.apply(source), encoding="utf-8")
    result = run_py("--vectors", str(VECTORS), "--evm", "revm", "--contract", str(contract))
    assert result.returncode == 1, f"{flip.describe()} passed every vector on revm: {result.stderr}"
    assert "mismatch at" in result.stdout
