"""Splitting the mutants of one run into shards, and merging the shards' reports into one.

Shard I of N (0-based) owns the mutants at positions I, I + N, I + 2N, ... of
the selected list (ordered by id), so the shards are disjoint, cover the list,
and each gets a share of every part of the contract. Each shard writes its own
report; `merge` refuses a set of reports that is not exactly the N shards of
one run: a missing or repeated shard, different settings, or a mutant that is
not where its shard says.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from harness.mutation.mutants import Mutant
from harness.mutation.report import build_report, load_classifications, result_of

# The report fields every shard of one run must share.
SETTINGS = ("contract", "contractSha256", "seed", "limit", "only", "evm", "scenarios", "scenarioSha256", "vectors")
OPTIONAL_SETTINGS = ("unchanged", "unchangedSha256")

_SHARD = re.compile(r"(0|[1-9][0-9]*)/([1-9][0-9]*)")


class MergeError(ValueError):
    """The reports are not the shards of one run; the message names the file and what differs."""


def parse_shard(text: str) -> tuple[int, int]:
    """`I/N` with 0 <= I < N, as (I, N); ValueError otherwise."""
    match = _SHARD.fullmatch(text)
    if not match or int(match.group(1)) >= int(match.group(2)):
        raise ValueError(f"--shard must be I/N with 0 <= I < N (e.g. 0/4), got {text!r}")
    return int(match.group(1)), int(match.group(2))


def shard_of(selected: list[Mutant], index: int, count: int) -> list[Mutant]:
    """The mutants shard index of count owns: every count-th of the selected list, from position index."""
    return selected[index::count]


def _field(report: dict[str, Any], key: str, name: str) -> Any:
    if key not in report:
        raise MergeError(f"{name}: no {key!r} field: not a report of mutate.py --shard")
    return report[key]


def merge(paths: list[Path], survivors: Path, partial: bool = False) -> dict[str, Any]:
    """One report from the reports of the N shards of one run, rescored with the current classification.

    partial: a run still going; missing shards are allowed and listed in the
    report's `missingShards`, which its Markdown tables state first.
    """
    reports = []
    for path in paths:
        try:
            reports.append((str(path), json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise MergeError(f"{path}: cannot read the report: {error}") from None
    first_name, first = reports[0]
    count = None
    seen: dict[int, str] = {}
    entries: dict[str, dict[str, Any]] = {}
    for name, report in reports:
        for key in SETTINGS:
            if _field(report, key, name) != _field(first, key, first_name):
                raise MergeError(
                    f"{name}: {key!r} is {report[key]!r}, but {first_name} has {first[key]!r};"
                    " shards must come from one run"
                )
        # Reports before the contract split have no unchanged contract: both sides then read None.
        for key in OPTIONAL_SETTINGS:
            if report.get(key) != first.get(key):
                raise MergeError(
                    f"{name}: {key!r} is {report.get(key)!r}, but {first_name} has {first.get(key)!r};"
                    " shards must come from one run"
                )
        shard = _field(report, "shard", name)
        if (
            not isinstance(shard, dict)
            or not isinstance(shard.get("index"), int)
            or not isinstance(shard.get("count"), int)
        ):
            raise MergeError(f'{name}: "shard" must be {{"index": I, "count": N}}')
        index, n = shard["index"], shard["count"]
        if count is not None and n != count:
            raise MergeError(f"{name}: shard {index}/{n}, but {first_name} is a shard of {count}")
        count = n
        if index in seen:
            raise MergeError(f"{name}: shard {index}/{n} appears twice (also {seen[index]})")
        seen[index] = name
        selected = _field(report, "selected", name)
        for item in report["mutants"]:
            if item["id"] in entries:
                raise MergeError(f"{name}: {item['id']} is in two shards")
            if item.get("position", -1) % n != index:
                raise MergeError(f"{name}: {item['id']} (position {item.get('position')}) is not in shard {index}/{n}")
            entries[item["id"]] = item
        if len(report["mutants"]) != len(range(index, selected, n)):
            raise MergeError(
                f"{name}: {len(report['mutants'])} mutants, but shard {index}/{n} of {selected} has"
                f" {len(range(index, selected, n))} (an interrupted shard?)"
            )
    assert count is not None
    missing = sorted(set(range(count)) - set(seen))
    if missing and not partial:
        raise MergeError(f"shards {', '.join(f'{i}/{count}' for i in missing)} missing from the merge")

    ordered = sorted(entries.values(), key=lambda item: item["position"])
    results = [result_of(item) for item in ordered]
    totals = {op: row["in contract"] for op, row in first["operators"].items()}
    merged = {key: first[key] for key in first if key not in ("mutants", "shard", "command", "date", "seconds")}
    merged.update(
        {
            "shards": [{"index": i, "report": seen[i]} for i in sorted(seen)],
            "missingShards": [f"{i}/{count}" for i in missing],
            "commands": [report.get("command") for _name, report in reports],
            "date": max(report.get("date", "") for _name, report in reports),
            "seconds": round(sum(report.get("seconds", 0) for _name, report in reports), 1),
        }
    )
    merged.update(
        build_report(
            results,
            first["counts"]["mutants in contract"],
            totals,
            load_classifications(survivors),
            first["vectors"] is not None,
        )
    )
    return merged
