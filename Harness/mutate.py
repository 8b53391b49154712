#!/usr/bin/env python3
"""Mutation testing of the Vyper contract against the Swift model (issue #4).

    mutate.py [--limit 80] [--seed 1] [--jobs 2] [--out REPORT.json]
              [--scenarios 4] [--calls 500] [--no-vectors] [--only M0012,M0345]
              [--list] [--keep DIR] [--contract PATH] [--margin PATH]
    mutate.py --rescore REPORT.json [--out REPORT.json]

Parses Contracts/MarginEngine.vy with Vyper's own parser and lists every
mutant the operators below produce, deterministically, by source position.
Each mutant is a copy of the contract with one edit:

| operator | edit |
|---|---|
| rounding | `self.mulUp(` <-> `self.mulDown(`; `self.divUp(a, d)` -> `(a // d)`; `a // d` -> `self.divUp(a, d)`; `self.sqrtUp(x)` -> `isqrt(x)` |
| boundary | `<` <-> `<=`, `>` <-> `>=` |
| constant | an integer literal or constant expression N -> N + 1 and N - 1 (N > 0) |
| min-max | `min(` <-> `max(` |
| dropped-check | `if COND:` whose body only reverts -> `if False:`; a `self.require...(...)` statement -> `pass` |
| sign | `+` <-> `-` (binary); unary `-x` -> `x` |

A deterministic sample (`--limit`, `--seed`) takes the operators in turn,
so every operator gets an equal share. For each sampled mutant:

1. compile it (titanoboa; a mutant that does not compile is counted apart);
2. stage "vectors": `run.py --vectors Vectors --contract MUTANT`; killed when a
   case fails (exit 1);
3. stage "scenarios" (margin diff): for each pre-generated scenario
   (`margin scenario --seed S --calls C`), `run.py --scenario ... --contract
   MUTANT` then `margin diff TRACE`; killed at the first divergence (exit 1),
   including a failed deployment.

Both stages run on every mutant, so the report says which of them kills it.
The unmutated contract must pass both stages first. Survivors are listed with
the hand classification kept in Harness/mutation-survivors.json (equivalent,
or a gap in the scenario generator), matched by operator, function, the
line's text, column and replacement, so it survives unrelated edits.

score = killed / (compiled - equivalent), for each kill source.

Exit codes: 0 report written; 1 the unmutated contract fails a stage; 2 usage
or bad input; 3 internal error.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NoReturn

HARNESS = Path(__file__).resolve().parent
REPO_ROOT = HARNESS.parent
RUN_PY = HARNESS / "run.py"
DEFAULT_CONTRACT = REPO_ROOT / "Contracts" / "MarginEngine.vy"
DEFAULT_VECTORS = REPO_ROOT / "Vectors"
DEFAULT_MARGIN = REPO_ROOT / ".build" / "debug" / "margin"
SURVIVORS_FILE = HARNESS / "mutation-survivors.json"

OPERATORS = ("rounding", "boundary", "constant", "min-max", "dropped-check", "sign")


# ---------------------------------------------------------------------------
# Mutants
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Mutant:
    id: str               # M0001..: position in the full, ordered list
    operator: str
    function: str         # enclosing function, or "constant NAME"
    line: int             # 1-based
    column: int           # 0-based, of the replaced span
    start: int            # absolute offsets of the replaced span
    end: int
    original: str
    replacement: str
    line_text: str        # the original line, stripped: with the column, the stable key

    def key(self) -> dict[str, Any]:
        return {
            "operator": self.operator, "function": self.function, "line_text": self.line_text,
            "column": self.column, "original": self.original, "replacement": self.replacement,
        }

    def apply(self, source: str) -> str:
        return source[: self.start] + self.replacement + source[self.end :]

    def describe(self) -> str:
        return f"{self.id} line {self.line} ({self.function}) {self.operator}: `{self.original}` -> `{self.replacement}`"


class SourceMap:
    """Absolute offsets of (line, column) positions in the contract's text."""

    def __init__(self, source: str):
        self.source = source
        self.line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self.line_starts.append(index + 1)

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column

    def span(self, node: Any) -> tuple[int, int]:
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)

    def text(self, node: Any) -> str:
        start, end = self.span(node)
        return self.source[start:end]

    def line_of(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.line_starts[lo]


def _is_self_call(node: Any, names: set[str] | None = None, prefix: str | None = None) -> bool:
    import vyper.ast as vy_ast

    if not isinstance(node, vy_ast.Call) or not isinstance(node.func, vy_ast.Attribute):
        return False
    if not isinstance(node.func.value, vy_ast.Name) or node.func.value.id != "self":
        return False
    attr = node.func.attr
    return (names is not None and attr in names) or (prefix is not None and attr.startswith(prefix))


def _reverts(statement: Any) -> bool:
    """A statement that only reverts: raw_revert(...) or self.raiseX(...)."""
    import vyper.ast as vy_ast

    if not isinstance(statement, vy_ast.Expr) or not isinstance(statement.value, vy_ast.Call):
        return False
    call = statement.value
    if isinstance(call.func, vy_ast.Name) and call.func.id == "raw_revert":
        return True
    return _is_self_call(call, prefix="raise")


def _inside_annotation(node: Any) -> bool:
    """Whether node is part of a type (an annotation, a return type): changing it is not a mutation of behaviour."""
    import vyper.ast as vy_ast

    child, parent = node, node.get_ancestor()
    while parent is not None:
        if isinstance(parent, (vy_ast.AnnAssign, vy_ast.VariableDecl, vy_ast.arg)) and getattr(parent, "annotation", None) is child:
            return True
        if isinstance(parent, vy_ast.FunctionDef) and getattr(parent, "returns", None) is child:
            return True
        if isinstance(parent, vy_ast.Call) and isinstance(parent.func, vy_ast.Name) and parent.func.id in ("empty", "convert") and child is not parent.args[0]:
            return True
        child, parent = parent, parent.get_ancestor()
    return False


def _context(node: Any) -> str:
    import vyper.ast as vy_ast

    function = node.get_ancestor(vy_ast.FunctionDef)
    if function is not None:
        return function.name
    declaration = node.get_ancestor(vy_ast.VariableDecl)
    if declaration is not None:
        return f"constant {declaration.target.id}"
    return "<module>"


def enumerate_mutants(source: str) -> list[Mutant]:
    """Every mutant of the operators, in source order; raises on a parse error."""
    import vyper.ast as vy_ast

    module = vy_ast.parse_to_ast(source)
    smap = SourceMap(source)
    edits: list[tuple[int, int, str, str, Any]] = []   # (start, end, operator, replacement, node)

    def add(start: int, end: int, operator: str, replacement: str, node: Any) -> None:
        edits.append((start, end, operator, replacement, node))

    def in_scope(node: Any) -> bool:
        if node.get_ancestor(vy_ast.FunctionDef) is not None:
            return True
        declaration = node.get_ancestor(vy_ast.VariableDecl)
        return declaration is not None and declaration.is_constant

    def operator_token(left: Any, right: Any, tokens: tuple[str, ...]) -> tuple[int, int, str] | None:
        """The operator between two operands: its span and text (ignores parentheses around them)."""
        gap_start, gap_end = smap.span(left)[1], smap.span(right)[0]
        gap = source[gap_start:gap_end]
        if "#" in gap:
            return None
        for token in tokens:                       # longest first
            index = gap.find(token)
            if index >= 0:
                return gap_start + index, gap_start + index + len(token), token
        return None

    # rounding
    for call in module.get_descendants(vy_ast.Call):
        if not in_scope(call):
            continue
        if _is_self_call(call, {"mulUp", "mulDown"}):
            start, end = smap.span(call.func)
            swapped = "self.mulDown" if call.func.attr == "mulUp" else "self.mulUp"
            add(start, end, "rounding", swapped, call)
        elif _is_self_call(call, {"divUp"}) and len(call.args) == 2:
            start, end = smap.span(call)
            add(start, end, "rounding", f"({smap.text(call.args[0])} // {smap.text(call.args[1])})", call)
        elif _is_self_call(call, {"sqrtUp"}) and len(call.args) == 1:
            start, end = smap.span(call)
            add(start, end, "rounding", f"isqrt({smap.text(call.args[0])})", call)
    for binop in module.get_descendants(vy_ast.BinOp):
        if in_scope(binop) and isinstance(binop.op, vy_ast.FloorDiv):
            function = binop.get_ancestor(vy_ast.FunctionDef)
            if function is not None and function.name in ("mulDown", "mulUp", "divUp"):
                continue                           # divUp is built from //: it cannot call itself
            start, end = smap.span(binop)
            add(start, end, "rounding", f"self.divUp({smap.text(binop.left)}, {smap.text(binop.right)})", binop)

    # boundary
    flips = {vy_ast.Lt: "<=", vy_ast.LtE: "<", vy_ast.Gt: ">=", vy_ast.GtE: ">"}
    for compare in module.get_descendants(vy_ast.Compare):
        if not in_scope(compare) or type(compare.op) not in flips:
            continue
        token = operator_token(compare.left, compare.right, ("<=", ">=", "<", ">"))
        if token:
            add(token[0], token[1], "boundary", flips[type(compare.op)], compare)

    # constant: whole constant expressions, else integer literals
    covered: list[tuple[int, int]] = []

    def numeric_expression(node: Any) -> bool:
        if isinstance(node, vy_ast.Int):
            return True
        return isinstance(node, vy_ast.BinOp) and isinstance(node.op, (vy_ast.Pow, vy_ast.Mult)) and \
            numeric_expression(node.left) and numeric_expression(node.right)

    def off_by_one(node: Any) -> None:
        start, end = smap.span(node)
        covered.append((start, end))
        text = smap.text(node)
        if isinstance(node, vy_ast.Int):
            value = node.value
            add(start, end, "constant", str(value + 1), node)
            if value > 0:
                add(start, end, "constant", str(value - 1), node)
        else:
            add(start, end, "constant", f"{text} + 1", node)
            add(start, end, "constant", f"{text} - 1", node)

    for declaration in module.get_descendants(vy_ast.VariableDecl):
        if not declaration.is_constant:
            continue
        value = declaration.value
        elements = value.elements if isinstance(value, vy_ast.List) else [value]
        for element in elements:
            if numeric_expression(element):
                off_by_one(element)
    for binop in module.get_descendants(vy_ast.BinOp):
        if in_scope(binop) and not _inside_annotation(binop) and numeric_expression(binop):
            start, end = smap.span(binop)
            if not any(s <= start and end <= e for s, e in covered):
                off_by_one(binop)
    for literal in module.get_descendants(vy_ast.Int):
        if not in_scope(literal) or _inside_annotation(literal):
            continue
        start, end = smap.span(literal)
        if not any(s <= start and end <= e for s, e in covered):
            off_by_one(literal)

    # min-max
    for call in module.get_descendants(vy_ast.Call):
        if in_scope(call) and isinstance(call.func, vy_ast.Name) and call.func.id in ("min", "max"):
            start, end = smap.span(call.func)
            add(start, end, "min-max", "max" if call.func.id == "min" else "min", call)

    # dropped-check
    for statement in module.get_descendants(vy_ast.If):
        if in_scope(statement) and not statement.orelse and statement.body and all(_reverts(s) for s in statement.body):
            start, end = smap.span(statement.test)
            add(start, end, "dropped-check", "False", statement)
    for statement in module.get_descendants(vy_ast.Expr):
        if in_scope(statement) and _is_self_call(statement.value, prefix="require"):
            start, end = smap.span(statement)
            add(start, end, "dropped-check", "pass", statement)

    # sign
    for binop in module.get_descendants(vy_ast.BinOp):
        if in_scope(binop) and isinstance(binop.op, (vy_ast.Add, vy_ast.Sub)) and not numeric_expression(binop):
            token = operator_token(binop.left, binop.right, ("+", "-"))
            if token:
                add(token[0], token[1], "sign", "-" if token[2] == "+" else "+", binop)
    for unary in module.get_descendants(vy_ast.UnaryOp):
        if in_scope(unary) and isinstance(unary.op, vy_ast.USub):
            start, end = smap.span(unary)
            operand_start = smap.span(unary.operand)[0]
            add(start, end, "sign", source[operand_start:end], unary)

    mutants: list[Mutant] = []
    seen: set[tuple[int, int, str]] = set()
    for start, end, operator, replacement, node in sorted(edits, key=lambda e: (e[0], e[1], OPERATORS.index(e[2]), e[3])):
        original = source[start:end]
        if original == replacement or (start, end, replacement) in seen:
            continue
        seen.add((start, end, replacement))
        line, column = smap.line_of(start)
        mutants.append(Mutant(
            id="", operator=operator, function=_context(node), line=line, column=column, start=start, end=end,
            original=original, replacement=replacement,
            line_text=source[smap.line_starts[line - 1]:].split("\n", 1)[0].strip(),
        ))
    return [Mutant(**{**asdict(m), "id": f"M{i + 1:04d}"}) for i, m in enumerate(mutants)]


def sample(mutants: list[Mutant], limit: int, seed: int) -> list[Mutant]:
    """Up to limit mutants: operators in turn, each operator's mutants in a seeded random order."""
    if limit <= 0 or limit >= len(mutants):
        return list(mutants)
    rng = random.Random(seed)
    queues: dict[str, list[Mutant]] = {}
    for operator in OPERATORS:
        queue = [m for m in mutants if m.operator == operator]
        rng.shuffle(queue)
        queues[operator] = queue
    chosen: list[Mutant] = []
    while len(chosen) < limit:
        for operator in OPERATORS:
            if queues[operator] and len(chosen) < limit:
                chosen.append(queues[operator].pop())
    return sorted(chosen, key=lambda m: m.id)


# ---------------------------------------------------------------------------
# Stages
# ---------------------------------------------------------------------------

@dataclass
class StageResult:
    killed: bool
    detail: str                # where and how it was killed, or why it survived
    seconds: float


@dataclass
class MutantResult:
    mutant: Mutant
    compiled: bool = True
    compile_error: str = ""
    vectors: StageResult | None = None
    scenarios: StageResult | None = None
    deployment_failed: bool = False

    @property
    def killed(self) -> bool:
        return any(stage is not None and stage.killed for stage in (self.vectors, self.scenarios))


@dataclass
class Setup:
    python: str
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
    done = _run([setup.python, str(RUN_PY), "--vectors", str(setup.vectors), "--contract", str(contract)], setup.timeout)
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
        done = _run([setup.python, str(RUN_PY), "--scenario", str(scenario), "--out", str(trace), "--contract", str(contract)], setup.timeout)
        if done is None:
            return StageResult(True, f"{scenario.stem}: run.py timeout after {setup.timeout:.0f} s", time.perf_counter() - start), None, False
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
    return StageResult(False, f"no divergence in {count} scenario{'s' if count != 1 else ''}", time.perf_counter() - start), None, False


def test_mutant(setup: Setup, mutant: Mutant, source: str) -> MutantResult:
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


# ---------------------------------------------------------------------------
# Survivor classification and report
# ---------------------------------------------------------------------------

def load_classifications(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    document = json.loads(path.read_text(encoding="utf-8"))
    return list(document.get("survivors", []))


def classification_of(mutant: Mutant, classifications: list[dict[str, Any]]) -> dict[str, Any] | None:
    key = mutant.key()
    for entry in classifications:
        if all(entry.get(name) == value for name, value in key.items()):
            return entry
    return None


def score(killed: int, compiled: int, equivalent: int) -> float | None:
    denominator = compiled - equivalent
    return killed / denominator if denominator > 0 else None


def build_report(
    results: list[MutantResult], total: int, by_operator_total: dict[str, int],
    classifications: list[dict[str, Any]], vectors_stage: bool,
) -> dict[str, Any]:
    """Counts, scores, the per-operator table and every mutant's outcome (no run metadata)."""
    compiled = [r for r in results if r.compiled]
    killed_diff = [r for r in compiled if r.scenarios and r.scenarios.killed]
    killed_vectors = [r for r in compiled if r.vectors and r.vectors.killed]
    killed_any = [r for r in compiled if r.killed]
    survivors = [r for r in compiled if not r.killed]
    diff_survivors = [r for r in compiled if not (r.scenarios and r.scenarios.killed)]

    def verdict(r: MutantResult) -> dict[str, Any] | None:
        return classification_of(r.mutant, classifications)

    equivalent = [r for r in compiled if (verdict(r) or {}).get("verdict") == "equivalent"]
    operators = {}
    for operator in OPERATORS:
        mine = [r for r in results if r.mutant.operator == operator]
        operators[operator] = {
            "in contract": by_operator_total.get(operator, 0),
            "sampled": len(mine),
            "compiled": sum(1 for r in mine if r.compiled),
            "killed by margin diff": sum(1 for r in mine if r.compiled and r.scenarios and r.scenarios.killed),
            "killed by vectors": sum(1 for r in mine if r.compiled and r.vectors and r.vectors.killed),
            "killed by either": sum(1 for r in mine if r.compiled and r.killed),
            "equivalent": sum(1 for r in mine if r in equivalent),
        }

    def entry(r: MutantResult) -> dict[str, Any]:
        item: dict[str, Any] = {**asdict(r.mutant)}
        item.pop("start"), item.pop("end")
        item["compiled"] = r.compiled
        if not r.compiled:
            item["compileError"] = r.compile_error
        for name, stage in (("vectors", r.vectors), ("scenarios", r.scenarios)):
            if stage is not None:
                item[name] = {"killed": stage.killed, "detail": stage.detail, "seconds": round(stage.seconds, 1)}
        item["deploymentFailed"] = r.deployment_failed
        item["status"] = "not-compiled" if not r.compiled else ("killed" if r.killed else "survived")
        classification = verdict(r)
        if classification is not None and (not r.killed or not (r.scenarios and r.scenarios.killed)):
            item["classification"] = {"verdict": classification.get("verdict"), "why": classification.get("why")}
        return item

    n_equivalent = len(equivalent)
    return {
        "counts": {
            "mutants in contract": total,
            "sampled": len(results),
            "compiled": len(compiled),
            "not compiled": len(results) - len(compiled),
            "killed by margin diff": len(killed_diff),
            "killed by vectors": len(killed_vectors),
            "killed by vectors only": len([r for r in killed_vectors if r not in killed_diff]),
            "killed by margin diff only": len([r for r in killed_diff if r not in killed_vectors]),
            "killed by either": len(killed_any),
            "killed with a failed deployment": len([r for r in compiled if r.deployment_failed]),
            "survived both": len(survivors),
            "survived margin diff": len(diff_survivors),
            "equivalent": n_equivalent,
            "unclassified survivors of margin diff": len([r for r in diff_survivors if verdict(r) is None]),
        },
        "score": {
            "margin diff": score(len(killed_diff), len(compiled), n_equivalent),
            "vectors": score(len(killed_vectors), len(compiled), n_equivalent) if vectors_stage else None,
            "either": score(len(killed_any), len(compiled), n_equivalent),
        },
        "operators": operators,
        "mutants": [entry(r) for r in results],
    }


def print_summary(report: dict[str, Any]) -> None:
    counts, scores = report["counts"], report["score"]
    print()
    print(f"mutants in the contract: {counts['mutants in contract']}, sampled {counts['sampled']}, compiled {counts['compiled']}")
    by_vectors = f", by vectors {counts['killed by vectors']}" if report.get("vectors") else ""
    print(f"killed by margin diff {counts['killed by margin diff']}{by_vectors}, "
          f"by either {counts['killed by either']}; equivalent {counts['equivalent']}")
    for name, value in scores.items():
        if value is not None:
            print(f"score ({name}): {value:.1%}")
    print()
    print(f"{'operator':<14} {'sampled':>7} {'compiled':>8} {'diff':>5} {'vectors':>7} {'either':>6} {'equiv':>5}")
    for operator, row in report["operators"].items():
        print(f"{operator:<14} {row['sampled']:>7} {row['compiled']:>8} {row['killed by margin diff']:>5} "
              f"{row['killed by vectors']:>7} {row['killed by either']:>6} {row['equivalent']:>5}")
    survivors = [m for m in report["mutants"] if m["status"] != "not-compiled" and not m.get("scenarios", {}).get("killed")]
    if survivors:
        print()
        print("survivors of margin diff:")
        for m in survivors:
            verdict = m.get("classification", {}).get("verdict", "UNCLASSIFIED")
            by_vectors = " (killed by vectors)" if m.get("vectors", {}).get("killed") else ""
            print(f"  {m['id']} line {m['line']} {m['function']} {m['operator']}: `{m['original']}` -> `{m['replacement']}`"
                  f"{by_vectors}: {verdict}")


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def fail(message: str, code: int) -> NoReturn:
    print(f"mutate.py: error: {message}", file=sys.stderr)
    sys.exit(code)


def generate_scenarios(margin: Path, count: int, calls: int, folder: Path) -> list[Path]:
    """Scenario i (1..count) is `margin scenario --seed i --calls C` with the generator's defaults."""
    paths = []
    for seed in range(1, count + 1):
        path = folder / f"scenario-seed{seed}.json"
        done = subprocess.run([str(margin), "scenario", "--seed", str(seed), "--calls", str(calls), "--out", str(path)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            fail(f"margin scenario --seed {seed} failed: {done.stderr.strip()}", 3)
        paths.append(path)
    return paths


def rescore(path: Path, survivors: Path) -> dict[str, Any]:
    """Re-reads a report and applies the current survivor classification (no mutant is re-run)."""
    report = json.loads(path.read_text(encoding="utf-8"))
    results = []
    for item in report["mutants"]:
        mutant = Mutant(
            id=item["id"], operator=item["operator"], function=item["function"], line=item["line"],
            column=item["column"], start=0, end=0, original=item["original"], replacement=item["replacement"],
            line_text=item["line_text"],
        )
        result = MutantResult(mutant, compiled=item["compiled"], compile_error=item.get("compileError", ""),
                              deployment_failed=item.get("deploymentFailed", False))
        for name in ("vectors", "scenarios"):
            if name in item:
                stage = StageResult(item[name]["killed"], item[name]["detail"], item[name]["seconds"])
                setattr(result, name, stage)
        results.append(result)
    totals = {op: row["in contract"] for op, row in report["operators"].items()}
    fresh = build_report(results, report["counts"]["mutants in contract"], totals, load_classifications(survivors),
                         report.get("vectors") is not None)
    report.update(fresh)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mutate.py", description="Mutation testing of the Vyper contract against the Swift model.")
    parser.add_argument("--contract", type=Path, default=DEFAULT_CONTRACT, help="Vyper source to mutate (never edited in place)")
    parser.add_argument("--limit", type=int, default=80, help="how many mutants to test; 0 for all (default 80)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the mutant sample (default 1)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested in parallel (default 2)")
    parser.add_argument("--out", type=Path, help="write the JSON report here")
    parser.add_argument("--scenarios", type=int, default=4, help="scenarios per mutant, seeds 1..N (default 4)")
    parser.add_argument("--calls", type=int, default=500, help="state-changing calls per scenario (default 500)")
    parser.add_argument("--vectors", type=Path, default=DEFAULT_VECTORS, help="vector corpus of the vectors stage (default Vectors/)")
    parser.add_argument("--no-vectors", action="store_true", help="skip the vectors stage")
    parser.add_argument("--only", help="comma-separated mutant ids to test (ignores --limit)")
    parser.add_argument("--list", action="store_true", help="print every mutant (or the sample, with --limit) and exit")
    parser.add_argument("--margin", type=Path, default=DEFAULT_MARGIN, help="the margin binary (default .build/debug/margin)")
    parser.add_argument("--keep", type=Path, help="keep mutants, scenarios and traces in this folder")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run.py call before the mutant counts as killed (default 900)")
    parser.add_argument("--survivors", type=Path, default=SURVIVORS_FILE, help="hand classification of survivors (default Harness/mutation-survivors.json)")
    parser.add_argument("--rescore", type=Path, metavar="REPORT", help="re-apply the survivor classification to a report; runs nothing")
    args = parser.parse_args(argv)

    if args.rescore is not None:
        try:
            report = rescore(args.rescore, args.survivors)
        except (OSError, ValueError, KeyError) as error:
            fail(f"{args.rescore}: cannot rescore: {type(error).__name__}: {error}", 2)
        print_summary(report)
        if args.out is not None:
            args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            print(f"\nreport: {args.out}")
        return 0

    try:
        source = args.contract.read_text(encoding="utf-8")
    except OSError as error:
        fail(f"{args.contract}: cannot read the contract: {error.strerror}", 2)
    try:
        mutants = enumerate_mutants(source)
    except Exception as error:  # vyper's parse errors have no common public base
        fail(f"{args.contract}: cannot parse: {type(error).__name__}: {error}", 2)
    by_operator_total = {op: sum(1 for m in mutants if m.operator == op) for op in OPERATORS}
    if args.only:
        wanted = [name.strip() for name in args.only.split(",") if name.strip()]
        index = {m.id: m for m in mutants}
        unknown = [name for name in wanted if name not in index]
        if unknown:
            fail(f"--only: unknown mutant ids {unknown} (the contract has M0001..M{len(mutants):04d})", 2)
        chosen = [index[name] for name in wanted]
    else:
        chosen = sample(mutants, args.limit, args.seed)
    if args.list:
        for m in chosen:
            print(m.describe())
        print(f"{len(chosen)} of {len(mutants)} mutants ({', '.join(f'{op} {n}' for op, n in by_operator_total.items())})")
        return 0
    if args.jobs < 1:
        fail("--jobs must be at least 1", 2)
    if not args.margin.is_file():
        fail(f"{args.margin}: no margin binary; build it with `swift build`", 2)
    if not args.no_vectors and not args.vectors.is_dir():
        fail(f"{args.vectors}: not a folder", 2)
    if args.out is not None and not args.out.parent.is_dir():
        fail(f"{args.out}: the folder {args.out.parent} does not exist", 2)

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        workdir = args.keep
    else:
        workdir = Path(tempfile.mkdtemp(prefix="margin-mutants-"))
    try:
        # A private copy of the model, so a rebuild during the run cannot change the oracle.
        margin = workdir / "margin"
        shutil.copy2(args.margin, margin)
        scenarios = generate_scenarios(margin, args.scenarios, args.calls, workdir)
        setup = Setup(
            python=sys.executable, margin=margin, vectors=None if args.no_vectors else args.vectors.resolve(),
            scenarios=scenarios, workdir=workdir, timeout=args.timeout,
        )
        start = time.perf_counter()

        print(f"mutate.py: {len(chosen)} of {len(mutants)} mutants; stages: "
              f"{'vectors, ' if setup.vectors else ''}{len(scenarios)} scenarios x {args.calls} calls; {args.jobs} jobs; in {workdir}",
              flush=True)
        baseline = test_mutant(setup, Mutant("M0000", "none", "", 0, 0, 0, 0, "", "", ""), source)
        if not baseline.compiled or baseline.killed:
            stage = baseline.vectors if baseline.vectors and baseline.vectors.killed else baseline.scenarios
            fail(f"the unmutated contract fails: {baseline.compile_error or (stage.detail if stage else '')}", 1)
        print(f"baseline: the unmutated contract passes ({baseline.vectors.detail if baseline.vectors else ''}"
              f"{'; ' if baseline.vectors else ''}{baseline.scenarios.detail if baseline.scenarios else ''})", flush=True)

        results: dict[str, MutantResult] = {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {pool.submit(test_mutant, setup, m, source): m for m in chosen}
            for done_count, future in enumerate(concurrent.futures.as_completed(futures), 1):
                result = future.result()
                results[result.mutant.id] = result
                if not result.compiled:
                    outcome = f"does not compile ({result.compile_error[:160]})"
                else:
                    parts = []
                    if result.vectors:
                        parts.append(f"vectors {'KILLED' if result.vectors.killed else 'survived'}")
                    if result.scenarios:
                        parts.append(f"diff {'KILLED' if result.scenarios.killed else 'survived'}")
                    outcome = ", ".join(parts)
                print(f"[{done_count}/{len(chosen)}] {result.mutant.describe()}: {outcome}", flush=True)
        ordered = [results[m.id] for m in chosen]
        report = {
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()},"
                       f" Python {platform.python_version()}",
            "command": " ".join(["python", "Harness/mutate.py"] + (sys.argv[1:] if argv is None else argv)),
            "contract": str(args.contract),
            "seed": args.seed,
            "limit": args.limit,
            "scenarios": [f"margin scenario --seed {i} --calls {args.calls}" for i in range(1, args.scenarios + 1)],
            "vectors": str(setup.vectors) if setup.vectors else None,
            "seconds": round(time.perf_counter() - start, 1),
            **build_report(ordered, len(mutants), by_operator_total, load_classifications(args.survivors),
                           setup.vectors is not None),
        }
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print_summary(report)
    if args.out is not None:
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nreport: {args.out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:          # `mutate.py ... | head`
        sys.stderr.close()
        sys.exit(1)
