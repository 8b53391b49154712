"""gasUsed in traces against py-evm's own transaction processing (a signed transaction, its receipt)."""

from __future__ import annotations

import pytest
from eth_keys import keys

from harness.builder import GLOBAL_PARAMS, LIST_ASSET, WAD, ScenarioBuilder, calldata
from harness.chain import intrinsic_gas
from harness.scenario import Call, Scenario, run_scenario

PRIVATE_KEY = keys.PrivateKey(b"\x01" * 32)
OWNER = PRIVATE_KEY.public_key.to_canonical_address()
T = 1_700_000_000


def receipts_of_real_transactions(payloads: list[tuple[bytes, bytes]]) -> list[int]:
    """gasUsed of each (to, data) sent as a signed transaction from OWNER, as py-evm's executor reports it."""
    import boa

    env = boa.Env()
    vm = env.evm.vm
    env.evm.patch.timestamp = T
    vm.state.set_balance(OWNER, 10**24)
    used = []
    for nonce, (to, data) in enumerate(payloads):
        unsigned = vm.get_transaction_builder().create_unsigned_transaction(
            nonce=nonce, gas_price=10**9, gas=30_000_000, to=to, value=0, data=data
        )
        receipt, computation = vm.apply_transaction(vm.get_header(), unsigned.as_signed_transaction(PRIVATE_KEY))
        assert not computation.is_error, computation.error
        used.append(receipt.gas_used)  # each against the same header: not cumulative
    return used


@pytest.fixture(scope="module")
def traced_and_real(initcode) -> tuple[list[dict], list[int]]:
    """Both deployments and a listAsset call: (their trace lines, their gasUsed as real transactions)."""
    constructor_args = ScenarioBuilder("gas", T, GLOBAL_PARAMS, deployer="0x" + OWNER.hex()).constructor_args
    listing = calldata(LIST_ASSET, 18, WAD, WAD)
    trace = run_scenario(Scenario(OWNER, T, constructor_args, [Call(OWNER, T, listing, False)]), initcode)
    engine = bytes.fromhex(trace[1]["to"][2:])
    payloads = [(b"", initcode.governance), (b"", initcode.engine + constructor_args), (engine, listing)]
    return trace, receipts_of_real_transactions(payloads)


def test_create_gas_used_is_what_py_evm_charges_a_create_transaction(traced_and_real):
    # EIP-3860's init-code word cost (2 per 32 bytes) is charged once, inside the create message.
    trace, real = traced_and_real
    assert [int(line["gasUsed"], 16) for line in trace[:2]] == real[:2]


def test_call_gas_used_is_what_py_evm_charges_a_call_transaction(traced_and_real):
    # listAsset runs in the extension by DELEGATECALL: the sub-call's gas is in the transaction's.
    trace, real = traced_and_real
    assert trace[2]["calls"][0]["type"] == "DELEGATECALL"
    assert int(trace[2]["gasUsed"], 16) == real[2]


def test_intrinsic_gas_of_a_create_leaves_the_init_code_words_to_the_message():
    data = bytes([0, 1]) * 40  # 80 bytes: 40 zero, 40 non-zero, 3 words
    assert intrinsic_gas(data, is_create=True) == 21_000 + 32_000 + 40 * 4 + 40 * 16
    assert intrinsic_gas(data, is_create=False) == 21_000 + 40 * 4 + 40 * 16
