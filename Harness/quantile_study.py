#!/usr/bin/env python3
"""`quantile_study.py`: candidate risk quantiles for Spec 1.1 on real daily closes.

    quantile_study.py FILE.csv ...

For each price CSV, prints one markdown table: every candidate quantile of
harness.quantile_study (Spec 1.0's EWMA normal, arch's GARCH(1,1) forecast,
side scaling, Cornish-Fisher tails, an adaptive per-side z) on both sides,
with exceedances, Kupiec's and Christoffersen's p-values and capital against
the smallest constant ratio as good. Floating point: a design study, not the
contract. docs/spec-1.1-quantile-study.md shows its output and what it means.

Exit codes: 0 tables printed; 2 usage or bad input (the message names the
file and row); 3 internal error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from harness.json_input import BadInput
from harness.quantile_study import BASEL_WINDOW, WARM_UP, markdown, score
from harness.variance_reference import daily_returns, read_series


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="quantile_study.py", description=__doc__.split("\n\n")[1])
    parser.add_argument("series", nargs="+", type=Path, help="daily price CSV (a time and a close column)")
    args = parser.parse_args(argv)
    try:
        tables = []
        for path in args.series:
            series = read_series(path)
            if len(series.prices) <= WARM_UP + BASEL_WINDOW:
                raise BadInput(
                    f"{path}: {len(series.prices)} observations; the study needs more than"
                    f" {WARM_UP + BASEL_WINDOW} (a warm-up and one Basel window)"
                )
            if not np.any(daily_returns(series)[:30]):
                raise BadInput(f"{path}: the first 30 returns are all zero; the study starts its variance from them")
            scores, parameters = score(series)
            tables.append(markdown(path.name, scores, parameters))
    except BadInput as error:
        print(f"quantile_study.py: {error}", file=sys.stderr)
        return 2
    print("\n\n".join(tables))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except SystemExit:
        raise
    except Exception as error:
        print(f"quantile_study.py: internal error: {error!r}", file=sys.stderr)
        sys.exit(3)
