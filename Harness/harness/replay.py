"""Checking vector cases (Spec/vector-format.md, "Checking a case") on the contract.

Every case starts from a fresh deployment (the governance extension, then the
engine: harness.deployment) of init code compiled once. What is
compared, byte for byte: the deployment's events; for every set-up call and
the call under test the status, the return data or the revert data
(`revert.data`: empty for both arithmetic classes on Vyper) and the events
(topics and data); after the call, the return data of every `views` entry,
evaluated at the call's timestamp. The decoded fields are for humans and are
not compared; the case's `_info.hash` is.

Speed: cases in a corpus share most of their set-up (the committed Vectors/:
7,804 set-up calls, 754 distinct prefixes), so each distinct prefix of
(deployment, call, call, ...) is executed once, and its receipt and the state
root it left are remembered (`SharedPrefixes`). The EVM is deterministic, so a
remembered receipt is the one a fresh chain would give; returning to a root
gives that state exactly, since roots are only ever added. This makes the
corpus about 15 times faster than replaying every case from scratch.

On revm (`CaseByCase`) there is no state root to return to, and revm is fast
enough that each case simply runs from its own deployment on a fresh chain.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from harness.abi import AbiTable, spec_abi
from harness.chain import Chain, Receipt
from harness.contract import ContractCode
from harness.deployment import deploy_contracts
from harness.evm import DEFAULT_EVM, EVM_NAMES
from harness.revm_chain import RevmChain
from harness.vectors import Outcome, Step, VectorCase


class HasTopicsAndData(Protocol):
    topics: tuple[bytes, ...]
    data: bytes


@dataclass(frozen=True)
class Mismatch:
    where: str  # JSON path of the first differing field
    expected: str
    actual: str
    in_setup: bool = False


@dataclass(frozen=True)
class CaseResult:
    case: VectorCase
    mismatch: Mismatch | None
    seconds: float


def _hex(data: bytes, limit: int = 2000) -> str:
    text = "0x" + data.hex()
    return text if len(text) <= limit else text[:limit] + f"…({len(data)} bytes)"


def _word(data: bytes, index: int) -> bytes:
    return data[32 * index : 32 * index + 32]


def compare_events(
    expected: Sequence[HasTopicsAndData], actual: Sequence[HasTopicsAndData], where: str, abi: AbiTable
) -> Mismatch | None:
    """The first difference between two event lists (topics, then data, then the count), or None."""
    for k, (e, a) in enumerate(zip(expected, actual, strict=False)):
        e_name, a_name = abi.event_name(e.topics), abi.event_name(a.topics)
        if len(e.topics) != len(a.topics):
            return Mismatch(
                f"{where}[{k}].topics", f"{len(e.topics)} topics ({e_name})", f"{len(a.topics)} topics ({a_name})"
            )
        for i, (te, ta) in enumerate(zip(e.topics, a.topics, strict=True)):
            if te != ta:
                if i == 0:
                    label = f" ({e_name} vs {a_name})"
                else:
                    label = f" (int {int.from_bytes(te, 'big')} vs {int.from_bytes(ta, 'big')})"
                return Mismatch(f"{where}[{k}].topics[{i}]", _hex(te), _hex(ta) + label)
        if e.data != a.data:
            words = len(e.data) // 32
            differing = next((w for w in range(words) if _word(e.data, w) != _word(a.data, w)), None)
            detail = ""
            if differing is not None and len(a.data) == len(e.data):
                ew = int.from_bytes(_word(e.data, differing), "big")
                aw = int.from_bytes(_word(a.data, differing), "big")
                detail = f" ({e_name} data word {differing}: {ew} vs {aw})"
            return Mismatch(f"{where}[{k}].data", _hex(e.data), _hex(a.data) + detail)
    if len(expected) != len(actual):
        return Mismatch(
            where,
            f"{len(expected)} events [{', '.join(abi.event_name(e.topics) for e in expected)}]",
            f"{len(actual)} events [{', '.join(abi.event_name(a.topics) for a in actual)}]",
        )
    return None


def compare_outcome(step: Step, receipt: Receipt, abi: AbiTable) -> Mismatch | None:
    """The first difference between a step's expected outcome and its receipt, or None."""
    expect, where, output = step.expect, step.expect_where, receipt.output
    if receipt.success != expect.success:
        if expect.success:
            return Mismatch(f"{where}.status", "success", f"revert {_hex(output)} ({abi.describe_revert(output)})")
        return Mismatch(
            f"{where}.status",
            f"revert {_hex(expect.output)} ({expect.revert_label})",
            f"success, returned {_hex(output)}",
        )
    if receipt.success and output != expect.output:
        selector = step.calldata[:4]
        return Mismatch(
            f"{where}.returnData",
            f"{_hex(expect.output)} ({abi.describe_return(selector, expect.output)})",
            f"{_hex(output)} ({abi.describe_return(selector, output)})",
        )
    if not receipt.success and output != expect.output:
        return Mismatch(
            f"{where}.revert.data",
            f"{_hex(expect.output)} ({abi.describe_revert(expect.output)})",
            f"{_hex(output)} ({abi.describe_revert(output)})",
        )
    return compare_events(expect.events, receipt.logs, f"{where}.events", abi)


