"""Shared fixtures: the compiled contract, running a scenario through run.py, the margin binary."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.contract import compile_contract
from harness.paths import DEFAULT_CONTRACT, DEFAULT_MARGIN, RUN_PY

Trace = tuple[list[dict[str, Any]], bytes]


@pytest.fixture(scope="session")
def initcode() -> bytes:
    return compile_contract(DEFAULT_CONTRACT)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--margin",
        type=Path,
        default=DEFAULT_MARGIN,
        help="the model's margin binary, for the tests that diff against it (default: .build/debug/margin)",
    )


@pytest.fixture(scope="session")
def margin_binary(request: pytest.FixtureRequest) -> Path:
    """The model's `margin` binary (where `swift build` puts it, or --margin); a test that needs it fails without it."""
    margin: Path = request.config.getoption("--margin")
    if not margin.is_file():
        pytest.fail(f"{margin}: no margin binary; run `swift build` first, or pass --margin PATH")
    return margin


def run_py(*args: str) -> subprocess.CompletedProcess[str]:
    """run.py as a user runs it: a subprocess of this interpreter."""
    return subprocess.run([sys.executable, str(RUN_PY), *args], capture_output=True, text=True)


@pytest.fixture
def run_trace(tmp_path: Path) -> Callable[[dict[str, Any], str], Trace]:
    """Writes a scenario document, runs `run.py --scenario` on it; returns (trace lines, trace bytes)."""

    def run(document: dict[str, Any], name: str) -> Trace:
        scenario_path, trace_path = tmp_path / f"{name}.json", tmp_path / f"{name}.trace.jsonl"
        scenario_path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
        result = run_py("--scenario", str(scenario_path), "--out", str(trace_path))
        assert result.returncode == 0, f"run.py failed on {scenario_path} ({result.returncode}): {result.stderr}"
        raw = trace_path.read_bytes()
        return [json.loads(line) for line in raw.decode().splitlines()], raw

    return run
