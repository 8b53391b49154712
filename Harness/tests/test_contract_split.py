"""MarginEngine and its governance extension (Spec/abi.md, "Deployment").

The extension's code runs on the engine's storage by DELEGATECALL, so the two
must agree slot for slot, and on every constant and event both declare.
"""

from __future__ import annotations

import re

import vyper
from eth_abi import encode
from eth_utils import keccak

from harness.builder import OWNER
from harness.chain import Chain
from harness.contract import compile_contract
from harness.paths import DEFAULT_CONTRACT, DEFAULT_GOVERNANCE


def _layout(path):
    return vyper.compile_code(path.read_text(), output_formats=["layout"])["layout"]["storage_layout"]


def test_the_extension_has_the_engines_storage_layout_slot_for_slot():
    engine, governance = _layout(DEFAULT_CONTRACT), _layout(DEFAULT_GOVERNANCE)
    assert len(engine) > 20, "not the engine's storage"
    assert governance == engine


def _declarations(path, pattern):
    return dict(re.findall(pattern, path.read_text(), re.M))


def test_constants_both_contracts_declare_have_one_value():
    pattern = r"^([A-Z_0-9]+): constant\((.*)$"
    engine, governance = _declarations(DEFAULT_CONTRACT, pattern), _declarations(DEFAULT_GOVERNANCE, pattern)
    shared = engine.keys() & governance.keys()
    assert {"WAD", "MAX_VARIANCE", "GLOBAL_LO", "GLOBAL_HI", "MARKET_PARAM_COUNT"} <= shared
    assert {name: engine[name] for name in shared} == {name: governance[name] for name in shared}
    # A multi-line table: compare its whole text too.
    for name in ("GLOBAL_HI",):
        block = rf"^{name}: constant\(.*?\n\]"
        assert re.search(block, DEFAULT_CONTRACT.read_text(), re.M | re.S).group(0) == re.search(
            block, DEFAULT_GOVERNANCE.read_text(), re.M | re.S
        ).group(0)


def test_events_both_contracts_declare_are_the_same():
    pattern = r"^event (\w+):\n((?:    .*\n)+)"
    engine, governance = _declarations(DEFAULT_CONTRACT, pattern), _declarations(DEFAULT_GOVERNANCE, pattern)
    shared = engine.keys() & governance.keys()
    assert shared == {"RolesSet", "GlobalParamsSet"}  # the constructor logs them; the extension logs them later
    assert {name: engine[name] for name in shared} == {name: governance[name] for name in shared}


def test_internal_functions_both_contracts_declare_are_the_same():
    # Each contract compiles its own copy of the helpers it uses (Vyper 0.4 has no shared code between
    # contracts); this keeps the two copies one implementation.
    pattern = r"^(@internal\n(?:@\w+\n)*def (\w+)\(.*?)(?=\n(?:@|# ---))"

    def functions(path):
        # A comment at column 0 after a body belongs to what follows it.
        return {
            name: re.sub(r"^#.*\n?", "", body, flags=re.M).strip()
            for body, name in re.findall(pattern, path.read_text(), re.M | re.S)
        }

    engine, governance = functions(DEFAULT_CONTRACT), functions(DEFAULT_GOVERNANCE)
    shared = engine.keys() & governance.keys()
    assert {"mulDown", "mulUp", "requireRole", "requireMarket", "raiseParameterOutOfBounds"} <= shared
    assert {name: engine[name] for name in shared} == {name: governance[name] for name in shared}


def test_a_direct_call_to_the_extension_finds_no_owner_and_reverts_unauthorized():
    chain = Chain()
    caller = bytes.fromhex(OWNER[2:])
    extension, receipt = chain.deploy(1, 1_700_000_000, caller, compile_contract(DEFAULT_CONTRACT).governance)
    assert receipt.success
    data = keccak(text="setRoles(address,address)")[:4] + encode(["address", "address"], ["0x" + "0b" * 20] * 2)
    receipt = chain.send(2, 1_700_000_000, caller, extension, data)
    assert not receipt.success
    assert receipt.output == keccak(text="Unauthorized(address)")[:4] + encode(["address"], [OWNER])
