#!/usr/bin/env python3
"""Run a MarginEngine scenario on py-evm (through titanoboa) and write its trace,
or replay a folder of test vectors on the contract.

    run.py --scenario FILE --out TRACE.jsonl [--contract PATH]
    run.py --vectors DIR [--contract PATH] [--junit FILE]

The scenario format is Spec/scenario-format.md; the trace format is
Spec/trace-format.md; the vector format is Spec/vector-format.md (the replay
itself is in vector_replay.py). The run is deterministic and offline: the same
scenario and contract give a byte-identical trace.

Exit codes: 0 trace written, or every vector passed; 1 a vector failed; 2 usage
or bad input (the message names the file and the place in it); 3 internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTRACT = REPO_ROOT / "Contracts" / "MarginEngine.vy"

SCENARIO_VERSION = "1"
UINT256_MAX = 2**256 - 1

# Gas model of one transaction (Prague, as py-evm's latest fork runs it).
TX_GAS_LIMIT = 30_000_000
G_TRANSACTION = 21_000
G_CREATE = 32_000
G_TXDATA_ZERO = 4
G_TXDATA_NONZERO = 16
G_INITCODE_WORD = 2
STANDARD_TOKEN_COST = 4
TOTAL_COST_FLOOR_PER_TOKEN = 10
MAX_REFUND_QUOTIENT = 5

ERROR_STRING_SELECTOR = bytes.fromhex("08c379a0")

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_HEX_DATA = re.compile(r"0x(?:[0-9a-fA-F]{2})*")


class BadInput(Exception):
    """The scenario (or the contract) is not acceptable; the message names the place."""


# ---------------------------------------------------------------------------
# Scenario
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Call:
    sender: bytes          # 20 bytes
    timestamp: int
    input: bytes
    static: bool


@dataclass(frozen=True)
class Scenario:
    deployer: bytes        # 20 bytes
    deploy_timestamp: int
    constructor_args: bytes
    calls: list[Call]


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise BadInput(f"duplicate key {key!r}")
        result[key] = value
    return result


def _check_keys(obj: Any, where: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise BadInput(f"{where}: expected a JSON object")
    for key in sorted(obj):
        if key not in required and key not in optional:
            raise BadInput(f"{where}.{key}: unknown key (expected one of {sorted(required | optional)})")
    for key in sorted(required):
        if key not in obj:
            raise BadInput(f"{where}.{key}: missing required key")
    return obj


def _address(value: Any, where: str) -> bytes:
    if not isinstance(value, str) or not _ADDRESS.fullmatch(value):
        raise BadInput(f"{where}: expected an address, 0x followed by 40 hex digits, got {value!r}")
    return bytes.fromhex(value[2:])


def _uint(value: Any, where: str) -> int:
    if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
        raise BadInput(f"{where}: expected a decimal string matching 0|[1-9][0-9]*, got {value!r}")
    number = int(value)
    if number > UINT256_MAX:
        raise BadInput(f"{where}: {value} does not fit in uint256")
    return number


def _hex_data(value: Any, where: str) -> bytes:
    if not isinstance(value, str) or not _HEX_DATA.fullmatch(value):
        raise BadInput(f"{where}: expected 0x-prefixed hex data with an even number of digits, got {value!r}")
    return bytes.fromhex(value[2:])


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise BadInput(f"{where}: expected a string")
    return value


def parse_scenario(text: str) -> Scenario:
    """Parses and validates a scenario document (Spec/scenario-format.md)."""
    try:
        document = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as error:
        raise BadInput(f"line {error.lineno} column {error.colno}: invalid JSON: {error.msg}") from None
    root = _check_keys(
        document, "$",
        required={"scenarioVersion", "deployer", "deployTimestamp", "constructorArgs", "calls"},
        optional={"description"},
    )
    if root["scenarioVersion"] != SCENARIO_VERSION:
        raise BadInput(f"$.scenarioVersion: expected \"{SCENARIO_VERSION}\", got {root['scenarioVersion']!r}")
    if "description" in root:
        _string(root["description"], "$.description")
    deployer = _address(root["deployer"], "$.deployer")
    deploy_timestamp = _uint(root["deployTimestamp"], "$.deployTimestamp")
    constructor_args = _hex_data(root["constructorArgs"], "$.constructorArgs")
    if not isinstance(root["calls"], list):
        raise BadInput("$.calls: expected a JSON array")

    calls: list[Call] = []
    previous_time = deploy_timestamp
    previous_where = "$.deployTimestamp"
    for index, raw in enumerate(root["calls"]):
        where = f"$.calls[{index}]"
        entry = _check_keys(raw, where, required={"from", "timestamp", "input", "static"}, optional={"note"})
        sender = _address(entry["from"], f"{where}.from")
        timestamp = _uint(entry["timestamp"], f"{where}.timestamp")
        if timestamp < previous_time:
            raise BadInput(
                f"{where}.timestamp: {timestamp} is earlier than {previous_where} ({previous_time});"
                " timestamps must be non-decreasing"
            )
        call_input = _hex_data(entry["input"], f"{where}.input")
        if not isinstance(entry["static"], bool):
            raise BadInput(f"{where}.static: expected true or false")
        if "note" in entry:
            _string(entry["note"], f"{where}.note")
        calls.append(Call(sender, timestamp, call_input, entry["static"]))
        previous_time, previous_where = timestamp, f"{where}.timestamp"
    return Scenario(deployer, deploy_timestamp, constructor_args, calls)


# ---------------------------------------------------------------------------
# Contract
# ---------------------------------------------------------------------------

def compile_contract(path: Path) -> bytes:
    """Returns the init code of the Vyper contract at path (titanoboa's disk cache on)."""
    import boa

    try:
        deployer = boa.load_partial(str(path))
        return bytes(deployer.compiler_data.bytecode)
    except OSError as error:
        raise BadInput(f"cannot read the contract: {error.strerror}") from None
    except Exception as error:  # the Vyper compiler's exceptions have no common public base
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BadInput(f"the contract does not compile: {type(error).__name__}: {first_line}") from None


# ---------------------------------------------------------------------------
# Execution
# ---------------------------------------------------------------------------

def calldata_tokens(data: bytes) -> tuple[int, int]:
    """Returns (zero bytes, non-zero bytes) of transaction data."""
    zeros = data.count(0)
    return zeros, len(data) - zeros


def intrinsic_gas(data: bytes, is_create: bool) -> int:
    """Intrinsic gas of a transaction without access list (EIP-2028, EIP-3860)."""
    zeros, nonzeros = calldata_tokens(data)
    gas = G_TRANSACTION + zeros * G_TXDATA_ZERO + nonzeros * G_TXDATA_NONZERO
    if is_create:
        gas += G_CREATE + G_INITCODE_WORD * ((len(data) + 31) // 32)
    return gas


def transaction_gas_used(data: bytes, intrinsic: int, computation: Any) -> int:
    """Gas a transaction with this computation would use: refund capped at 1/5, EIP-7623 floor."""
    used = intrinsic + computation.get_gas_used()
    refund = min(computation.get_gas_refund(), used // MAX_REFUND_QUOTIENT)
    zeros, nonzeros = calldata_tokens(data)
    floor = G_TRANSACTION + TOTAL_COST_FLOOR_PER_TOKEN * (zeros + STANDARD_TOKEN_COST * nonzeros)
    return max(used - refund, floor)


def _hex(data: bytes) -> str:
    return "0x" + data.hex()


def _address_hex(address: bytes) -> str:
    return "0x" + bytes(address).hex()


def _revert_reason(data: bytes) -> str | None:
    if not data.startswith(ERROR_STRING_SELECTOR):
        return None
    try:
        from eth_abi import decode

        (reason,) = decode(["string"], data[4:])
        return reason
    except Exception:
        return None


def _error_text(computation: Any) -> str:
    from eth.exceptions import OutOfGas, Revert

    if isinstance(computation.error, Revert):
        return "execution reverted"
    if isinstance(computation.error, OutOfGas):
        return "out of gas"
    return type(computation.error).__name__


def frame(
    kind: str, block_number: int, timestamp: int, sender: bytes, to: bytes,
    data: bytes, intrinsic: int, computation: Any,
) -> dict[str, Any]:
    """One trace line in the shape of geth's callTracer (withLog), plus the block."""
    line: dict[str, Any] = {
        "block": {"number": str(block_number), "timestamp": str(timestamp)},
        "type": kind,
        "from": _address_hex(sender),
        "to": _address_hex(to),
        "value": "0x0",
        "gas": hex(TX_GAS_LIMIT),
        "gasUsed": hex(transaction_gas_used(data, intrinsic, computation)),
        "input": _hex(data),
        "output": _hex(bytes(computation.output)),
        "logs": [],
        "calls": [],
    }
    if computation.is_error:
        line["error"] = _error_text(computation)
        reason = _revert_reason(bytes(computation.output))
        if reason is not None:
            line["revertReason"] = reason
    else:
        for address, topics, log_data in computation.get_log_entries():   # in emission order
            line["logs"].append({
                "address": _address_hex(address),
                "topics": ["0x%064x" % topic for topic in topics],
                "data": _hex(bytes(log_data)),
                "position": "0x0",
            })
    return line


def run_scenario(scenario: Scenario, initcode: bytes) -> list[dict[str, Any]]:
    """Deploys the contract and executes every call; returns the trace lines."""
    import boa

    env = boa.Env()
    evm = env.evm
    lines: list[dict[str, Any]] = []

    block_number = 1
    deploy_data = initcode + scenario.constructor_args
    intrinsic = intrinsic_gas(deploy_data, is_create=True)
    evm.patch.block_number = block_number
    evm.patch.timestamp = scenario.deploy_timestamp
    evm.vm.state.lock_changes()
    contract, computation = env.deploy(
        sender=scenario.deployer, gas=TX_GAS_LIMIT - intrinsic, bytecode=deploy_data
    )
    contract_address = contract.canonical_address
    lines.append(frame(
        "CREATE", block_number, scenario.deploy_timestamp, scenario.deployer,
        contract_address, deploy_data, intrinsic, computation,
    ))

    for call in scenario.calls:
        block_number += 1
        intrinsic = intrinsic_gas(call.input, is_create=False)
        evm.patch.block_number = block_number
        evm.patch.timestamp = call.timestamp
        evm.vm.state.lock_changes()   # commit like a separate transaction: fresh warm/cold and originals
        computation = env.execute_code(
            to_address=contract_address,
            sender=call.sender,
            gas=TX_GAS_LIMIT - intrinsic,
            data=call.input,
            is_modifying=not call.static,
        )
        lines.append(frame(
            "STATICCALL" if call.static else "CALL", block_number, call.timestamp,
            call.sender, contract_address, call.input, intrinsic, computation,
        ))
    return lines


def write_trace(lines: list[dict[str, Any]], out: Path) -> None:
    """Writes JSON Lines (sorted keys, compact) to a temp file beside out, then renames it."""
    directory = out.parent if str(out.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile(
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


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def fail(message: str, code: int) -> NoReturn:
    print(f"run.py: error: {message}", file=sys.stderr)
    sys.exit(code)


def transaction_gas_limit(data: bytes, is_create: bool) -> int:
    """Gas given to the message of a transaction with this data: the fixed limit minus intrinsic gas."""
    return TX_GAS_LIMIT - intrinsic_gas(data, is_create)


def replay_vectors(folder: Path, contract: Path, junit: Path | None) -> int:
    """Checks every case under folder on the contract; prints failures and a summary; returns the exit code."""
    import time

    import vector_replay

    if not folder.is_dir():
        fail(f"{folder}: not a folder", 2)
    paths = vector_replay.find_cases(folder)
    if not paths:
        fail(f"{folder}: no *.json case files", 2)
    cases, malformed = [], []
    for path in paths:
        try:
            cases.append(vector_replay.load_case(path))
        except vector_replay.MalformedCase as error:
            malformed.append(f"{path}: {error}")
    if malformed:
        for line in malformed:
            print(f"run.py: error: {line}", file=sys.stderr)
        fail(f"{len(malformed)} of {len(paths)} case files are malformed; nothing was run", 2)
    if junit is not None and not junit.parent.is_dir():
        fail(f"{junit}: the folder {junit.parent} does not exist", 2)
    try:
        initcode = compile_contract(contract)
    except BadInput as error:
        fail(f"{contract}: {error}", 2)

    start = time.perf_counter()
    try:
        runner = vector_replay.VectorRunner(initcode, transaction_gas_limit)
        results = runner.run(cases)
    except Exception as error:  # an internal failure, not a property of the input
        fail(f"internal error while replaying {folder}: {type(error).__name__}: {error}", 3)
    seconds = time.perf_counter() - start

    failed = [result for result in results if result.mismatch]
    for result in failed:
        print(vector_replay.failure_line(result))
    if junit is not None:
        vector_replay.write_junit(results, folder, junit)
    calls = sum(case.calls() for case in cases)
    print(
        f"run.py: {len(cases)} cases, {calls} calls ({runner.chain.executed} executed, the rest shared set-up)"
        f" in {seconds:.1f} s on {contract}",
        file=sys.stderr,
    )
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="run.py",
        description="Execute a MarginEngine scenario on py-evm and write a callTracer-shaped JSONL trace,"
                    " or replay test vectors on the contract.",
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--scenario", type=Path, help="scenario JSON (Spec/scenario-format.md); needs --out")
    mode.add_argument(
        "--vectors", type=Path, metavar="DIR",
        help="replay every case under DIR (recursively, *.json, skipping traces/) per Spec/vector-format.md",
    )
    parser.add_argument("--out", type=Path, help="trace JSONL to write (Spec/trace-format.md); with --scenario")
    parser.add_argument(
        "--contract", type=Path, default=DEFAULT_CONTRACT,
        help=f"Vyper source to deploy (default: {DEFAULT_CONTRACT.relative_to(REPO_ROOT)} in the repository)",
    )
    parser.add_argument("--junit", type=Path, metavar="FILE", help="with --vectors: also write a JUnit XML report")
    args = parser.parse_args(argv)

    if args.vectors is not None:
        if args.out is not None:
            parser.error("--out goes with --scenario; --vectors prints its report")
        return replay_vectors(args.vectors, args.contract, args.junit)
    if args.out is None:
        parser.error("--scenario needs --out")
    if args.junit is not None:
        parser.error("--junit goes with --vectors")

    try:
        text = args.scenario.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{args.scenario}: cannot read the scenario: {error}", 2)
    try:
        scenario = parse_scenario(text)
    except BadInput as error:
        fail(f"{args.scenario}: {error}", 2)
    if not args.out.parent.is_dir() and str(args.out.parent):
        fail(f"{args.out}: the folder {args.out.parent} does not exist", 2)
    try:
        initcode = compile_contract(args.contract)
    except BadInput as error:
        fail(f"{args.contract}: {error}", 2)

    try:
        lines = run_scenario(scenario, initcode)
        write_trace(lines, args.out)
    except Exception as error:  # an internal failure, not a property of the input
        fail(f"internal error while running {args.scenario}: {type(error).__name__}: {error}", 3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
