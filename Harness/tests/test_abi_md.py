"""Spec/abi.md against Keccak-256 of its signatures, and against the two compiled contracts.

abi.md lists the interface a caller sees at the engine's address: the engine's
own functions and, through its delegation, its governance extension's.
"""

from __future__ import annotations

import re

import pytest
from eth_utils import keccak

from harness.abi import spec_abi
from harness.paths import DEFAULT_CONTRACT, DEFAULT_GOVERNANCE

CONTRACTS = (DEFAULT_CONTRACT, DEFAULT_GOVERNANCE)


@pytest.fixture(scope="module")
def contract_abi() -> list[dict]:
    """Both contracts' ABI items, each once (the engine declares listAsset and listMarket too, to return their value)."""
    import vyper

    items: dict[str, dict] = {}
    for path in CONTRACTS:
        for item in vyper.compile_code(path.read_text(), output_formats=["abi"])["abi"]:
            if item["type"] in ("function", "event"):
                items.setdefault(f"{item['type']} {item['name']}", item)
    return list(items.values())


def _signatures(abi: list[dict], kind: str) -> list[str]:
    return sorted(
        f"{item['name']}({','.join(i['type'] for i in item['inputs'])})" for item in abi if item["type"] == kind
    )


def test_abi_md_has_44_functions_19_events_and_42_errors():
    table = spec_abi()
    # Spec 1.1 adds the error InvalidGarchParams.
    assert (len(table.functions), len(table.events), len(table.errors)) == (44, 19, 42)


def test_every_selector_and_topic_is_keccak_of_its_signature():
    wrong = [
        (e.signature, e.selector.hex())
        for e in spec_abi().entries
        if keccak(text=e.signature)[: len(e.selector)] != e.selector
    ]
    assert wrong == []


def test_contract_functions_and_events_are_those_of_abi_md(contract_abi):
    table = spec_abi()
    assert _signatures(contract_abi, "function") == sorted(e.signature for e in table.functions.values())
    assert _signatures(contract_abi, "event") == sorted(e.signature for e in table.events.values())


def test_contract_custom_errors_are_those_of_abi_md():
    in_contract = {
        signature
        for path in CONTRACTS
        for signature in re.findall(r'method_id\("([A-Za-z]+\([a-z0-9,]*\))"', path.read_text())
    }
    assert sorted(in_contract) == sorted(e.signature for e in spec_abi().errors.values())


def test_indexed_event_fields_are_those_of_abi_md(contract_abi):
    indexed = {
        item["name"]: [i["name"] for i in item["inputs"] if i["indexed"]]
        for item in contract_abi
        if item["type"] == "event"
    }
    assert indexed == {e.name: list(e.indexed) for e in spec_abi().events.values()}


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda path: path.stem)
def test_contract_raises_only_named_errors(contract):
    assert re.findall(r"^\s*(assert|raise)\b.*$", contract.read_text(), re.M) == []


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda path: path.stem)
def test_first_line_pins_the_compiler(contract):
    assert contract.read_text().splitlines()[0] == "# pragma version ~=0.4.3"
