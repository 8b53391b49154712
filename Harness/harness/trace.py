"""Trace lines (Spec/trace-format.md): geth's callTracer (withLog) shape plus the block."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.atomic_file import write_atomically
from harness.chain import TX_GAS_LIMIT, Receipt


def _hex(data: bytes) -> str:
    return "0x" + data.hex()


def trace_line(
    kind: str, block_number: int, timestamp: int, sender: bytes, to: bytes, data: bytes, receipt: Receipt
) -> dict[str, Any]:
    """One trace line; kind is CREATE, CALL or STATICCALL."""
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
        "logs": [
            {
                "address": _hex(log.address),
                "topics": [_hex(topic) for topic in log.topics],
                "data": _hex(log.data),
                "position": "0x0",
            }
            for log in receipt.logs
        ],
        "calls": [],
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
