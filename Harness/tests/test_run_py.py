"""run.py's command line: exit codes, messages that name the file and the place, outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_py

from harness.builder import GLOBAL_PARAMS, LIST_ASSET, OWNER, WAD, ScenarioBuilder
from harness.paths import DEFAULT_CONTRACT, VECTORS


def _two_listings() -> ScenarioBuilder:
    b = ScenarioBuilder("bad: decreasing timestamps", 1_700_000_000, GLOBAL_PARAMS)
    b.call(OWNER, 1_700_000_010, LIST_ASSET, 18, WAD, WAD)
    b.call(OWNER, 1_700_000_005, LIST_ASSET, 18, WAD, WAD)
    return b


BAD_SCENARIOS = {
    "decreasing timestamps": (lambda d: d, "$.calls[1].timestamp"),
    "number instead of a decimal string": (lambda d: dict(d, deployTimestamp=1700000000), "$.deployTimestamp"),
    "unknown key": (lambda d: dict(d, extra="x"), "$.extra"),
    "bad address": (lambda d: dict(d, deployer="0x1234"), "$.deployer"),
    "wrong version": (lambda d: dict(d, scenarioVersion="2"), "$.scenarioVersion"),
    "static not a boolean": (lambda d: dict(d, calls=[dict(d["calls"][0], static="no")]), "$.calls[0].static"),
}


@pytest.mark.parametrize("name", BAD_SCENARIOS)
def test_a_bad_scenario_exits_2_naming_file_and_place_and_writes_nothing(name, tmp_path):
    change, place = BAD_SCENARIOS[name]
    path, out = tmp_path / "bad.json", tmp_path / "bad.trace.jsonl"
    path.write_text(json.dumps(change(_two_listings().document())))
    result = run_py("--scenario", str(path), "--out", str(out))
    assert (result.returncode, str(path) in result.stderr, place in result.stderr, out.exists()) == (
        2,
        True,
        True,
        False,
    ), result.stderr


def test_invalid_json_exits_2_naming_line_and_column(tmp_path):
    path = tmp_path / "truncated.json"
    path.write_text("{")
    result = run_py("--scenario", str(path), "--out", str(tmp_path / "t.jsonl"))
    assert result.returncode == 2
    assert f"{path}: line 1 column 2: invalid JSON" in result.stderr


def test_a_contract_that_does_not_compile_exits_2(tmp_path):
    contract = tmp_path / "broken.vy"
    contract.write_text("x = \n")
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(ScenarioBuilder("empty", 1, GLOBAL_PARAMS).document()))
    result = run_py("--scenario", str(scenario), "--out", str(tmp_path / "t.jsonl"), "--contract", str(contract))
    assert result.returncode == 2
    assert f"{contract}: the contract does not compile: SyntaxException" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "one of the arguments --scenario --vectors --compare-traces is required"),
        (["--scenario", "s.json"], "--scenario needs --out"),
        (["--scenario", "s.json", "--out", "t", "--junit", "x"], "--junit goes with --vectors"),
        (["--vectors", "Vectors", "--out", "t"], "--out goes with --scenario"),
    ],
)
def test_usage_errors_exit_2(args, message):
    result = run_py(*args)
    assert (result.returncode, message in result.stderr) == (2, True), result.stderr


@pytest.fixture
def two_cases(tmp_path: Path) -> Path:
    folder = tmp_path / "vectors"
    for case in ("deposit/basic/usdc.json", "settleTrade/boundaries/buyer-equity-one-wei-below-im.json"):
        (folder / case).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(VECTORS / case, folder / case)
    return folder


def test_vectors_that_pass_exit_0_with_a_junit_report(two_cases, tmp_path):
    junit = tmp_path / "report.xml"
    result = run_py("--vectors", str(two_cases), "--junit", str(junit))
    assert (result.returncode, result.stdout) == (0, "2 passed, 0 failed\n"), result.stderr
    assert '<testcase classname="vector" name="deposit/basic/usdc.json"' in junit.read_text()


def test_a_hand_edited_case_fails_with_exit_1_naming_the_hash(two_cases):
    case = two_cases / "deposit/basic/usdc.json"
    document = json.loads(case.read_text())
    document["call"]["timestamp"] = str(int(document["call"]["timestamp"]) + 1)
    case.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    result = run_py("--vectors", str(two_cases))
    assert result.returncode == 1
    assert f"{case}: mismatch at $._info.hash: expected 0x" in result.stdout
    assert result.stdout.endswith("1 passed, 1 failed\n")


def test_a_malformed_case_exits_2_and_runs_nothing(two_cases):
    (two_cases / "broken.json").write_text('{"_info": 1}')
    result = run_py("--vectors", str(two_cases))
    assert result.returncode == 2
    assert f"{two_cases / 'broken.json'}: $.deployment: missing required key" in result.stderr
    assert "1 of 3 case files are malformed; nothing was run" in result.stderr
    assert result.stdout == ""


@pytest.fixture
def constructor_cases(tmp_path: Path) -> Path:
    folder = tmp_path / "vectors"
    for case in ("constructor/errors/oracle-zero.json", "constructor/errors/maxOracleAge-below-lo.json"):
        (folder / case).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(VECTORS / case, folder / case)
    return folder


def test_constructor_cases_pass_on_the_contract(constructor_cases):
    result = run_py("--vectors", str(constructor_cases))
    assert (result.returncode, result.stdout) == (0, "2 passed, 0 failed\n"), result.stderr


def test_a_constructor_that_skips_its_zero_address_check_fails_its_case(constructor_cases, tmp_path):
    source = DEFAULT_CONTRACT.read_text()
    check = "if governance == empty(address) or oracle == empty(address) or exchange == empty(address):   # 1"
    assert source.count(check) == 1  # the constructor's step 1
    mutant = tmp_path / "mutant.vy"
    mutant.write_text(source.replace(check, "if False:"))
    result = run_py("--vectors", str(constructor_cases), "--contract", str(mutant))
    assert result.returncode == 1, result.stderr
    case = constructor_cases / "constructor/errors/oracle-zero.json"
    assert f"{case}: mismatch at $.expect.status: expected revert 0x" in result.stdout
    assert "got a successful deployment" in result.stdout
    assert result.stdout.endswith("1 passed, 1 failed\n")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: dict(d, expect={"status": "success", "returnData": "0x", "returns": [], "events": []}),
            '$.expect.status: a constructor case pins a deployment that reverts, expected "revert", got "success"',
        ),
        (
            lambda d: dict(d, deployment=dict(d["deployment"], events=[])),
            "$.deployment.events: unknown key",
        ),
        (lambda d: dict(d, setup=[]), "$.call: missing required key"),
    ],
)
def test_a_malformed_constructor_case_exits_2(constructor_cases, change, message):
    case = constructor_cases / "constructor/errors/oracle-zero.json"
    case.write_text(json.dumps(change(json.loads(case.read_text()))))
    result = run_py("--vectors", str(constructor_cases))
    assert (result.returncode, f"{case}: {message}" in result.stderr) == (2, True), result.stderr
