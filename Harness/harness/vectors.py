"""Vector cases (Spec/vector-format.md): reading and validating one, as far as the check needs it.

The decoded fields (`args`, `returns`, `revert.name`, ...) are for humans: they
are validated for shape and kept only for messages. The case's `_info.hash`
is recomputed, so that a hand edit shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.json_input import (
    BadInput,
    expect_address,
    expect_array,
    expect_hex_data,
    expect_object,
    expect_string,
    expect_strings,
    expect_uint256,
    expect_word,
    parse_json,
)

SPEC_VERSION = "1.1.0"
REVERT_CLASSES = ("custom-error", "arithmetic", "division-by-zero")


@dataclass(frozen=True)
class Event:
    topics: tuple[bytes, ...]
    data: bytes


@dataclass(frozen=True)
class Outcome:
    success: bool
    output: bytes  # returnData, or revert.data
    events: tuple[Event, ...]
    revert_label: str = ""  # e.g. "InsufficientMargin(0x…, -5, 10)", for messages


@dataclass(frozen=True)
class Step:
    where: str  # "$.setup[3]" or "$.call"
    caller: bytes
    timestamp: int
    calldata: bytes
    expect: Outcome
    expect_where: str  # "$.setup[3].expect" or "$.expect"


@dataclass(frozen=True)
class View:
    where: str  # "$.expect.views[2]"
    calldata: bytes
    return_data: bytes
    label: str  # "equity(0x…)"


@dataclass(frozen=True)
class VectorCase:
    path: Path
    deployer: bytes
    deploy_timestamp: int
    constructor_args: bytes
    deploy_events: tuple[Event, ...]
    steps: tuple[Step, ...]  # setup calls, then the call under test; empty in a constructor case
    views: tuple[View, ...]
    stated_hash: str
    content_hash: str
    deploy_expect: Outcome | None = None  # a constructor case's expected revert of the deployment

    def calls(self) -> int:
        return len(self.steps) + len(self.views)


def _bytes(value: Any, where: str) -> bytes:
    return expect_hex_data(value, where, lowercase=True)


def _event(value: Any, where: str) -> Event:
    entry = expect_object(value, where, {"name", "signature", "args", "topics", "data"})
    expect_string(entry["name"], f"{where}.name")
    expect_string(entry["signature"], f"{where}.signature")
    expect_strings(entry["args"], f"{where}.args")
    topics = tuple(
        expect_word(topic, f"{where}.topics[{i}]")
        for i, topic in enumerate(expect_array(entry["topics"], f"{where}.topics"))
    )
    if not 1 <= len(topics) <= 4:
        raise BadInput(f"{where}.topics: expected 1 to 4 topics, got {len(topics)}")
    return Event(topics, _bytes(entry["data"], f"{where}.data"))


def _events(value: Any, where: str) -> tuple[Event, ...]:
    return tuple(_event(item, f"{where}[{i}]") for i, item in enumerate(expect_array(value, where)))


def _outcome(value: Any, where: str, with_views: bool) -> Outcome:
    views = frozenset({"views"}) if with_views else frozenset()
    if not isinstance(value, dict) or "status" not in value:
        raise BadInput(f"{where}.status: missing required key")
    status = value["status"]
    if status == "success":
        entry = expect_object(value, where, {"status", "returnData", "returns", "events"}, views)
        expect_strings(entry["returns"], f"{where}.returns")
        return Outcome(
            True, _bytes(entry["returnData"], f"{where}.returnData"), _events(entry["events"], f"{where}.events")
        )
    if status == "revert":
        entry = expect_object(value, where, {"status", "revert", "events"}, views)
        revert = expect_object(entry["revert"], f"{where}.revert", {"name", "class", "args", "data", "solidityData"})
        name = expect_string(revert["name"], f"{where}.revert.name")
        kind = expect_string(revert["class"], f"{where}.revert.class")
        if kind not in REVERT_CLASSES:
            raise BadInput(f"{where}.revert.class: expected one of {', '.join(REVERT_CLASSES)}, got {json.dumps(kind)}")
        args = expect_strings(revert["args"], f"{where}.revert.args")
        data = _bytes(revert["data"], f"{where}.revert.data")
        _bytes(revert["solidityData"], f"{where}.revert.solidityData")
        if kind != "custom-error" and data:
            raise BadInput(
                f"{where}.revert.data: the {kind} class has empty revert data on Vyper, got {revert['data']}"
            )
        if _events(entry["events"], f"{where}.events"):
            raise BadInput(f"{where}.events: a reverted call emits no events")
        label = f"{name}({', '.join(args)})" if kind == "custom-error" else f"{kind} (checked arithmetic)"
        return Outcome(False, data, (), label)
    raise BadInput(f'{where}.status: expected "success" or "revert", got {json.dumps(status)}')


def _step(value: Any, where: str, expect_where: str, outcome: Any) -> Step:
    keys = {"caller", "timestamp", "function", "signature", "args", "calldata"}
    entry = expect_object(value, where, keys | ({"expect"} if where != "$.call" else set()))
    expect_string(entry["function"], f"{where}.function")
    expect_string(entry["signature"], f"{where}.signature")
    expect_strings(entry["args"], f"{where}.args")
    calldata = _bytes(entry["calldata"], f"{where}.calldata")
    if len(calldata) < 4:
        raise BadInput(f"{where}.calldata: expected a 4-byte selector and arguments")
    return Step(
        where,
        expect_address(entry["caller"], f"{where}.caller", lowercase=True),
        expect_uint256(entry["timestamp"], f"{where}.timestamp"),
        calldata,
        _outcome(outcome, expect_where, with_views=where == "$.call"),
        expect_where,
    )


def canonical_json(value: Any) -> bytes:
    """The bytes of a canonical case file: sorted keys, 2-space indent, trailing newline."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).encode() + b"\n"


