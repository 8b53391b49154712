"""Trace lines (Spec/trace-format.md): geth's callTracer (withLog) shape plus the block."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

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
    """Writes JSON Lines (sorted keys, compact) to a temp file beside out, then renames it."""
    directory = out.parent if str(out.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, then renamed or removed)
        "w", encoding="utf-8", dir=directory, prefix=f".{out.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            for line in lines:
                handle.write(json.dumps(line, sort_keys=True, separators=(",", ":")))
                handle.write("\n")
        os.replace(handle.name, out)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
