"""The two stages a mutant goes through, each a subprocess as a user would run it.

1. stage "vectors": `run.py --vectors Vectors --contract MUTANT --evm E`; killed when a
   case fails (exit 1);
2. stage "scenarios" (margin diff): for each pre-generated scenario
   (`margin scenario --seed S --calls C`), `run.py --scenario ... --contract
   MUTANT --evm E` then `margin diff TRACE`; killed at the first divergence (exit 1),
   including a failed deployment.

A mutant that does not compile is counted apart (run.py exits 2 saying so).
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness.mutation.mutants import Mutant
from harness.paths import REPO_ROOT, RUN_PY


@dataclass
class StageResult:
    killed: bool
    detail: str  # where and how it was killed, or why it survived
    seconds: float


@dataclass
class MutantResult:
    mutant: Mutant
    compiled: bool = True
    compile_error: str = ""
    vectors: StageResult | None = None
    scenarios: StageResult | None = None
    deployment_failed: bool = False
    position: int | None = None  # place in the selected list, which decides the shard

    @property
    def killed(self) -> bool:
        return any(stage is not None and stage.killed for stage in (self.vectors, self.scenarios))


@dataclass
class Setup:
    python: str
    evm: str  # run.py --evm
    margin: Path
    vectors: Path | None
    scenarios: list[Path]
    workdir: Path
    timeout: float
    log_lock: threading.Lock = field(default_factory=threading.Lock)


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT)
    except subprocess.TimeoutExpired:
        return None


def _compile_error(stderr: str) -> str:
    """The compiler's message from run.py's `... the contract does not compile: <message>`."""
    last = stderr.strip().splitlines()[-1]
    return last.split("does not compile: ", 1)[-1]


def run_vectors(setup: Setup, contract: Path) -> tuple[StageResult, str | None]:
    """Returns (result, compile error or None)."""
    assert setup.vectors is not None
    start = time.perf_counter()
    done = _run(
        [setup.python, str(RUN_PY), "--vectors", str(setup.vectors), "--contract", str(contract), "--evm", setup.evm],
        setup.timeout,
    )
    seconds = time.perf_counter() - start
    if done is None:
        return StageResult(True, f"timeout after {setup.timeout:.0f} s", seconds), None
    if done.returncode == 2 and "does not compile" in done.stderr:
        return StageResult(False, "", seconds), _compile_error(done.stderr)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"run.py --vectors exited {done.returncode} on {contract}: {done.stderr.strip()}")
    lines = done.stdout.strip().splitlines()
    summary = lines[-1] if lines else ""
    if done.returncode == 0:
        return StageResult(False, summary, seconds), None
    first = lines[0] if lines else ""
    first = first.replace(str(setup.vectors) + "/", "")
    return StageResult(True, f"{summary}; first: {first[:300]}", seconds), None


def run_scenarios(setup: Setup, contract: Path, tag: str) -> tuple[StageResult, str | None, bool]:
    """Returns (result, compile error or None, whether the deployment failed)."""
    start = time.perf_counter()
    for scenario in setup.scenarios:
        trace = setup.workdir / f"{tag}.{scenario.stem}.trace.jsonl"
        done = _run(
            [
                setup.python,
                str(RUN_PY),
                "--scenario",
                str(scenario),
                "--out",
                str(trace),
                "--contract",
                str(contract),
                "--evm",
                setup.evm,
            ],
            setup.timeout,
        )
        if done is None:
            return (
                StageResult(
                    True, f"{scenario.stem}: run.py timeout after {setup.timeout:.0f} s", time.perf_counter() - start
                ),
                None,
                False,
            )
        if done.returncode == 2 and "does not compile" in done.stderr:
            return StageResult(False, "", time.perf_counter() - start), _compile_error(done.stderr), False
        if done.returncode != 0:
            raise RuntimeError(f"run.py --scenario exited {done.returncode} on {contract}: {done.stderr.strip()}")
        with trace.open() as handle:
            deployment_failed = "error" in json.loads(handle.readline())
        diff = _run([str(setup.margin), "diff", str(trace), "--json"], setup.timeout)
        if diff is None or diff.returncode not in (0, 1):
            raise RuntimeError(f"margin diff failed on {trace}: {diff.stderr.strip() if diff else 'timeout'}")
        if diff.returncode == 1:
            report = json.loads(diff.stdout)
            first = report["divergences"][0] if report.get("divergences") else {}
            contract_side = first.get("expected", {}).get("decoded", "")
            model_side = first.get("actual", {}).get("decoded", "")
            detail = (
                f"{scenario.stem}: call {first.get('index')} {first.get('call', '')[:120]}: {first.get('field', '')}; "
                f"contract {contract_side[:160]}; model {model_side[:160]}"
            )
            trace.unlink(missing_ok=True)
            return StageResult(True, detail, time.perf_counter() - start), None, deployment_failed
        trace.unlink(missing_ok=True)
    count = len(setup.scenarios)
    return (
        StageResult(
            False, f"no divergence in {count} scenario{'s' if count != 1 else ''}", time.perf_counter() - start
        ),
        None,
        False,
    )


def measure_mutant(setup: Setup, mutant: Mutant, source: str) -> MutantResult:
    contract = setup.workdir / f"{mutant.id}.vy"
    contract.write_text(mutant.apply(source), encoding="utf-8")
    result = MutantResult(mutant)
    if setup.vectors is not None:
        result.vectors, error = run_vectors(setup, contract)
        if error:
            result.compiled, result.compile_error, result.vectors = False, error, None
            return result
    result.scenarios, error, result.deployment_failed = run_scenarios(setup, contract, mutant.id)
    if error:
        result.compiled, result.compile_error, result.scenarios = False, error, None
    return result
