"""Compiling the Vyper contract to init code."""

from __future__ import annotations

from pathlib import Path

from harness.json_input import BadInput


def compile_contract(path: Path) -> bytes:
    """Returns the init code of the Vyper contract at path (titanoboa's disk cache on).

    Raises BadInput when the file cannot be read or does not compile.
    """
    import boa

    try:
        deployer = boa.load_partial(str(path))
        return bytes(deployer.compiler_data.bytecode)
    except OSError as error:
        raise BadInput(f"cannot read the contract: {error.strerror}") from None
    except Exception as error:  # the Vyper compiler's exceptions have no common public base
        text = str(error).strip()
        first_line = text.splitlines()[0] if text else type(error).__name__
        raise BadInput(f"the contract does not compile: {type(error).__name__}: {first_line}") from None
