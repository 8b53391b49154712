"""Deploying MarginEngine with its governance extension (Spec/abi.md, "Deployment").

The deployer sends two create transactions: the extension (its nonce n, no
constructor arguments), then the engine (nonce n + 1), whose first
constructor argument names the extension. The constructor arguments are the
case's or the scenario's as written: a wrong extension address is theirs to
make, and shows as the engine's behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.chain import Receipt
from harness.contract import ContractCode


def create_address(sender: bytes, nonce: int) -> bytes:
    """The address CREATE gives: the last 20 bytes of keccak256(rlp([sender, nonce]))."""
    import rlp
    from eth_utils import keccak

    return keccak(rlp.encode([sender, nonce]))[12:]


@dataclass(frozen=True)
class Deployment:
    governance: bytes  # the extension's address
    governance_receipt: Receipt
    engine: bytes  # the engine's address
    receipt: Receipt  # the engine's deployment
    engine_data: bytes  # the engine's init code ++ constructor arguments


def deploy_contracts(
    chain: Any, block: int, timestamp: int, deployer: bytes, code: ContractCode, constructor_args: bytes
) -> Deployment:
    """Both create transactions, in one block; chain is a py-evm Chain or a RevmChain."""
    governance, governance_receipt = chain.deploy(block, timestamp, deployer, code.governance)
    if not governance_receipt.success:
        raise RuntimeError(f"the governance extension's deployment failed: {governance_receipt.error}")
    data = code.engine + constructor_args
    engine, receipt = chain.deploy(block, timestamp, deployer, data)
    return Deployment(governance, governance_receipt, engine, receipt, data)
