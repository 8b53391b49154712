"""Replay test vectors (Spec/vector-format.md) on the Vyper contract on py-evm.

Used by `run.py --vectors DIR`. Every case starts from a fresh deployment of
init code compiled once. Transactions go through titanoboa's low-level API
(`Env.deploy`, `Env.execute_code`), as in `run.py --scenario`, each committed
as its own transaction. A set-up prefix shared by several cases runs once:
its resulting state is kept by state root (see Chain), which makes the
committed corpus about 15 times faster than replaying every case from scratch.

What is compared, byte for byte (Spec/vector-format.md, "Checking a case"):
the deployment's events; for every setup call and the call under test the
status, the return data or the revert data (`revert.data`: empty for both
arithmetic classes on Vyper) and the events (topics and data); after the
call, the return data of every `views` entry, evaluated at the call's
timestamp. The decoded fields (`args`, `returns`, `revert.name`, ...) are
for humans and are not compared; the case's `_info.hash` is checked, so a
hand edit shows.
"""

from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

SPEC_VERSION = "1.0.0"
ABI_MD = Path(__file__).resolve().parent.parent / "Spec" / "abi.md"

_ADDRESS = re.compile(r"0x[0-9a-f]{40}")
_UINT = re.compile(r"0|[1-9][0-9]*")
_HEX = re.compile(r"0x(?:[0-9a-f]{2})*")
_WORD = re.compile(r"0x[0-9a-f]{64}")


class MalformedCase(Exception):
    """A case file that is not a valid vector; the message names the JSON path."""


# ---------------------------------------------------------------------------
# A case, as far as the check needs it
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    topics: tuple[bytes, ...]
    data: bytes


@dataclass(frozen=True)
class Outcome:
    success: bool
    output: bytes                 # returnData, or revert.data
    events: tuple[Event, ...]
    revert_label: str = ""        # e.g. "InsufficientMargin(0x…, -5, 10)", for messages


@dataclass(frozen=True)
class Step:
    where: str                    # "$.setup[3]" or "$.call"
    caller: bytes
    timestamp: int
    calldata: bytes
    expect: Outcome
    expect_where: str             # "$.setup[3].expect" or "$.expect"


@dataclass(frozen=True)
class View:
    where: str                    # "$.expect.views[2]"
    calldata: bytes
    return_data: bytes
    label: str                    # "equity(0x…)"


@dataclass(frozen=True)
class VectorCase:
    path: Path
    deployer: bytes
    deploy_timestamp: int
    constructor_args: bytes
    deploy_events: tuple[Event, ...]
    steps: tuple[Step, ...]       # setup calls, then the call under test
    views: tuple[View, ...]
    stated_hash: str
    content_hash: str

    def calls(self) -> int:
        return len(self.steps) + len(self.views)


def _object(value: Any, where: str, required: set[str], optional: frozenset[str] = frozenset()) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedCase(f"{where}: expected a JSON object")
    for key in sorted(value):
        if key not in required and key not in optional:
            raise MalformedCase(f"{where}.{key}: unknown key (expected {sorted(required | optional)})")
    for key in sorted(required):
        if key not in value:
            raise MalformedCase(f"{where}.{key}: missing")
    return value