def _compare_deployment_revert(expect: Outcome, receipt: Receipt, abi: AbiTable) -> Mismatch | None:
    """A constructor case: the deployment must revert with exactly the expected data."""
    if receipt.success:
        return Mismatch(
            "$.expect.status", f"revert {_hex(expect.output)} ({expect.revert_label})", "a successful deployment"
        )
    if receipt.output != expect.output:
        return Mismatch(
            "$.expect.revert.data",
            f"{_hex(expect.output)} ({expect.revert_label})",
            f"{_hex(receipt.output)} ({abi.describe_revert(receipt.output)})",
        )
    return None


Prefix = Any  # a hashable key: (deployer, timestamp, constructor args), then (prefix, caller, timestamp, calldata)


class SharedPrefixes:
    """A Chain on which each distinct prefix of transactions runs once; later cases reuse its receipt and state."""

    def __init__(self, code: ContractCode):
        self.code = code
        self.chain = Chain()
        self.known: dict[Prefix, tuple[bytes, Receipt, bytes]] = {}  # prefix -> (state root, receipt, contract)

    @property
    def executed(self) -> int:
        return self.chain.executed

    def deploy(self, case: VectorCase) -> tuple[Prefix, Receipt, bytes]:
        """Deploys the extension (nonce 0) and the engine (nonce 1) in block 1; returns (prefix, receipt, engine)."""
        prefix = (case.deployer, case.deploy_timestamp, case.constructor_args)
        if prefix not in self.known:
            self.chain.rewind(self.chain.genesis)
            deployed = deploy_contracts(
                self.chain, 1, case.deploy_timestamp, case.deployer, self.code, case.constructor_args
            )
            self.known[prefix] = (self.chain.evm.vm.state.state_root, deployed.receipt, deployed.engine)
        _root, receipt, address = self.known[prefix]
        return prefix, receipt, address

    def transact(self, prefix: Prefix, block: int, step: Step, contract: bytes) -> tuple[Prefix, Receipt]:
        """Sends step after the calls of prefix; returns (the longer prefix, receipt)."""
        key = (prefix, step.caller, step.timestamp, step.calldata)
        if key not in self.known:
            self.chain.rewind(self.known[prefix][0])
            receipt = self.chain.send(block, step.timestamp, step.caller, contract, step.calldata)
            self.known[key] = (self.chain.evm.vm.state.state_root, receipt, contract)
        return key, self.known[key][1]

    def view(
        self, prefix: Prefix, block: int, timestamp: int, sender: bytes, calldata: bytes, contract: bytes
    ) -> Receipt:
        """A static call on the state after prefix; changes nothing."""
        self.chain.rewind(self.known[prefix][0])
        return self.chain.send(block, timestamp, sender, contract, calldata, static=True)


