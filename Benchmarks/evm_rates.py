"""Execution rate of the EVMs on one trace: the calls only, not compile or deploy.

    evm_rates.py TRACE.jsonl

Deploys the trace's leading CREATE inputs in order (the governance extension,
then the engine with its constructor arguments) and then sends every further
frame's input to the last one created, from its sender at its block, on
py-evm (the harness's Chain: each call a committed transaction, as run.py
runs it) and on revm (pyrevm 0.3.7's message_call, one journal kept open, as
issue 13 describes). Only the loop over the calls is timed. Each call's
outcome (success and return or revert bytes) is compared with the trace, so
that a rate is never that of some other work; the count of disagreements is
printed and must be 0.

Prints one line per EVM: `NAME CALLS SECONDS MISMATCHES`, SECONDS the best of
5 runs on revm (margin diff is timed the same way) and of one on py-evm.
"""

from __future__ import annotations

import json
import sys
import time
from typing import NoReturn


def bad_input(message: str) -> NoReturn:
    print(f"evm_rates.py: {message}", file=sys.stderr)
    sys.exit(2)


def frames(path: str) -> list[dict]:
    """The trace's frames; a file that cannot be read, or a line that is not JSON, is bad input (exit 2)."""
    try:
        with open(path, encoding="utf-8") as f:
            trace = []
            for number, line in enumerate(f, 1):
                if line.strip():
                    try:
                        trace.append(json.loads(line))
                    except json.JSONDecodeError as error:
                        bad_input(f"{path}:{number}: not a JSON trace frame ({error.msg})")
    except (OSError, UnicodeDecodeError) as error:
        bad_input(f"{path}: cannot read the trace: {error}")
    if not trace:
        bad_input(f"{path}: empty trace, expected a CREATE frame and then calls")
    return trace


def creates_of(trace: list[dict]) -> list[dict]:
    """The CREATE frames the trace starts with: the governance extension's, then the engine's."""
    count = next((i for i, frame in enumerate(trace) if frame.get("type") != "CREATE"), len(trace))
    return trace[:count]


def calls_of(
    trace: list[dict],
) -> list[tuple[int, int, bytes, bytes, bool, bool, bytes]]:
    """(block, timestamp, sender, calldata, static, success, output) of each call after the CREATEs."""
    out = []
    for frame in trace[len(creates_of(trace)) :]:
        out.append(
            (
                int(frame["block"]["number"]),
                int(frame["block"]["timestamp"]),
                bytes.fromhex(frame["from"][2:]),
                bytes.fromhex(frame["input"][2:]),
                frame["type"] == "STATICCALL",
                "error" not in frame,
                bytes.fromhex(frame.get("output", "0x")[2:]),
            )
        )
    return out


def py_evm(trace: list[dict]) -> tuple[int, float, int]:
    from harness.chain import Chain

    chain = Chain()
    for create in creates_of(trace):
        contract, _ = chain.deploy(
            int(create["block"]["number"]),
            int(create["block"]["timestamp"]),
            bytes.fromhex(create["from"][2:]),
            bytes.fromhex(create["input"][2:]),
        )
    calls = calls_of(trace)
    mismatches = 0
    start = time.perf_counter()
    for block, timestamp, sender, data, static, success, output in calls:
        receipt = chain.send(block, timestamp, sender, contract, data, static=static)
        if receipt.success != success or receipt.output != output:
            mismatches += 1
    return len(calls), time.perf_counter() - start, mismatches


def revm(trace: list[dict]) -> tuple[int, float, int]:
    from pyrevm import EVM, BlockEnv

    evm = EVM()
    for create in creates_of(trace):
        evm.set_block_env(BlockEnv(number=int(create["block"]["number"]), timestamp=int(create["block"]["timestamp"])))
        contract = evm.deploy(create["from"], bytes.fromhex(create["input"][2:]), gas=30_000_000)
    calls = calls_of(trace)
    mismatches = 0
    start = time.perf_counter()
    for block, timestamp, sender, data, static, success, output in calls:
        evm.set_block_env(BlockEnv(number=block, timestamp=timestamp))
        try:
            returned = bytes(
                evm.message_call(
                    "0x" + sender.hex(),
                    contract,
                    data,
                    gas=30_000_000,
                    is_static=static,
                )
            )
            ok = True
        except RuntimeError as failure:  # pyrevm names a revert and its data only in the message
            returned = revert_data(str(failure))
            ok = False
        if ok != success or returned != output:
            mismatches += 1
    return len(calls), time.perf_counter() - start, mismatches


def revert_data(message: str) -> bytes | None:
    """The data of pyrevm's `Revert { gas_used: N, output: 0x.. }` message; None for a halt."""
    if not message.startswith("Revert") or "output: 0x" not in message:
        return None
    return bytes.fromhex(message.split("output: 0x", 1)[1].rstrip(" }"))


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: evm_rates.py TRACE.jsonl", file=sys.stderr)
        return 2
    trace = frames(sys.argv[1])
    try:
        calls_of(trace)
        bytes.fromhex(trace[0]["input"][2:])
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        bad_input(f"{sys.argv[1]}: not a trace as run.py writes it ({type(error).__name__}: {error})")
    # revm: best of 5 fresh runs, as margin diff is timed (tool_rates.sh);
    # py-evm, at about 25 s a run, once.
    for name, run, repeats in (("revm", revm, 5), ("py-evm", py_evm, 1)):
        runs = [run(trace) for _ in range(repeats)]
        seconds = min(r[1] for r in runs)
        mismatches = max(r[2] for r in runs)  # a disagreement in any run counts
        print(f"{name} {runs[0][0]} {seconds:.6f} {mismatches}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
