"""Scenarios (Spec/scenario-format.md): reading one, and running it into trace lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.contract import ContractCode
from harness.deployment import deploy_contracts
from harness.evm import DEFAULT_EVM, new_chain
from harness.json_input import (
    BadInput,
    expect_address,
    expect_array,
    expect_bool,
    expect_hex_data,
    expect_object,
    expect_string,
    expect_uint256,
    parse_json,
)
from harness.trace import trace_line

SCENARIO_VERSION = "1"
# A trace opens with two CREATE lines: the governance extension, then the engine (Spec/trace-format.md).
DEPLOYMENT_LINES = 2


@dataclass(frozen=True)
class Call:
    sender: bytes  # 20 bytes
    timestamp: int
    input: bytes
    static: bool


@dataclass(frozen=True)
class Scenario:
    deployer: bytes  # 20 bytes
    deploy_timestamp: int
    constructor_args: bytes
    calls: list[Call]


def parse_scenario(text: str) -> Scenario:
    """Parses and validates a scenario document; raises BadInput naming the JSON path."""
    root = expect_object(
        parse_json(text),
        "$",
        required={"scenarioVersion", "deployer", "deployTimestamp", "constructorArgs", "calls"},
        optional={"description"},
    )
    if root["scenarioVersion"] != SCENARIO_VERSION:
        raise BadInput(f'$.scenarioVersion: expected "{SCENARIO_VERSION}", got {root["scenarioVersion"]!r}')
    if "description" in root:
        expect_string(root["description"], "$.description")
    deployer = expect_address(root["deployer"], "$.deployer", lowercase=False)
    deploy_timestamp = expect_uint256(root["deployTimestamp"], "$.deployTimestamp")
    constructor_args = expect_hex_data(root["constructorArgs"], "$.constructorArgs", lowercase=False)

    calls: list[Call] = []
    previous_time, previous_where = deploy_timestamp, "$.deployTimestamp"
    for index, raw in enumerate(expect_array(root["calls"], "$.calls")):
        where = f"$.calls[{index}]"
        entry = expect_object(raw, where, required={"from", "timestamp", "input", "static"}, optional={"note"})
        sender = expect_address(entry["from"], f"{where}.from", lowercase=False)
        timestamp = expect_uint256(entry["timestamp"], f"{where}.timestamp")
        if timestamp < previous_time:
            raise BadInput(
                f"{where}.timestamp: {timestamp} is earlier than {previous_where} ({previous_time});"
                " timestamps must be non-decreasing"
            )
        call_input = expect_hex_data(entry["input"], f"{where}.input", lowercase=False)
        static = expect_bool(entry["static"], f"{where}.static")
        if "note" in entry:
            expect_string(entry["note"], f"{where}.note")
        calls.append(Call(sender, timestamp, call_input, static))
        previous_time, previous_where = timestamp, f"{where}.timestamp"
    return Scenario(deployer, deploy_timestamp, constructor_args, calls)


def run_scenario(scenario: Scenario, code: ContractCode, evm: str = DEFAULT_EVM) -> list[dict[str, Any]]:
    """Deploys the extension and the engine (block 1) and sends every call in its own block; returns the trace lines."""
    chain = new_chain(evm)
    block = 1
    deployed = deploy_contracts(
        chain, block, scenario.deploy_timestamp, scenario.deployer, code, scenario.constructor_args
    )
    lines = [
        trace_line(
            "CREATE",
            block,
            scenario.deploy_timestamp,
            scenario.deployer,
            deployed.governance,
            code.governance,
            deployed.governance_receipt,
        ),
        trace_line(
            "CREATE",
            block,
            scenario.deploy_timestamp,
            scenario.deployer,
            deployed.engine,
            deployed.engine_data,
            deployed.receipt,
        ),
    ]
    contract = deployed.engine
    for call in scenario.calls:
        block += 1
        receipt = chain.send(block, call.timestamp, call.sender, contract, call.input, static=call.static)
        kind = "STATICCALL" if call.static else "CALL"
        lines.append(trace_line(kind, block, call.timestamp, call.sender, contract, call.input, receipt))
    return lines