def load_case(path: Path) -> VectorCase:
    """Reads and validates one case file; raises BadInput naming the JSON path."""
    from eth_hash.auto import keccak

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read the file: {error}") from None
    try:
        document = parse_json(raw)
    except UnicodeDecodeError as error:
        raise BadInput(f"cannot read the file: {error}") from None
    # A case with neither `setup` nor `call` is a constructor case: its `expect` is the deployment's revert.
    constructor_case = isinstance(document, dict) and "setup" not in document and "call" not in document
    try:
        root = expect_object(
            document, "$", {"_info", "deployment", "expect"} | (set() if constructor_case else {"setup", "call"})
        )
    except BadInput as error:
        if constructor_case:
            raise BadInput(f"{error} (a case with neither setup nor call is a constructor case)") from None
        raise
    info = expect_object(root["_info"], "$._info", {"description", "generator", "specVersion", "hash"})
    for key in ("description", "generator"):
        expect_string(info[key], f"$._info.{key}")
    if info["specVersion"] != SPEC_VERSION:
        raise BadInput(
            f"$._info.specVersion: the contract implements spec {SPEC_VERSION}, the case is for {json.dumps(info['specVersion'])}"
        )
    stated_hash = "0x" + expect_word(info["hash"], "$._info.hash").hex()

    try:
        deployment = expect_object(
            root["deployment"],
            "$.deployment",
            {"deployer", "timestamp", "constructorArgs"} | (set() if constructor_case else {"events"}),
        )
    except BadInput as error:
        if constructor_case:
            raise BadInput(f"{error} (a constructor case's deployment reverts and has no events)") from None
        raise
    deploy_timestamp = expect_uint256(deployment["timestamp"], "$.deployment.timestamp")
    body = {key: value for key, value in document.items() if key != "_info"}
    deployer = expect_address(deployment["deployer"], "$.deployment.deployer", lowercase=True)
    constructor_args = _bytes(deployment["constructorArgs"], "$.deployment.constructorArgs")
    content_hash = "0x" + keccak(canonical_json(body)).hex()
    if constructor_case:
        deploy_expect = _outcome(root["expect"], "$.expect", with_views=False)
        if deploy_expect.success:
            raise BadInput(
                '$.expect.status: a constructor case pins a deployment that reverts, expected "revert", got "success"'
            )
        return VectorCase(
            path, deployer, deploy_timestamp, constructor_args, (), (), (), stated_hash, content_hash, deploy_expect
        )
    steps = [
        _step(raw, f"$.setup[{i}]", f"$.setup[{i}].expect", raw.get("expect") if isinstance(raw, dict) else None)
        for i, raw in enumerate(expect_array(root["setup"], "$.setup"))
    ]
    steps.append(_step(root["call"], "$.call", "$.expect", root["expect"]))
    previous, previous_where = deploy_timestamp, "$.deployment.timestamp"
    for step in steps:
        if step.timestamp < previous:
            raise BadInput(f"{step.where}.timestamp: {step.timestamp} is earlier than {previous_where} ({previous})")
        previous, previous_where = step.timestamp, f"{step.where}.timestamp"

    views = []
    for i, raw in enumerate(expect_array(root["expect"].get("views", []), "$.expect.views")):
        where = f"$.expect.views[{i}]"
        entry = expect_object(raw, where, {"function", "args", "calldata", "returnData", "returns"})
        args = expect_strings(entry["args"], f"{where}.args")
        expect_strings(entry["returns"], f"{where}.returns")
        function = expect_string(entry["function"], f"{where}.function")
        views.append(
            View(
                where,
                _bytes(entry["calldata"], f"{where}.calldata"),
                _bytes(entry["returnData"], f"{where}.returnData"),
                f"{function}({', '.join(args)})",
            )
        )

    return VectorCase(
        path=path,
        deployer=deployer,
        deploy_timestamp=deploy_timestamp,
        constructor_args=constructor_args,
        deploy_events=_events(deployment["events"], "$.deployment.events"),
        steps=tuple(steps),
        views=tuple(views),
        stated_hash=stated_hash,
        content_hash=content_hash,
    )


def find_cases(folder: Path) -> list[Path]:
    """Every *.json under folder, recursively, skipping traces/ folders, in path order."""
    return sorted(
        path
        for path in folder.rglob("*.json")
        if "traces" not in path.relative_to(folder).parts[:-1] and path.is_file()
    )
