"""Strict JSON input: duplicate keys rejected, every value validated where it is read.

One set of validators for both input formats: scenarios
(Spec/scenario-format.md: hex in either case) and vector cases
(Spec/vector-format.md: lowercase hex). Each raises `BadInput` with the
JSON path of the offending value.
"""

from __future__ import annotations

import json
import re
from typing import Any

UINT256_MAX = 2**256 - 1

_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_ADDRESS = {True: re.compile(r"0x[0-9a-f]{40}"), False: re.compile(r"0x[0-9a-fA-F]{40}")}
_HEX_DATA = {True: re.compile(r"0x(?:[0-9a-f]{2})*"), False: re.compile(r"0x(?:[0-9a-fA-F]{2})*")}
_WORD = re.compile(r"0x[0-9a-f]{64}")


class BadInput(Exception):
    """An input file (or the contract) is not acceptable; the message names the place."""


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise BadInput(f"duplicate key {json.dumps(key)}")
        result[key] = value
    return result


def parse_json(text: str | bytes) -> Any:
    """Parses a JSON document; a syntax error or a duplicate key raises BadInput."""
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as error:
        raise BadInput(f"line {error.lineno} column {error.colno}: invalid JSON: {error.msg}") from None


def expect_object(
    value: Any, where: str, required: set[str], optional: set[str] | frozenset[str] = frozenset()
) -> dict[str, Any]:
    """An object with every required key and no key outside required | optional."""
    if not isinstance(value, dict):
        raise BadInput(f"{where}: expected a JSON object")
    for key in sorted(value):
        if key not in required and key not in optional:
            raise BadInput(f"{where}.{key}: unknown key (expected one of {sorted(required | optional)})")
    for key in sorted(required):
        if key not in value:
            raise BadInput(f"{where}.{key}: missing required key")
    return value


def expect_array(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise BadInput(f"{where}: expected a JSON array")
    return value


def expect_string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise BadInput(f"{where}: expected a string, got {json.dumps(value)}")
    return value


def expect_strings(value: Any, where: str) -> list[str]:
    return [expect_string(item, f"{where}[{i}]") for i, item in enumerate(expect_array(value, where))]


def expect_bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise BadInput(f"{where}: expected true or false, got {json.dumps(value)}")
    return value


def expect_address(value: Any, where: str, *, lowercase: bool) -> bytes:
    """20 bytes from `0x` + 40 hex digits (lowercase only when lowercase is set)."""
    if not isinstance(value, str) or not _ADDRESS[lowercase].fullmatch(value):
        case = "lowercase " if lowercase else ""
        raise BadInput(f"{where}: expected an address, 0x followed by 40 {case}hex digits, got {json.dumps(value)}")
    return bytes.fromhex(value[2:])


def expect_uint256(value: Any, where: str) -> int:
    """A uint256 written as a decimal string matching 0|[1-9][0-9]*."""
    if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
        raise BadInput(
            f"{where}: expected a uint256 as a decimal string matching 0|[1-9][0-9]*, got {json.dumps(value)}"
        )
    number = int(value)
    if number > UINT256_MAX:
        raise BadInput(f"{where}: {value} does not fit in uint256")
    return number


def expect_hex_data(value: Any, where: str, *, lowercase: bool) -> bytes:
    """Bytes from `0x` + an even number of hex digits (lowercase only when lowercase is set)."""
    if not isinstance(value, str) or not _HEX_DATA[lowercase].fullmatch(value):
        case = "lowercase " if lowercase else ""
        raise BadInput(
            f"{where}: expected 0x-prefixed {case}hex data with an even number of digits, got {json.dumps(value)}"
        )
    return bytes.fromhex(value[2:])


def expect_word(value: Any, where: str) -> bytes:
    """A 32-byte word, `0x` + 64 lowercase hex digits."""
    if not isinstance(value, str) or not _WORD.fullmatch(value):
        raise BadInput(f"{where}: expected a 32-byte word, 0x + 64 lowercase hex digits, got {json.dumps(value)}")
    return bytes.fromhex(value[2:])
