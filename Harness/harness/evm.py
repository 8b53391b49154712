"""Which EVM referees the contract: py-evm (through titanoboa, the default) or revm (pyrevm)."""

from __future__ import annotations

from harness.chain import Chain
from harness.revm_chain import RevmChain

EVM_NAMES = ("py-evm", "revm")
DEFAULT_EVM = "py-evm"


def new_chain(evm: str) -> Chain | RevmChain:
    """A fresh chain on the named EVM (one of EVM_NAMES)."""
    if evm == "py-evm":
        return Chain()
    if evm == "revm":
        return RevmChain()
    raise ValueError(f"unknown EVM {evm!r}; expected one of {', '.join(EVM_NAMES)}")
