"""Where the repository keeps what the harness reads."""

from __future__ import annotations

from pathlib import Path

HARNESS = Path(__file__).resolve().parent.parent
REPO_ROOT = HARNESS.parent
DEFAULT_CONTRACT = REPO_ROOT / "Contracts" / "MarginEngine.vy"
DEFAULT_GOVERNANCE = REPO_ROOT / "Contracts" / "MarginGovernance.vy"
ABI_MD = REPO_ROOT / "Spec" / "abi.md"
VECTORS = REPO_ROOT / "Vectors"
RUN_PY = HARNESS / "run.py"
DEFAULT_MARGIN = REPO_ROOT / ".build" / "debug" / "margin"
SURVIVORS_FILE = HARNESS / "mutation-survivors.json"
