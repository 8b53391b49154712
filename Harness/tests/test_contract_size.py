"""The contract stays deployable on mainnet: EIP-170 caps runtime code at 24,576 bytes.

Spec 1.1 adds storage and code to a contract that had 665 bytes to spare
(docs/spec-1.1-design.md); this fails the change that would cross the cap.
"""

from __future__ import annotations

import boa

from harness.paths import DEFAULT_CONTRACT

EIP_170_LIMIT = 24_576


def test_runtime_code_fits_eip_170():
    runtime = bytes(boa.load_partial(str(DEFAULT_CONTRACT)).compiler_data.bytecode_runtime)
    assert len(runtime) > 10_000, "not the MarginEngine's runtime code"
    assert len(runtime) <= EIP_170_LIMIT, f"{len(runtime)} bytes of runtime code, over EIP-170's {EIP_170_LIMIT}"
