"""Executing transactions on revm (PyPI `pyrevm` 0.3.7, revm 8), the second referee.

Same interface as `chain.Chain` (`deploy`, `send`, `executed`), same receipts.
What pyrevm does, read from its source (src/evm.rs, src/executor.rs at v0.3.7):

- `message_call` and `deploy` run the message and keep revm's one journal
  open: nothing is finalised between calls, so storage and accounts touched
  by an earlier call stay warm. Behaviour is the same as separate
  transactions (the contract never reads gas); `gasUsed` is not, and is not
  comparable with py-evm's (Harness/README.md). `EVM.commit()` must not be
  called: it closes a journal checkpoint nobody opened, and every later call
  halts with `CallTooDeep`.
- A success returns the output bytes; `EVM.result` then holds the logs. A
  revert or halt raises RuntimeError whose text is revm's `ExecutionResult`
  in Debug form, `Revert { gas_used: N, output: 0x… }` or
  `Halt { reason: OutOfGas(…), gas_used: N }`: the only place the revert data
  is given, so it is read from there.
- `get_code` returns the runtime code padded with zero bytes (revm's
  analysed bytecode); the account's code hash is over the real code, which
  `runtime_code` cuts to.
- The block of each call is `set_block_env` (number and timestamp); the gas
  price is 0, so no balance is needed.
"""

from __future__ import annotations

import re
from typing import Any

from harness.chain import TX_GAS_LIMIT, Log, Receipt, intrinsic_gas
from harness.deployment import create_address

# revm's fork: Vyper 0.4.3 compiles for Prague, which adds no opcode to Cancun;
# revm 8's "PRAGUE" is a draft of that fork, so Cancun is the faithful choice.
SPEC_ID = "CANCUN"
REVM_CODE_PADDING = 33

_REVERT = re.compile(r"^Revert \{ gas_used: (\d+), output: 0x([0-9a-f]*) \}$")
_HALT = re.compile(r"^Halt \{ reason: (\w+).*gas_used: (\d+) \}$")


def _checksum_free(address: bytes) -> str:
    return "0x" + address.hex()


def _log(entry: Any) -> Log:
    topics, data = entry.data
    return Log(bytes.fromhex(entry.address[2:]), tuple(bytes(topic) for topic in topics), bytes(data))


class RevmChain:
    """One revm instance, transaction by transaction, in one open journal."""

    def __init__(self) -> None:
        import pyrevm

        self._pyrevm = pyrevm
        self.evm = pyrevm.EVM(spec_id=SPEC_ID)
        self.executed = 0

    def _at(self, block: int, timestamp: int) -> None:
        self.evm.set_block_env(self._pyrevm.BlockEnv(number=block, timestamp=timestamp))

    def _failed(self, error: RuntimeError, data: bytes, is_create: bool) -> Receipt:
        """The receipt of a call that pyrevm reported by raising (a revert or a halt)."""
        text = str(error)
        revert = _REVERT.match(text)
        if revert:
            gas = intrinsic_gas(data, is_create) + int(revert.group(1))
            return Receipt(False, bytes.fromhex(revert.group(2)), (), gas, "execution reverted")
        halt = _HALT.match(text)
        if halt:
            reason = "out of gas" if halt.group(1) == "OutOfGas" else halt.group(1)
            return Receipt(False, b"", (), intrinsic_gas(data, is_create) + int(halt.group(2)), reason)
        raise RuntimeError(f"pyrevm refused the transaction: {text}") from error

    def _succeeded(self, output: bytes, data: bytes, is_create: bool) -> Receipt:
        result = self.evm.result
        logs = tuple(_log(entry) for entry in result.logs)
        return Receipt(True, output, logs, intrinsic_gas(data, is_create) + result.gas_used, None)

    def deploy(self, block: int, timestamp: int, sender: bytes, initcode: bytes) -> tuple[bytes, Receipt]:
        """A create transaction; returns (the new contract's address, receipt), the address also on failure."""
        self._at(block, timestamp)
        deployer = _checksum_free(sender)
        address = create_address(sender, self.evm.basic(deployer).nonce)
        self.executed += 1
        try:
            created = self.evm.deploy(deployer, initcode, gas=TX_GAS_LIMIT)
        except RuntimeError as error:
            return address, self._failed(error, initcode, is_create=True)
        if bytes.fromhex(created[2:]) != address:
            raise RuntimeError(f"revm created {created}, not the CREATE address {_checksum_free(address)}")
        # A create's output is the runtime code it returned, as py-evm reports it.
        return address, self._succeeded(self.runtime_code(address), initcode, is_create=True)

    def runtime_code(self, address: bytes) -> bytes:
        """The code at address, without the padding revm's analysis adds: the prefix whose hash is the code hash."""
        from eth_utils import keccak

        account = _checksum_free(address)
        padded = self.evm.get_code(account) or b""
        code_hash = bytes(self.evm.basic(account).code_hash)
        # revm 8 pads legacy code with 33 zero bytes (a STOP and a 32-byte PUSH's room): try that first.
        for cut in (REVM_CODE_PADDING, *range(min(len(padded), 64) + 1)):
            if cut <= len(padded) and keccak(padded[: len(padded) - cut]) == code_hash:
                return padded[: len(padded) - cut]
        raise RuntimeError(f"no prefix of the code at {account} has its code hash")

    def send(self, block: int, timestamp: int, sender: bytes, to: bytes, data: bytes, static: bool = False) -> Receipt:
        """A call transaction (static: no state change allowed); returns its receipt."""
        self._at(block, timestamp)
        self.executed += 1
        try:
            output = self.evm.message_call(
                _checksum_free(sender), _checksum_free(to), data, gas=TX_GAS_LIMIT, is_static=static
            )
        except RuntimeError as error:
            return self._failed(error, data, is_create=False)
        return self._succeeded(bytes(output), data, is_create=False)
