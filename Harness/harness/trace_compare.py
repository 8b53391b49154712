"""Comparing two traces of the same scenario from two EVMs (py-evm and revm), outside gas.

Every field of every frame must be equal except `gas` and `gasUsed`: revm
(through pyrevm) keeps one journal open across calls, so storage stays warm
and gas differs (Harness/README.md). pyrevm gives no call frames either, so a
revm trace has every log in its top frame and no sub-calls (Spec/trace-format.md,
"Traces without call frames"): logs are compared as the transaction's, sub-calls'
included, in emission order, and sub-call frames where both traces have them.
A difference is reported at the first differing frame, with the field and both values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.json_input import BadInput, expect_object, parse_json

GAS_FIELDS = frozenset({"gas", "gasUsed"})
TREE_FIELDS = frozenset({"logs", "calls"})
# The frame of a trace written by run.py (harness.trace.trace_line).
FRAME_KEYS = frozenset({"block", "type", "from", "to", "value", "gas", "gasUsed", "input", "output", "logs", "calls"})
FAILURE_KEYS = frozenset({"error", "revertReason"})


@dataclass(frozen=True)
class FrameDifference:
    line: int  # 1-based line of the trace files
    field: str
    first: str
    second: str

    def message(self, first_name: str, second_name: str) -> str:
        return (
            f"line {self.line} (frame {self.line - 1}; 0 and 1 are the deployment): {self.field} differs:"
            f" {first_name} has {self.first}, {second_name} has {self.second}"
        )


def read_trace_frames(path: Path) -> list[dict[str, Any]]:
    """The frames of a JSON Lines trace written by run.py; BadInput names the file, the line and what was expected."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: cannot read the trace: {error}") from None
    frames = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            frame = parse_json(line)
        except BadInput as error:
            raise BadInput(f"{path}: line {number}: {error}") from None
        try:
            frames.append(expect_object(frame, "$", required=set(FRAME_KEYS), optional=FAILURE_KEYS))
            _check_tree(frames[-1], "$")
        except BadInput as error:
            raise BadInput(f"{path}: line {number}: {error}") from None
    if not frames:
        raise BadInput(f"{path}: no frames (an empty trace)")
    return frames


def _check_tree(frame: dict[str, Any], where: str) -> None:
    """`logs` a list of objects and `calls` a list of frames, at every depth, so the comparison can walk them."""
    for key in ("logs", "calls"):
        items = frame.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise BadInput(f"{where}.{key}: expected an array of objects")
    for index, log in enumerate(frame.get("logs", [])):
        position = log.get("position", "0x0")
        if not (isinstance(position, str) and re.fullmatch(r"0x[0-9a-f]+", position)):
            raise BadInput(f"{where}.logs[{index}].position: expected a quantity")
    for index, call in enumerate(frame.get("calls", [])):
        _check_tree(call, f"{where}.calls[{index}]")


def _short(value: Any) -> str:
    text = "absent" if value is _ABSENT else repr(value)
    return text if len(text) <= 300 else text[:300] + f"…({len(text)} characters)"


_ABSENT = object()


def transaction_logs(frame: dict[str, Any]) -> list[dict[str, Any]]:
    """Every log of a frame and its sub-calls in emission order (a log's `position` counts the sub-calls before it)."""
    calls = frame.get("calls") or []
    logs: list[dict[str, Any]] = []
    done = 0
    for log in frame.get("logs") or []:
        position = int(log.get("position", "0x0"), 16)
        for call in calls[done:position]:
            logs += transaction_logs(call)
        done = max(done, min(position, len(calls)))
        logs.append({key: value for key, value in log.items() if key != "position"})
    for call in calls[done:]:
        logs += transaction_logs(call)
    return logs


def _without_gas(frame: dict[str, Any]) -> dict[str, Any]:
    return {
        key: ([_without_gas(call) for call in value] if key == "calls" else value)
        for key, value in frame.items()
        if key not in GAS_FIELDS
    }


def first_difference(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> FrameDifference | None:
    """The first frame field (outside gas) on which two traces differ, or a difference in their length; None if equal."""
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        for field in sorted((a.keys() | b.keys()) - GAS_FIELDS - TREE_FIELDS):
            va, vb = a.get(field, _ABSENT), b.get(field, _ABSENT)
            if va != vb:
                return FrameDifference(index + 1, field, _short(va), _short(vb))
        la, lb = transaction_logs(a), transaction_logs(b)
        if la != lb:
            return FrameDifference(index + 1, "logs (the transaction's, sub-calls' included)", _short(la), _short(lb))
        ca, cb = a.get("calls") or [], b.get("calls") or []
        if ca and cb and [_without_gas(c) for c in ca] != [_without_gas(c) for c in cb]:
            return FrameDifference(index + 1, "calls", _short(ca), _short(cb))
    if len(first) != len(second):
        line = min(len(first), len(second)) + 1
        return FrameDifference(line, "frame count", f"{len(first)} frames", f"{len(second)} frames")
    return None
