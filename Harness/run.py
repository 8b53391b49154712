#!/usr/bin/env python3
"""Run a MarginEngine scenario on py-evm and write its trace, or replay test vectors.

    run.py --scenario FILE --out TRACE.jsonl [--contract PATH]
    run.py --vectors DIR [--contract PATH] [--junit FILE]

The work is done by the `harness` package beside this file (harness/cli.py).
"""

import sys

from harness.cli import main

if __name__ == "__main__":
    sys.exit(main())
