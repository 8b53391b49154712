"""Trace lines (Spec/trace-format.md): geth's callTracer (withLog) shape plus the block."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.atomic_file import write_atomically
from harness.chain import TX_GAS_LIMIT, Log, Receipt, SubCall


def _hex(data: bytes) -> str:
    return "0x" + data.hex()


def _logs(logs: tuple[Log, ...], calls: tuple[SubCall, ...]) -> list[dict[str, Any]]:
    # geth's `position` is the number of the frame's sub-calls before the log. py-evm keeps a frame's own
    # logs apart from its children's, so with both in one frame the order between them is not at hand:
    # refuse rather than write a guess (the contracts never log in a frame that calls).
    if logs and calls:
        raise RuntimeError("a frame with both logs and sub-calls: the logs' positions are not recorded")
    return [
        {
            "address": _hex(log.address),
            "topics": [_hex(topic) for topic in log.topics],
            "data": _hex(log.data),
            "position": "0x0",
        }
        for log in logs
    ]


def _sub_call(call: SubCall) -> dict[str, Any]:
    frame: dict[str, Any] = {
        "type": call.kind,
        "from": _hex(call.sender),
        "to": _hex(call.to),
        "gas": hex(call.gas),
        "gasUsed": hex(call.gas_used),
        "input": _hex(call.input),
        "output": _hex(call.output),
        "logs": _logs(call.logs, call.calls),
        "calls": [_sub_call(inner) for inner in call.calls],
    }
    if call.kind not in ("DELEGATECALL", "STATICCALL"):  # geth leaves out what the frame cannot carry
        frame["value"] = "0x0"
    if call.error is not None:
        frame["error"] = call.error
    return frame


def trace_line(
    kind: str, block_number: int, timestamp: int, sender: bytes, to: bytes, data: bytes, receipt: Receipt
) -> dict[str, Any]:
    """One trace line; kind is CREATE, CALL or STATICCALL.

    Without call frames (revm) every log of the transaction is in the top frame and `calls` is empty:
    Spec/trace-format.md, "Traces without call frames".
    """
    own_logs, calls = receipt.frames if receipt.frames is not None else (receipt.logs, ())
    line: dict[str, Any] = {
        "block": {"number": str(block_number), "timestamp": str(timestamp)},
        "type": kind,
        "from": _hex(sender),
        "to": _hex(to),
        "value": "0x0",
        "gas": hex(TX_GAS_LIMIT),
        "gasUsed": hex(receipt.gas_used),
        "input": _hex(data),
        "output": _hex(receipt.output),
        "logs": _logs(own_logs, calls),
        "calls": [_sub_call(call) for call in calls],
    }
    if receipt.error is not None:
        line["error"] = receipt.error
        reason = receipt.revert_reason()
        if reason is not None:
            line["revertReason"] = reason
    return line


def write_trace(lines: list[dict[str, Any]], out: Path) -> None:
    """Writes JSON Lines (sorted keys, compact), whole or not at all."""
    write_atomically(out, (json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n" for line in lines))