class CaseByCase:
    """The SharedPrefixes interface on revm: every case deploys on a fresh chain and sends its calls in order."""

    def __init__(self, code: ContractCode):
        self.code = code
        self.chain = RevmChain()
        self.earlier_chains = 0  # transactions executed on the chains of earlier cases

    @property
    def executed(self) -> int:
        return self.earlier_chains + self.chain.executed

    def deploy(self, case: VectorCase) -> tuple[Prefix, Receipt, bytes]:
        self.earlier_chains += self.chain.executed
        self.chain = RevmChain()
        deployed = deploy_contracts(
            self.chain, 1, case.deploy_timestamp, case.deployer, self.code, case.constructor_args
        )
        return None, deployed.receipt, deployed.engine

    def transact(self, prefix: Prefix, block: int, step: Step, contract: bytes) -> tuple[Prefix, Receipt]:
        return None, self.chain.send(block, step.timestamp, step.caller, contract, step.calldata)

    def view(
        self, prefix: Prefix, block: int, timestamp: int, sender: bytes, calldata: bytes, contract: bytes
    ) -> Receipt:
        return self.chain.send(block, timestamp, sender, contract, calldata, static=True)


class VectorRunner:
    """Checks cases, each from a fresh deployment of the same two contracts, on py-evm or revm."""

    def __init__(self, code: ContractCode, abi: AbiTable | None = None, evm: str = DEFAULT_EVM):
        if evm not in EVM_NAMES:
            raise ValueError(f"unknown EVM {evm!r}; expected one of {', '.join(EVM_NAMES)}")
        self.prefixes = SharedPrefixes(code) if evm == "py-evm" else CaseByCase(code)
        self.abi = abi or spec_abi()

    def check(self, case: VectorCase) -> Mismatch | None:
        """The first difference between the case and the contract, or None."""
        if case.stated_hash != case.content_hash:
            return Mismatch(
                "$._info.hash",
                case.stated_hash,
                f"{case.content_hash} (Keccak-256 of the file's content without _info: the case was edited by hand)",
            )

        prefix, receipt, contract = self.prefixes.deploy(case)
        if case.deploy_expect is not None:
            return _compare_deployment_revert(case.deploy_expect, receipt, self.abi)
        if not receipt.success:
            return Mismatch(
                "$.deployment",
                "a successful deployment",
                f"the constructor reverted with {_hex(receipt.output)} ({self.abi.describe_revert(receipt.output)})",
            )
        mismatch = compare_events(case.deploy_events, receipt.logs, "$.deployment.events", self.abi)
        if mismatch:
            return mismatch

        block = 1
        for step in case.steps:
            block += 1
            prefix, receipt = self.prefixes.transact(prefix, block, step, contract)
            mismatch = compare_outcome(step, receipt, self.abi)
            if mismatch:
                return Mismatch(mismatch.where, mismatch.expected, mismatch.actual, in_setup=step.where != "$.call")

        call = case.steps[-1]
        for view in case.views:
            receipt = self.prefixes.view(prefix, block, call.timestamp, call.caller, view.calldata, contract)
            if not receipt.success:
                return Mismatch(
                    f"{view.where}.returnData",
                    f"{_hex(view.return_data)} from {view.label}",
                    f"a revert {_hex(receipt.output)} ({self.abi.describe_revert(receipt.output)})",
                )
            if receipt.output != view.return_data:
                selector = view.calldata[:4]
                return Mismatch(
                    f"{view.where}.returnData",
                    f"{_hex(view.return_data)} ({view.label} = {self.abi.describe_return(selector, view.return_data)})",
                    f"{_hex(receipt.output)} ({self.abi.describe_return(selector, receipt.output)})",
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
    """`FILE: mismatch at PATH: expected X, got Y` (`setup failure` when a set-up call differs)."""
    m = result.mismatch
    assert m is not None, "failure_line of a passing case"
    kind = "setup failure" if m.in_setup else "mismatch"
    return f"{result.case.path}: {kind} at {m.where}: expected {m.expected}, got {m.actual}"
