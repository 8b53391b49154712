"""The ABI tables of Spec/abi.md (functions, events, custom errors), parsed once.

Each table row reads ``| `name(types)` | `0x…` | detail |``: the detail is the
returned values of a function (`uint256 asset`, `int256`, `—`) and the fields
of an event or an error (`address indexed account, uint256 amount`). The
tables serve two purposes: tests check them against Keccak-256 and against
the compiled contract, and the vector replay decodes bytes with them in its
messages.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from harness.paths import ABI_MD

FUNCTIONS, EVENTS, ERRORS = "Functions", "Events", "Custom errors"

_ROW = re.compile(r"^\| `([A-Za-z]+)\(([a-z0-9,]*)\)` \| `0x([0-9a-f]+)` \| (.*) \|$")
_VALUE_TYPE = re.compile(r"\b(u?int256|address|bool)\b")


@dataclass(frozen=True)
class AbiEntry:
    section: str  # FUNCTIONS, EVENTS or ERRORS
    name: str
    inputs: tuple[str, ...]  # argument types, in order
    selector: bytes  # 4 bytes, or the 32-byte topic of an event
    detail: str  # the third column, as written

    @property
    def signature(self) -> str:
        return f"{self.name}({','.join(self.inputs)})"

    @property
    def returns(self) -> tuple[str, ...]:
        """A function's returned types, from the third column."""
        return tuple(_VALUE_TYPE.findall(self.detail))

    @property
    def indexed(self) -> tuple[str, ...]:
        """An event's indexed field names, from the third column."""
        return tuple(field.split()[-1] for field in self.detail.split(", ") if " indexed " in f" {field} ")


class AbiTable:
    """Every row of the three tables, looked up by selector (or topic)."""

    def __init__(self, entries: list[AbiEntry]):
        self.entries = entries
        self.functions = {e.selector: e for e in entries if e.section == FUNCTIONS}
        self.events = {e.selector: e for e in entries if e.section == EVENTS}
        self.errors = {e.selector: e for e in entries if e.section == ERRORS}

    @classmethod
    def parse(cls, text: str) -> AbiTable:
        entries, section = [], ""
        for line in text.splitlines():
            if line.startswith("## "):
                section = line[3:].strip()
            match = _ROW.match(line)
            if match and section in (FUNCTIONS, EVENTS, ERRORS):
                name, types, selector, detail = match.groups()
                inputs = tuple(t for t in types.split(",") if t)
                entries.append(AbiEntry(section, name, inputs, bytes.fromhex(selector), detail.strip()))
        return cls(entries)

    # Decoding, for messages.

    def describe_revert(self, data: bytes) -> str:
        if not data:
            return "empty: checked arithmetic or a calldata-level revert"
        entry = self.errors.get(data[:4])
        if entry is None:
            return "unknown error selector"
        return f"{entry.name}({', '.join(decode_words(entry.inputs, data[4:]))})"

    def describe_return(self, selector: bytes, data: bytes) -> str:
        entry = self.functions.get(selector)
        if entry is None:
            return ""
        return ", ".join(decode_words(entry.returns, data))

    def event_name(self, topics: tuple[bytes, ...]) -> str:
        if not topics:
            return "anonymous"
        entry = self.events.get(topics[0])
        return entry.name if entry else "unknown event"


@functools.cache
def spec_abi(path: Path = ABI_MD) -> AbiTable:
    """The tables of Spec/abi.md (read once per process)."""
    return AbiTable.parse(path.read_text(encoding="utf-8"))


def decode_words(types: tuple[str, ...] | list[str], data: bytes) -> list[str]:
    """Static ABI words as text: decimal integers, 0x addresses, true/false; the length if it does not fit."""
    if len(data) != 32 * len(types):
        return [f"{len(data)} bytes"]
    out = []
    for i, kind in enumerate(types):
        word = int.from_bytes(data[32 * i : 32 * i + 32], "big")
        if kind == "int256" and word >= 2**255:
            word -= 2**256
        if kind == "address":
            out.append("0x%040x" % word)
        elif kind == "bool":
            out.append("true" if word else "false")
        else:
            out.append(str(word))
    return out