def _array(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise MalformedCase(f"{where}: expected a JSON array")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise MalformedCase(f"{where}: expected a string, got {json.dumps(value)}")
    return value


def _strings(value: Any, where: str) -> list[str]:
    return [_string(item, f"{where}[{i}]") for i, item in enumerate(_array(value, where))]


def _address(value: Any, where: str) -> bytes:
    if not isinstance(value, str) or not _ADDRESS.fullmatch(value):
        raise MalformedCase(f"{where}: expected a lowercase address, 0x + 40 hex digits, got {json.dumps(value)}")
    return bytes.fromhex(value[2:])


def _uint(value: Any, where: str) -> int:
    if not isinstance(value, str) or not _UINT.fullmatch(value) or int(value) >= 2**256:
        raise MalformedCase(f"{where}: expected a uint256 as a decimal string, got {json.dumps(value)}")
    return int(value)


def _bytes(value: Any, where: str) -> bytes:
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise MalformedCase(f"{where}: expected lowercase 0x hex with an even number of digits, got {json.dumps(value)}")
    return bytes.fromhex(value[2:])


def _event(value: Any, where: str) -> Event:
    entry = _object(value, where, {"name", "signature", "args", "topics", "data"})
    _string(entry["name"], f"{where}.name")
    _string(entry["signature"], f"{where}.signature")
    _strings(entry["args"], f"{where}.args")
    topics = []
    for i, topic in enumerate(_array(entry["topics"], f"{where}.topics")):
        if not isinstance(topic, str) or not _WORD.fullmatch(topic):
            raise MalformedCase(f"{where}.topics[{i}]: expected a 32-byte word, 0x + 64 hex digits")
        topics.append(bytes.fromhex(topic[2:]))
    if not 1 <= len(topics) <= 4:
        raise MalformedCase(f"{where}.topics: expected 1 to 4 topics, got {len(topics)}")
    return Event(tuple(topics), _bytes(entry["data"], f"{where}.data"))


def _events(value: Any, where: str) -> tuple[Event, ...]:
    return tuple(_event(item, f"{where}[{i}]") for i, item in enumerate(_array(value, where)))


def _outcome(value: Any, where: str, with_views: bool) -> Outcome:
    views = frozenset({"views"}) if with_views else frozenset()
    if not isinstance(value, dict) or "status" not in value:
        raise MalformedCase(f"{where}.status: missing")
    status = value["status"]
    if status == "success":
        entry = _object(value, where, {"status", "returnData", "returns", "events"} | views)
        _strings(entry["returns"], f"{where}.returns")
        return Outcome(True, _bytes(entry["returnData"], f"{where}.returnData"), _events(entry["events"], f"{where}.events"))
    if status == "revert":
        entry = _object(value, where, {"status", "revert", "events"} | views)
        revert = _object(entry["revert"], f"{where}.revert", {"name", "class", "args", "data", "solidityData"})
        name = _string(revert["name"], f"{where}.revert.name")
        kind = _string(revert["class"], f"{where}.revert.class")
        if kind not in ("custom-error", "arithmetic", "division-by-zero"):
            raise MalformedCase(f"{where}.revert.class: expected custom-error, arithmetic or division-by-zero, got {json.dumps(kind)}")
        args = _strings(revert["args"], f"{where}.revert.args")
        data = _bytes(revert["data"], f"{where}.revert.data")
        _bytes(revert["solidityData"], f"{where}.revert.solidityData")
        if kind != "custom-error" and data:
            raise MalformedCase(f"{where}.revert.data: the {kind} class has empty revert data on Vyper, got {revert['data']}")
        events = _events(entry["events"], f"{where}.events")
        if events:
            raise MalformedCase(f"{where}.events: a reverted call emits no events")
        label = f"{name}({', '.join(args)})" if kind == "custom-error" else f"{kind} (checked arithmetic)"
        return Outcome(False, data, events, label)
    raise MalformedCase(f"{where}.status: expected \"success\" or \"revert\", got {json.dumps(status)}")


def _call(value: Any, where: str, expect_where: str, outcome: Any) -> Step:
    keys = {"caller", "timestamp", "function", "signature", "args", "calldata"}
    entry = _object(value, where, keys | ({"expect"} if where != "$.call" else set()))
    _string(entry["function"], f"{where}.function")
    _string(entry["signature"], f"{where}.signature")
    _strings(entry["args"], f"{where}.args")
    calldata = _bytes(entry["calldata"], f"{where}.calldata")
    if len(calldata) < 4:
        raise MalformedCase(f"{where}.calldata: expected a 4-byte selector and arguments")
    return Step(
        where, _address(entry["caller"], f"{where}.caller"), _uint(entry["timestamp"], f"{where}.timestamp"),
        calldata, _outcome(outcome, expect_where, with_views=where == "$.call"), expect_where,
    )


def canonical_json(value: Any) -> bytes:
    """The bytes of a canonical case file: sorted keys, 2-space indent, trailing newline."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).encode() + b"\n"


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise MalformedCase(f"duplicate key {json.dumps(key)}")
        result[key] = value
    return result


def load_case(path: Path) -> VectorCase:
    """Reads and validates one case file; raises MalformedCase naming the JSON path."""
    from eth_hash.auto import keccak

    try:
        document = json.loads(path.read_bytes(), object_pairs_hook=_reject_duplicate_keys)
    except (OSError, UnicodeDecodeError) as error:
        raise MalformedCase(f"cannot read the file: {error}") from None
    except json.JSONDecodeError as error:
        raise MalformedCase(f"line {error.lineno} column {error.colno}: invalid JSON: {error.msg}") from None
    root = _object(document, "$", {"_info", "deployment", "setup", "call", "expect"})
    info = _object(root["_info"], "$._info", {"description", "generator", "specVersion", "hash"})
    for key in ("description", "generator"):
        _string(info[key], f"$._info.{key}")
    if info["specVersion"] != SPEC_VERSION:
        raise MalformedCase(f"$._info.specVersion: the contract implements spec {SPEC_VERSION}, the case is for {json.dumps(info['specVersion'])}")
    stated_hash = _string(info["hash"], "$._info.hash")
    if not _WORD.fullmatch(stated_hash):
        raise MalformedCase("$._info.hash: expected 0x + 64 hex digits")

    deployment = _object(root["deployment"], "$.deployment", {"deployer", "timestamp", "constructorArgs", "events"})
    deploy_timestamp = _uint(deployment["timestamp"], "$.deployment.timestamp")
    steps = [
        _call(raw, f"$.setup[{i}]", f"$.setup[{i}].expect", raw.get("expect") if isinstance(raw, dict) else None)
        for i, raw in enumerate(_array(root["setup"], "$.setup"))
    ]
    steps.append(_call(root["call"], "$.call", "$.expect", root["expect"]))
    previous, previous_where = deploy_timestamp, "$.deployment.timestamp"
    for step in steps:
        if step.timestamp < previous:
            raise MalformedCase(f"{step.where}.timestamp: {step.timestamp} is earlier than {previous_where} ({previous})")
        previous, previous_where = step.timestamp, f"{step.where}.timestamp"

    views = []
    for i, raw in enumerate(_array(root["expect"].get("views", []), "$.expect.views")):
        where = f"$.expect.views[{i}]"
        entry = _object(raw, where, {"function", "args", "calldata", "returnData", "returns"})
        args = _strings(entry["args"], f"{where}.args")
        _strings(entry["returns"], f"{where}.returns")
        views.append(View(
            where, _bytes(entry["calldata"], f"{where}.calldata"), _bytes(entry["returnData"], f"{where}.returnData"),
            f"{_string(entry['function'], f'{where}.function')}({', '.join(args)})",
        ))

    body = {key: value for key, value in document.items() if key != "_info"}
    return VectorCase(
        path=path,
        deployer=_address(deployment["deployer"], "$.deployment.deployer"),
        deploy_timestamp=deploy_timestamp,
        constructor_args=_bytes(deployment["constructorArgs"], "$.deployment.constructorArgs"),
        deploy_events=_events(deployment["events"], "$.deployment.events"),
        steps=tuple(steps),
        views=tuple(views),
        stated_hash=stated_hash,
        content_hash="0x" + keccak(canonical_json(body)).hex(),
    )


def find_cases(folder: Path) -> list[Path]:
    """Every *.json under folder, recursively, skipping traces/ folders, in path order."""
    return sorted(
        path for path in folder.rglob("*.json")
        if "traces" not in path.relative_to(folder).parts[:-1] and path.is_file()
    )


# ---------------------------------------------------------------------------
# Decoding for messages (best effort, from Spec/abi.md)
# ---------------------------------------------------------------------------

@dataclass
class AbiNames:
    """Selector and topic tables read from Spec/abi.md, to print what bytes mean."""
    errors: dict[bytes, tuple[str, list[str]]] = field(default_factory=dict)
    events: dict[bytes, str] = field(default_factory=dict)
    returns: dict[bytes, tuple[str, list[str]]] = field(default_factory=dict)

    @classmethod
    def from_spec(cls, path: Path = ABI_MD) -> "AbiNames":
        names = cls()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            return names
        row = re.compile(r"^\| `([A-Za-z]+)\(([a-z0-9,]*)\)` \| `0x([0-9a-f]+)` \| (.*?) \|", re.M)
        section = ""
        for line in text.splitlines():
            if line.startswith("## "):
                section = line[3:].strip()
            match = row.match(line)
            if not match:
                continue
            name, types, selector, rest = match.group(1), match.group(2), bytes.fromhex(match.group(3)), match.group(4)
            if section == "Custom errors":
                names.errors[selector] = (name, [t for t in types.split(",") if t])
            elif section == "Events":
                names.events[selector] = name
            elif section == "Functions":
                returned = re.findall(r"\b(u?int256|address|bool)\b", rest)
                names.returns[selector] = (name, returned)
        return names

    def revert(self, data: bytes) -> str:
        if not data:
            return "empty: checked arithmetic or a calldata-level revert"
        entry = self.errors.get(data[:4])
        if entry is None:
            return "unknown error selector"
        name, types = entry
        return f"{name}({', '.join(_decode_words(types, data[4:]))})"

    def returned(self, selector: bytes, data: bytes) -> str:
        entry = self.returns.get(selector)
        if entry is None:
            return ""
        return ", ".join(_decode_words(entry[1], data))

    def event(self, event: Event) -> str:
        return self.events.get(event.topics[0], "unknown event") if event.topics else "anonymous"


def _decode_words(types: list[str], data: bytes) -> list[str]:
    if len(data) != 32 * len(types):
        return [f"{len(data)} bytes"]
    out = []
    for i, kind in enumerate(types):
        word = int.from_bytes(data[32 * i: 32 * i + 32], "big")
        if kind == "int256" and word >= 2**255:
            word -= 2**256
        out.append("0x%040x" % word if kind == "address" else ("true" if word else "false") if kind == "bool" else str(word))
    return out


def _hex(data: bytes, limit: int = 2000) -> str:
    text = "0x" + data.hex()
    return text if len(text) <= limit else text[:limit] + f"…({len(data)} bytes)"


# ---------------------------------------------------------------------------
# Execution and comparison
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Mismatch:
    where: str                    # JSON path of the first differing field
    expected: str
    actual: str
    in_setup: bool = False


@dataclass(frozen=True)
class CaseResult:
    case: VectorCase
    mismatch: Mismatch | None
    seconds: float


@dataclass(frozen=True)
class Receipt:
    """What one transaction did, as far as a vector pins it."""
    success: bool
    output: bytes                 # return data, or revert data
    events: tuple[Event, ...]     # empty on failure

    @classmethod
    def of(cls, computation: Any) -> "Receipt":
        if computation.is_error:
            return cls(False, bytes(computation.output), ())
        events = tuple(
            Event(tuple(topic.to_bytes(32, "big") for topic in topics), bytes(data))
            for _address, topics, data in computation.get_log_entries()     # in emission order
        )
        return cls(True, bytes(computation.output), events)


def _compare_events(expected: tuple[Event, ...], actual: tuple[Event, ...], where: str, names: AbiNames) -> Mismatch | None:
    for k, (e, a) in enumerate(zip(expected, actual)):
        if len(e.topics) != len(a.topics):
            return Mismatch(f"{where}[{k}].topics", f"{len(e.topics)} topics ({names.event(e)})", f"{len(a.topics)} topics ({names.event(a)})")
        for i, (te, ta) in enumerate(zip(e.topics, a.topics)):
            if te != ta:
                label = f" ({names.event(e)} vs {names.event(a)})" if i == 0 else f" (int {int.from_bytes(te, 'big')} vs {int.from_bytes(ta, 'big')})"
                return Mismatch(f"{where}[{k}].topics[{i}]", _hex(te), _hex(ta) + label)
        if e.data != a.data:
            words = len(e.data) // 32
            differing = next((w for w in range(words) if e.data[32 * w:32 * w + 32] != a.data[32 * w:32 * w + 32]), None)
            detail = ""
            if differing is not None and len(a.data) == len(e.data):
                ew = int.from_bytes(e.data[32 * differing:32 * differing + 32], "big")
                aw = int.from_bytes(a.data[32 * differing:32 * differing + 32], "big")
                detail = f" ({names.event(e)} data word {differing}: {ew} vs {aw})"
            return Mismatch(f"{where}[{k}].data", _hex(e.data), _hex(a.data) + detail)
    if len(expected) != len(actual):
        return Mismatch(
            where,
            f"{len(expected)} events [{', '.join(names.event(e) for e in expected)}]",
            f"{len(actual)} events [{', '.join(names.event(a) for a in actual)}]",
        )
    return None


def _compare_outcome(step: Step, receipt: Receipt, names: AbiNames) -> Mismatch | None:
    expect, where, output = step.expect, step.expect_where, receipt.output
    if receipt.success != expect.success:
        if expect.success:
            return Mismatch(f"{where}.status", "success", f"revert {_hex(output)} ({names.revert(output)})")
        return Mismatch(f"{where}.status", f"revert {_hex(expect.output)} ({expect.revert_label})", f"success, returned {_hex(output)}")
    if receipt.success and output != expect.output:
        selector = step.calldata[:4]
        return Mismatch(
            f"{where}.returnData",
            f"{_hex(expect.output)} ({names.returned(selector, expect.output)})",
            f"{_hex(output)} ({names.returned(selector, output)})",
        )
    if not receipt.success and output != expect.output:
        return Mismatch(f"{where}.revert.data", f"{_hex(expect.output)} ({names.revert(expect.output)})", f"{_hex(output)} ({names.revert(output)})")
    return _compare_events(expect.events, receipt.events, f"{where}.events", names)


GasLimit = Callable[[bytes, bool], int]


class Chain:
    """One py-evm chain whose committed states are kept by state root, so a
    case can start from any state reached before.

    Every transaction ends with `persist()`, as at the end of a block: the
    next one sees fresh warm/cold sets and original storage values, as a
    separate transaction does, and the state it produced stays in the trie
    database under its root. Re-pointing the account database at a root
    (py-evm's `AccountDB.state_root` setter, which `State.revert` also uses)
    returns to that state exactly; roots are never mutated, only added.

    Cases in a corpus share most of their set-up (the committed Vectors/:
    7,804 set-up calls, 754 distinct prefixes), so each distinct prefix of
    (deployment, call, call, ...) is executed once and its receipt and root
    are remembered. The EVM is deterministic, so a remembered receipt is the
    one a fresh chain would give.
    """

    def __init__(self, initcode: bytes, gas_limit: GasLimit):
        import boa

        self.initcode = initcode
        self.gas_limit = gas_limit
        self.env = boa.Env()
        self.evm = self.env.evm
        self.genesis = self._commit()
        self.known: dict[Any, tuple[bytes, Receipt, bytes]] = {}   # prefix -> (state root, receipt, contract)
        self.executed = 0

    def _commit(self) -> bytes:
        state = self.evm.vm.state
        state.lock_changes()
        state.persist()
        return state.state_root

    def _enter(self, root: bytes, block: int, timestamp: int) -> None:
        self.evm.vm.state._account_db.state_root = root
        self.evm.patch.block_number = block
        self.evm.patch.timestamp = timestamp

    def deploy(self, case: VectorCase) -> tuple[Any, Receipt, bytes]:
        """Deploys from the case's deployer at nonce 0; returns (prefix, receipt, contract address)."""
        prefix = (case.deployer, case.deploy_timestamp, case.constructor_args)
        if prefix not in self.known:
            self._enter(self.genesis, 1, case.deploy_timestamp)
            data = self.initcode + case.constructor_args
            address, computation = self.env.deploy(sender=case.deployer, gas=self.gas_limit(data, True), bytecode=data)
            self.executed += 1
            self.known[prefix] = (self._commit(), Receipt.of(computation), address.canonical_address)
        _root, receipt, address = self.known[prefix]
        return prefix, receipt, address

    def transact(self, prefix: Any, block: int, step: Step, contract: bytes) -> tuple[Any, Receipt]:
        """Sends step after the calls of prefix; returns (the longer prefix, receipt)."""
        key = (prefix, step.caller, step.timestamp, step.calldata)
        if key not in self.known:
            self._enter(self.known[prefix][0], block, step.timestamp)
            computation = self.env.execute_code(
                to_address=contract, sender=step.caller, gas=self.gas_limit(step.calldata, False),
                data=step.calldata, is_modifying=True,
            )
            self.executed += 1
            self.known[key] = (self._commit(), Receipt.of(computation), contract)
        return key, self.known[key][1]

    def view(self, prefix: Any, block: int, timestamp: int, sender: bytes, calldata: bytes, contract: bytes) -> Receipt:
        """Static call on the state after prefix; changes nothing."""
        self._enter(self.known[prefix][0], block, timestamp)
        computation = self.env.execute_code(
            to_address=contract, sender=sender, gas=self.gas_limit(calldata, False),
            data=calldata, is_modifying=False,
        )
        self.executed += 1
        self._commit()   # drops the read caches, so the next _enter starts clean
        return Receipt.of(computation)


class VectorRunner:
    """Checks cases on one Chain, each from a fresh deployment of the same init code."""

    def __init__(self, initcode: bytes, gas_limit: GasLimit, names: AbiNames | None = None):
        self.chain = Chain(initcode, gas_limit)
        self.names = names or AbiNames.from_spec()

    def check(self, case: VectorCase) -> Mismatch | None:
        """The first difference between the case and the contract, or None."""
        if case.stated_hash != case.content_hash:
            return Mismatch("$._info.hash", case.stated_hash, f"{case.content_hash} (Keccak-256 of the file's content without _info: the case was edited by hand)")

        prefix, receipt, contract = self.chain.deploy(case)
        if not receipt.success:
            return Mismatch("$.deployment", "a successful deployment", f"the constructor reverted with {_hex(receipt.output)} ({self.names.revert(receipt.output)})")
        mismatch = _compare_events(case.deploy_events, receipt.events, "$.deployment.events", self.names)
        if mismatch:
            return mismatch

        block = 1
        for step in case.steps:
            block += 1
            prefix, receipt = self.chain.transact(prefix, block, step, contract)
            mismatch = _compare_outcome(step, receipt, self.names)
            if mismatch:
                return Mismatch(mismatch.where, mismatch.expected, mismatch.actual, in_setup=step.where != "$.call")

        call = case.steps[-1]
        for view in case.views:
            receipt = self.chain.view(prefix, block, call.timestamp, call.caller, view.calldata, contract)
            if not receipt.success:
                return Mismatch(f"{view.where}.returnData", f"{_hex(view.return_data)} from {view.label}", f"a revert {_hex(receipt.output)} ({self.names.revert(receipt.output)})")
            if receipt.output != view.return_data:
                selector = view.calldata[:4]
                return Mismatch(
                    f"{view.where}.returnData",
                    f"{_hex(view.return_data)} ({view.label} = {self.names.returned(selector, view.return_data)})",
                    f"{_hex(receipt.output)} ({self.names.returned(selector, receipt.output)})",
                )
        return None

    def run(self, cases: Iterable[VectorCase]) -> list[CaseResult]:
        results = []
        for case in cases:
            start = time.perf_counter()
            mismatch = self.check(case)
            results.append(CaseResult(case, mismatch, time.perf_counter() - start))
        return results


def failure_line(result: CaseResult) -> str:
    m = result.mismatch
    assert m is not None
    kind = "setup failure" if m.in_setup else "mismatch"
    return f"{result.case.path}: {kind} at {m.where}: expected {m.expected}, got {m.actual}"


def write_junit(results: list[CaseResult], folder: Path, out: Path) -> None:
    """One <testcase> per case file, named by its path under folder (as `margin vectors check` does)."""
    failures = sum(1 for r in results if r.mismatch)
    suites = ElementTree.Element("testsuites", tests=str(len(results)), failures=str(failures))
    suite = ElementTree.SubElement(
        suites, "testsuite", name="run.py --vectors", tests=str(len(results)), failures=str(failures), errors="0",
        time="%.3f" % sum(r.seconds for r in results),
    )
    for result in results:
        try:
            name = str(result.case.path.relative_to(folder))
        except ValueError:
            name = str(result.case.path)
        testcase = ElementTree.SubElement(suite, "testcase", classname="vector", name=name, time="%.3f" % result.seconds)
        if result.mismatch:
            m = result.mismatch
            failure = ElementTree.SubElement(testcase, "failure", message=f"{m.where}: expected {m.expected}, got {m.actual}")
            failure.text = failure_line(result)
    ElementTree.indent(suites)
    tmp = out.with_name(f".{out.name}.tmp")
    with open(tmp, "wb") as handle:
        ElementTree.ElementTree(suites).write(handle, encoding="UTF-8", xml_declaration=True)
        handle.write(b"\n")
    tmp.replace(out)
