"""Both contracts stay deployable on mainnet: EIP-170 caps runtime code at 24,576 bytes.

Spec 1.1 outgrew one contract (docs/spec-1.1-design.md, decision 6): the
engine delegates governance to an extension. This fails the change that
would make either cross the cap.
"""

from __future__ import annotations

import boa
import pytest

from harness.paths import DEFAULT_CONTRACT, DEFAULT_GOVERNANCE

EIP_170_LIMIT = 24_576


@pytest.mark.parametrize(("contract", "at_least"), [(DEFAULT_CONTRACT, 10_000), (DEFAULT_GOVERNANCE, 3_000)])
def test_runtime_code_fits_eip_170(contract, at_least):
    runtime = bytes(boa.load_partial(str(contract)).compiler_data.bytecode_runtime)
    assert len(runtime) > at_least, f"not {contract.stem}'s runtime code"
    assert len(runtime) <= EIP_170_LIMIT, f"{contract.stem}: {len(runtime)} bytes of runtime code, over {EIP_170_LIMIT}"
