"""Compiling the two Vyper contracts of a deployment to init code (Spec/abi.md, "Deployment")."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.json_input import BadInput
from harness.paths import DEFAULT_GOVERNANCE


@dataclass(frozen=True)
class ContractCode:
    """Init code of MarginEngine (constructor arguments go after it) and of its governance extension."""

    engine: bytes
    governance: bytes


def compile_contract(path: Path, governance: Path = DEFAULT_GOVERNANCE) -> ContractCode:
    """Returns the init code of the engine at path and of the governance extension (titanoboa's disk cache on).

    Raises BadInput, naming the file, when one cannot be read or does not compile.
    """
    return ContractCode(_initcode(path), _initcode(governance))


def _initcode(path: Path) -> bytes:
    import boa

    try:
        deployer = boa.load_partial(str(path))
        return bytes(deployer.compiler_data.bytecode)
    except OSError as error:
        raise BadInput(f"{path}: cannot read the contract: {error.strerror}") from None
    except Exception as error:  # the Vyper compiler's exceptions have no common public base
        text = str(error).strip()
        first_line = text.splitlines()[0] if text else type(error).__name__
        raise BadInput(f"{path}: the contract does not compile: {type(error).__name__}: {first_line}") from None
