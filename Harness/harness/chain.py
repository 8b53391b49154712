"""Executing transactions on py-evm (through titanoboa), and what they cost.

Every transaction is a message sent with titanoboa's low-level API
(`Env.deploy`, `Env.execute_code`) and then committed with `Chain.commit`,
the one way the harness commits: the next transaction sees fresh warm/cold
sets and original storage values, as a separate transaction does, and the
state stays in the trie database under its root, so a caller can return to it
(`Chain.rewind`).

Gas is reported as a real transaction under py-evm's fork (Prague) would
use it (Spec/trace-format.md, "Gas").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Gas model of one transaction (Prague, as py-evm's latest fork runs it).
TX_GAS_LIMIT = 30_000_000
G_TRANSACTION = 21_000
G_CREATE = 32_000
G_TXDATA_ZERO = 4
G_TXDATA_NONZERO = 16
STANDARD_TOKEN_COST = 4
TOTAL_COST_FLOOR_PER_TOKEN = 10
MAX_REFUND_QUOTIENT = 5

ERROR_STRING_SELECTOR = bytes.fromhex("08c379a0")


def calldata_tokens(data: bytes) -> tuple[int, int]:
    """Returns (zero bytes, non-zero bytes) of transaction data."""
    zeros = data.count(0)
    return zeros, len(data) - zeros


def intrinsic_gas(data: bytes, is_create: bool) -> int:
    """Gas charged before the message runs: 21,000 + calldata (EIP-2028) + 32,000 for a create.

    EIP-3860's 2 gas per word of init code is part of a create's intrinsic gas
    too, but py-evm charges it inside the create message (as its own
    transaction executor does), so it is in the message's gas used already.
    """
    zeros, nonzeros = calldata_tokens(data)
    gas = G_TRANSACTION + zeros * G_TXDATA_ZERO + nonzeros * G_TXDATA_NONZERO
    if is_create:
        gas += G_CREATE
    return gas


def message_gas(data: bytes, is_create: bool) -> int:
    """Gas given to the message of a transaction with this data: the fixed limit minus intrinsic gas."""
    return TX_GAS_LIMIT - intrinsic_gas(data, is_create)


def transaction_gas_used(data: bytes, is_create: bool, computation: Any) -> int:
    """Gas the transaction used: intrinsic + the message's, refund capped at 1/5, EIP-7623 floor."""
    used = intrinsic_gas(data, is_create) + computation.get_gas_used()
    refund = min(computation.get_gas_refund(), used // MAX_REFUND_QUOTIENT)
    zeros, nonzeros = calldata_tokens(data)
    floor = G_TRANSACTION + TOTAL_COST_FLOOR_PER_TOKEN * (zeros + STANDARD_TOKEN_COST * nonzeros)
    return max(used - refund, floor)


@dataclass(frozen=True)
class Log:
    address: bytes  # 20 bytes
    topics: tuple[bytes, ...]  # 32 bytes each
    data: bytes

    @classmethod
    def of(cls, address: Any, topics: tuple[int, ...], data: Any) -> Log:
        """A py-evm log entry (topics as integers)."""
        return cls(bytes(address), tuple(topic.to_bytes(32, "big") for topic in topics), bytes(data))


@dataclass(frozen=True)
class SubCall:
    """A call a contract made during the transaction: one of geth's callTracer `calls` frames."""

    kind: str  # CALL, STATICCALL, DELEGATECALL, CALLCODE, CREATE
    sender: bytes  # the calling contract (geth's `from`)
    to: bytes  # the code that ran (geth's `to`: for a DELEGATECALL the extension, not the storage owner)
    input: bytes
    output: bytes
    error: str | None
    logs: tuple[Log, ...]  # this frame's own, in emission order; empty on failure
    calls: tuple[SubCall, ...]
    gas: int
    gas_used: int

    @classmethod
    def of(cls, child: Any, parent: Any, discarded: bool) -> SubCall:
        """The frame of py-evm's child computation, as geth's callTracer would report it.

        discarded: an enclosing frame failed, so this frame's logs are dropped too (geth clears a failed
        frame's logs and its sub-calls'). py-evm keeps no call type; inside a static frame a CALL and a
        STATICCALL look alike and are written as CALL (the contracts make neither).
        """
        msg = child.msg
        if msg.is_create:
            kind, to = "CREATE", msg.storage_address
        elif msg.code_address != msg.storage_address:
            kind, to = ("CALLCODE" if msg.should_transfer_value else "DELEGATECALL"), msg.code_address
        else:
            kind, to = ("STATICCALL" if msg.is_static and not parent.msg.is_static else "CALL"), msg.storage_address
        discarded = discarded or child.is_error
        return cls(
            kind,
            bytes(parent.msg.storage_address),
            bytes(to),
            bytes(msg.data),
            bytes(child.output),
            _error_text(child) if child.is_error else None,
            () if discarded else _own_logs(child),
            tuple(cls.of(grandchild, child, discarded) for grandchild in child.children),
            msg.gas,
            child.get_gas_used(),
        )


@dataclass(frozen=True)
class Receipt:
    """What one transaction did."""

    success: bool
    output: bytes  # return data, or revert data
    logs: tuple[Log, ...]  # every log of the transaction, sub-calls' included, in emission order; empty on failure
    gas_used: int  # transaction_gas_used
    error: str | None  # "execution reverted", "out of gas", ...; None on success
    # The top frame's own logs and its sub-calls; None where the EVM gives no call frames (revm through pyrevm).
    frames: tuple[tuple[Log, ...], tuple[SubCall, ...]] | None = None

    @classmethod
    def of(cls, computation: Any, data: bytes, is_create: bool) -> Receipt:
        gas_used = transaction_gas_used(data, is_create, computation)
        calls = tuple(SubCall.of(child, computation, computation.is_error) for child in computation.children)
        if computation.is_error:
            return cls(False, bytes(computation.output), (), gas_used, _error_text(computation), ((), calls))
        logs = tuple(Log.of(*entry) for entry in computation.get_log_entries())
        return cls(True, bytes(computation.output), logs, gas_used, None, (_own_logs(computation), calls))

    def revert_reason(self) -> str | None:
        """The message of an Error(string) revert, or None."""
        if self.success or not self.output.startswith(ERROR_STRING_SELECTOR):
            return None
        try:
            from eth_abi import decode

            (reason,) = decode(["string"], self.output[4:])
            return reason
        except Exception:  # malformed Error(string) data is reported as bytes only
            return None


def _own_logs(computation: Any) -> tuple[Log, ...]:
    """The logs a frame emitted itself (py-evm keeps its children's apart); none when it failed."""
    if computation.is_error:
        return ()
    return tuple(Log.of(*entry[1:]) for entry in sorted(computation._log_entries))  # (counter, address, topics, data)


def _error_text(computation: Any) -> str:
    from eth.exceptions import OutOfGas, Revert

    if isinstance(computation.error, Revert):
        return "execution reverted"
    if isinstance(computation.error, OutOfGas):
        return "out of gas"
    return type(computation.error).__name__


class Chain:
    """One py-evm chain, transaction by transaction, each committed with `commit`."""

    def __init__(self) -> None:
        import boa

        self.env = boa.Env()
        self.evm = self.env.evm
        self.genesis = self.commit()
        self.executed = 0

    def commit(self) -> bytes:
        """Ends a transaction: its changes are locked and persisted; returns the state root."""
        state = self.evm.vm.state
        state.lock_changes()
        state.persist()
        return state.state_root

    def rewind(self, root: bytes) -> None:
        """Returns to a committed state (py-evm's `AccountDB.state_root` setter, as `State.revert` uses)."""
        self.evm.vm.state._account_db.state_root = root

    def _at(self, block: int, timestamp: int) -> None:
        self.evm.patch.block_number = block
        self.evm.patch.timestamp = timestamp

    def deploy(self, block: int, timestamp: int, sender: bytes, initcode: bytes) -> tuple[bytes, Receipt]:
        """A create transaction; returns (the new contract's address, receipt)."""
        self._at(block, timestamp)
        address, computation = self.env.deploy(sender=sender, gas=message_gas(initcode, True), bytecode=initcode)
        self.executed += 1
        receipt = Receipt.of(computation, initcode, is_create=True)
        self.commit()
        return address.canonical_address, receipt

    def send(self, block: int, timestamp: int, sender: bytes, to: bytes, data: bytes, static: bool = False) -> Receipt:
        """A call transaction (static: no state change allowed); returns its receipt."""
        self._at(block, timestamp)
        computation = self.env.execute_code(
            to_address=to, sender=sender, gas=message_gas(data, False), data=data, is_modifying=not static
        )
        self.executed += 1
        receipt = Receipt.of(computation, data, is_create=False)
        self.commit()
        return receipt
