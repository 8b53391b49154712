"""Reading trace lines in tests: decoded return values, topics, words."""

from __future__ import annotations

from typing import Any

from eth_abi import decode
from eth_utils import keccak


def returned(line: dict[str, Any], types: list[str]) -> tuple[Any, ...]:
    if "error" in line:
        raise AssertionError(f"call reverted: {line['output']} ({line.get('error')})")
    return decode(types, bytes.fromhex(line["output"][2:]))


def topic0(signature: str) -> str:
    return "0x" + keccak(text=signature).hex()


def word(value: int) -> str:
    return "0x%064x" % value


def address_topic(address: str) -> str:
    return "0x" + "00" * 12 + address[2:].lower()
