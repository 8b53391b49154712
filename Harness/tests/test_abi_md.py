"""Spec/abi.md against Keccak-256 of its signatures, and against the compiled contract."""

from __future__ import annotations

import re

import pytest
from eth_utils import keccak

from harness.abi import spec_abi
from harness.paths import DEFAULT_CONTRACT


@pytest.fixture(scope="module")
def contract_abi() -> list[dict]:
    import vyper

    return vyper.compile_code(DEFAULT_CONTRACT.read_text(), output_formats=["abi"])["abi"]


def _signatures(abi: list[dict], kind: str) -> list[str]:
    return sorted(
        f"{item['name']}({','.join(i['type'] for i in item['inputs'])})" for item in abi if item["type"] == kind
    )


def test_abi_md_has_37_functions_15_events_and_37_errors():
    table = spec_abi()
    # Spec 1.1 adds the error InvalidGarchParams.
    assert (len(table.functions), len(table.events), len(table.errors)) == (37, 15, 37)


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
    in_contract = set(re.findall(r'method_id\("([A-Za-z]+\([a-z0-9,]*\))"', DEFAULT_CONTRACT.read_text()))
    assert sorted(in_contract) == sorted(e.signature for e in spec_abi().errors.values())


def test_indexed_event_fields_are_those_of_abi_md(contract_abi):
    indexed = {
        item["name"]: [i["name"] for i in item["inputs"] if i["indexed"]]
        for item in contract_abi
        if item["type"] == "event"
    }
    assert indexed == {e.name: list(e.indexed) for e in spec_abi().events.values()}


def test_contract_raises_only_named_errors():
    source = DEFAULT_CONTRACT.read_text()
    assert re.findall(r"^\s*(assert|raise)\b.*$", source, re.M) == []


def test_first_line_pins_the_compiler():
    assert DEFAULT_CONTRACT.read_text().splitlines()[0] == "# pragma version ~=0.4.3"
