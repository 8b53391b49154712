"""How a contract test reads a MarginEngine test vector (Spec/vector-format.md)
and asserts on it, with titanoboa.

    Harness/.venv/bin/python -m pytest Harness/tests/test_vector_example.py

A case is a deployment, set-up calls, one call under test and what each of them
must do. Replay it call by call and compare the bytes. The decoded fields
(`args`, `returns`, `revert.name`, ...) are there to write readable asserts.
To check a whole folder, use `run.py --vectors DIR`.
"""

import json
from pathlib import Path

import boa

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO / "Contracts" / "MarginEngine.vy"
EXTENSION = REPO / "Contracts" / "MarginGovernance.vy"


def load_case(relative_path):
    return json.loads((REPO / "Vectors" / relative_path).read_text())


def hex_bytes(text):
    return bytes.fromhex(text[2:])


def logs(computation):
    """The emitted events as (topics, data), in the case's hex spelling."""
    return [
        (["0x%064x" % topic for topic in topics], "0x" + bytes(data).hex())
        for _address, topics, data in computation.get_log_entries()
    ]


def expected_logs(events):
    return [(event["topics"], event["data"]) for event in events]


def deploy(case):
    """The governance extension (the deployer's nonce 0, the address constructorArgs names), then the engine:
    init code ++ constructorArgs, sent by the deployer at the deployment's timestamp."""
    deployment = case["deployment"]
    initcode = boa.load_partial(str(CONTRACT)).compiler_data.bytecode
    boa.env.timestamp = int(deployment["timestamp"])
    boa.env.deploy(sender=deployment["deployer"], bytecode=boa.load_partial(str(EXTENSION)).compiler_data.bytecode)
    address, computation = boa.env.deploy(
        sender=deployment["deployer"], bytecode=initcode + hex_bytes(deployment["constructorArgs"])
    )
    assert not computation.is_error, "the constructor reverted"
    assert logs(computation) == expected_logs(deployment["events"])
    return address


def send(engine, call):
    boa.env.timestamp = int(call["timestamp"])
    return boa.env.execute_code(to_address=engine, sender=call["caller"], data=hex_bytes(call["calldata"]))


def assert_outcome(computation, expect, where):
    if expect["status"] == "success":
        assert not computation.is_error, f"{where}: reverted with 0x{bytes(computation.output).hex()}"
        assert computation.output == hex_bytes(expect["returnData"]), where
    else:
        assert computation.is_error, f"{where}: expected a revert ({expect['revert']['name']})"
        # Vyper reverts with empty data for checked arithmetic: revert.data is "0x" then.
        # A Solidity port compares with revert.solidityData instead.
        assert computation.output == hex_bytes(expect["revert"]["data"]), where
    assert logs(computation) == expected_logs(expect["events"]), where


def replay(case):
    """Runs the whole case; returns the computation of the call under test."""
    engine = deploy(case)
    for i, step in enumerate(case["setup"]):
        assert_outcome(send(engine, step), step["expect"], f"setup[{i}] {step['function']}")
    result = send(engine, case["call"])
    assert_outcome(result, case["expect"], case["call"]["function"])
    for view in case["expect"]["views"]:  # read right after the call, same timestamp
        output = boa.env.execute_code(to_address=engine, data=hex_bytes(view["calldata"]), is_modifying=False).output
        assert output == hex_bytes(view["returnData"]), f"view {view['function']}{tuple(view['args'])}"
    return result


def test_deposit_of_usdc_credits_the_sender():
    case = load_case("deposit/basic/usdc.json")
    with boa.env.anchor():  # leave no state behind for the next test
        replay(case)
    # The decoded fields say the same thing in words:
    depositor, amount = case["call"]["caller"], int(case["call"]["args"][1])
    assert case["expect"]["events"][0]["args"] == [depositor, "0", str(amount)]
    equity = next(v for v in case["expect"]["views"] if v["function"] == "equity")
    assert int(equity["returns"][0]) == amount * 10**12  # 6-decimal USDC at $1, weight 1


def test_trade_one_wei_below_initial_margin_reverts():
    case = load_case("settleTrade/boundaries/buyer-equity-one-wei-below-im.json")
    with boa.env.anchor():
        replay(case)
    revert = case["expect"]["revert"]
    assert revert["name"] == "InsufficientMargin"
    account, equity, required = revert["args"]
    assert account == case["call"]["args"][0]  # the buyer
    assert int(required) - int(equity) == 1  # one wei short of IM
