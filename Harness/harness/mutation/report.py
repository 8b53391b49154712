"""The survivor classification, the score and the report of a mutation run.

Survivors are matched to the hand classification kept in
Harness/mutation-survivors.json (equivalent, or a gap in the tests) by
operator, function, the line's text, column and replacement, so a
classification survives unrelated edits of the contract.

score = killed / (compiled - equivalent), for each kill source.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from harness.mutation.mutants import OPERATORS, Mutant
from harness.mutation.stages import MutantResult, StageResult


def load_classifications(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    document = json.loads(path.read_text(encoding="utf-8"))
    return list(document.get("survivors", []))


def classification_of(mutant: Mutant, classifications: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The entry for this mutant; its line may read as today or as one of the entry's earlier_line_texts
    (an edit elsewhere on the line that left the mutated token and its column as they were)."""
    key = mutant.key()
    for entry in classifications:
        lines = [entry.get("line_text"), *entry.get("earlier_line_texts", [])]
        if key["line_text"] in lines and all(entry.get(k) == v for k, v in key.items() if k != "line_text"):
            return entry
    return None


def score(killed: int, compiled: int, equivalent: int) -> float | None:
    denominator = compiled - equivalent
    return killed / denominator if denominator > 0 else None


def build_report(
    results: list[MutantResult],
    total: int,
    by_operator_total: dict[str, int],
    classifications: list[dict[str, Any]],
    vectors_stage: bool,
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
        if r.position is not None:
            item["position"] = r.position
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
    print(
        f"mutants in the contract: {counts['mutants in contract']}, sampled {counts['sampled']}, compiled {counts['compiled']}"
    )
    by_vectors = f", by vectors {counts['killed by vectors']}" if report.get("vectors") else ""
    print(
        f"killed by margin diff {counts['killed by margin diff']}{by_vectors}, "
        f"by either {counts['killed by either']}; equivalent {counts['equivalent']}"
    )
    for name, value in scores.items():
        if value is not None:
            print(f"score ({name}): {value:.1%}")
    print()
    print(f"{'operator':<14} {'sampled':>7} {'compiled':>8} {'diff':>5} {'vectors':>7} {'either':>6} {'equiv':>5}")
    for operator, row in report["operators"].items():
        print(
            f"{operator:<14} {row['sampled']:>7} {row['compiled']:>8} {row['killed by margin diff']:>5} "
            f"{row['killed by vectors']:>7} {row['killed by either']:>6} {row['equivalent']:>5}"
        )
    survivors = [
        m for m in report["mutants"] if m["status"] != "not-compiled" and not m.get("scenarios", {}).get("killed")
    ]
    if survivors:
        print()
        print("survivors of margin diff:")
        for m in survivors:
            verdict = m.get("classification", {}).get("verdict", "UNCLASSIFIED")
            by_vectors = " (killed by vectors)" if m.get("vectors", {}).get("killed") else ""
            print(
                f"  {m['id']} line {m['line']} {m['function']} {m['operator']}: `{m['original']}` -> `{m['replacement']}`"
                f"{by_vectors}: {verdict}"
            )


def result_of(item: dict[str, Any]) -> MutantResult:
    """A report entry back as a MutantResult (offsets are not kept in reports)."""
    mutant = Mutant(
        id=item["id"],
        operator=item["operator"],
        function=item["function"],
        line=item["line"],
        column=item["column"],
        start=0,
        end=0,
        original=item["original"],
        replacement=item["replacement"],
        line_text=item["line_text"],
    )
    result = MutantResult(
        mutant,
        compiled=item["compiled"],
        compile_error=item.get("compileError", ""),
        deployment_failed=item.get("deploymentFailed", False),
        position=item.get("position"),
    )
    for name in ("vectors", "scenarios"):
        if name in item:
            setattr(result, name, StageResult(item[name]["killed"], item[name]["detail"], item[name]["seconds"]))
    return result


def rescore(paths: list[Path], survivors: Path) -> dict[str, Any]:
    """Re-reads reports and applies the current survivor classification; no mutant is re-run.

    With several reports, a later one re-measures some mutants of the first:
    see remeasured.
    """
    first = json.loads(paths[0].read_text(encoding="utf-8"))
    return remeasured(first, paths[1:], survivors)


def remeasured(report: dict[str, Any], later_paths: list[Path], survivors: Path) -> dict[str, Any]:
    """The report with the entries of later reports, which re-measure some of its mutants, rescored.

    A later entry replaces the first's (same id), in the first report's order.
    A stage the later run skipped (`--no-vectors`) keeps its earlier result.
    """
    later_reports = [json.loads(path.read_text(encoding="utf-8")) for path in later_paths]
    entries = {item["id"]: item for item in report["mutants"]}
    for later in later_reports:
        for item in later["mutants"]:
            if item["id"] not in entries:
                raise ValueError(f"{item['id']} of a later report is not in the first report's sample")
            earlier = entries[item["id"]]
            # A mutant that did not compile has no stage in either report.
            kept = {
                stage: earlier[stage] for stage in ("vectors", "scenarios") if stage not in item and stage in earlier
            }
            entries[item["id"]] = {**item, **kept}
    results = [result_of(entries[item["id"]]) for item in report["mutants"]]
    totals = {op: row["in contract"] for op, row in report["operators"].items()}
    vectors_stage = report.get("vectors") is not None or any(r.get("vectors") is not None for r in later_reports)
    fresh = build_report(
        results, report["counts"]["mutants in contract"], totals, load_classifications(survivors), vectors_stage
    )
    report = dict(report)
    report.update(fresh)
    if later_paths:
        report["remeasuredBy"] = [str(path) for path in later_paths]
    return report


def _percent(value: float | None, killed: int, denominator: int) -> str:
    return "n/a" if value is None else f"{value:.1%} ({killed}/{denominator})"


def markdown_tables(report: dict[str, Any]) -> str:
    """The counts, the scores, the operators and the survivors of margin diff, as Markdown tables."""
    c = report["counts"]
    classified = [
        m for m in report["mutants"] if m["status"] != "not-compiled" and not m.get("scenarios", {}).get("killed")
    ]
    gaps_diff = sum(1 for m in classified if m.get("classification", {}).get("verdict") == "gap")
    both = [m for m in classified if not m.get("vectors", {}).get("killed")]
    gaps_both = sum(1 for m in both if m.get("classification", {}).get("verdict") == "gap")
    denominator = c["compiled"] - c["equivalent"]
    rows = [
        ("produced by the operators", c["mutants in contract"]),
        ("sampled", c["sampled"]),
        ("compiled", f"{c['compiled']} ({c['not compiled']} did not)"),
        ("killed by margin diff", c["killed by margin diff"]),
        ("killed by the vectors", c["killed by vectors"]),
        (
            "killed by either",
            f"{c['killed by either']} (vectors only {c['killed by vectors only']},"
            f" margin diff only {c['killed by margin diff only']})",
        ),
        ("survived margin diff", f"{c['survived margin diff']}: {c['equivalent']} equivalent, {gaps_diff} gaps"),
        ("survived both", f"{c['survived both']}: {c['equivalent']} equivalent, {gaps_both} gaps"),
    ]
    out = []
    if report.get("missingShards"):
        out += [
            f"PARTIAL: shards {', '.join(report['missingShards'])} are missing; {c['sampled']} of the"
            f" {report['selected']} selected mutants were measured.",
            "",
        ]
    out += ["| | mutants |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows), ""]
    out += [f"Score = killed / (compiled − equivalent) = killed / {denominator}:", ""]
    out += ["| kill source | score |", "|---|---|"]
    killed = {
        "margin diff": c["killed by margin diff"],
        "vectors": c["killed by vectors"],
        "either": c["killed by either"],
    }
    for name, value in report["score"].items():
        out.append(f"| {name} | {_percent(value, killed[name], denominator)} |")
    out += [
        "",
        "| operator | sampled | compiled | margin diff | vectors | either | equivalent |",
        "|---|---|---|---|---|---|---|",
    ]
    for operator, row in report["operators"].items():
        out.append(
            f"| {operator} | {row['sampled']} | {row['compiled']} | {row['killed by margin diff']} | "
            f"{row['killed by vectors']} | {row['killed by either']} | {row['equivalent']} |"
        )
    if classified:
        out += [
            "",
            "| mutant | line, function | mutation | verdict | why / what kills it | vectors |",
            "|---|---|---|---|---|---|",
        ]
        for m in classified:
            entry = m.get("classification", {})
            verdict = entry.get("verdict", "UNCLASSIFIED")
            why = entry.get("why", "")
            vectors = "killed" if m.get("vectors", {}).get("killed") else "survives"
            mutation = f"`{m['original']}` → `{m['replacement']}`"
            cell = why.replace("|", "\\|")
            out.append(f"| {m['id']} | {m['line']} {m['function']} | {mutation} | {verdict} | {cell} | {vectors} |")
    return "\n".join(out) + "\n"
