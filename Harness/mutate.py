#!/usr/bin/env python3
"""Mutation testing of the Vyper contract against the Swift model (issue #4).

    mutate.py [--limit 80] [--seed 1] [--jobs 2] [--out REPORT.json] ...
    mutate.py --rescore REPORT.json [LATER.json ...] [--markdown]

The work is done by the `harness` package beside this file (harness/mutation/cli.py).
"""

import sys

from harness.mutation.cli import main

if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # `mutate.py ... | head`
        sys.stderr.close()
        sys.exit(1)
