#!/usr/bin/env python3
"""`backtest_table.py`: the README's Spec 1.0-vs-1.1 back-test table.

    backtest_table.py [--margin PATH] BTC.csv ETH.csv

Runs `margin backtest --json` (the exact Swift model, one-day horizon) on
both sides of BTC and ETH for three parameter sets, and prints one markdown
table: Spec 1.0 at the example's parameters; Spec 1.0 with 1.1's fixed
terms (docs/backtest-1.0-same-fixed-terms.json); and Spec 1.1 at arch's
GARCH(1,1) weights with the per-side adaptive z and thinning depth
(docs/backtest-1.1-btc.json, -eth.json). Every figure is what `margin`
printed; this script only lays it out.

Exit codes: 0 table printed; 2 usage, a missing file or a failed run (the
message names it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SIDES = ("long", "short")


SAME_FIXED_TERMS = DOCS / "backtest-1.0-same-fixed-terms.json"

# (label, the --params file of each asset; None for the example's parameters)
SETS = (
    ("1.0, the example's parameters", {"btc": None, "eth": None}),
    ("1.0 with 1.1's fixed terms", {"btc": SAME_FIXED_TERMS, "eth": SAME_FIXED_TERMS}),
    ("1.1", {"btc": DOCS / "backtest-1.1-btc.json", "eth": DOCS / "backtest-1.1-eth.json"}),
)


def backtest(margin: Path, series: Path, side: str, params: Path | None) -> dict:
    command = [str(margin), "backtest", str(series), "--horizon", "86400", "--side", side, "--json"]
    if params is not None:
        command += ["--params", str(params)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    # Exit 1 is Kupiec's rejection, a result; anything else is a failed run.
    if done.returncode not in (0, 1):
        raise RuntimeError(f"margin backtest {series} --side {side}: exit {done.returncode}: {done.stderr.strip()}")
    return json.loads(done.stdout)


def percent(x: float) -> str:
    return f"{x * 100:.2f} %"


def p_value(x: float) -> str:
    return f"{x:.2g}" if x < 0.001 else f"{x:.3f}"


def rows(report: dict) -> list[str]:
    margin, capital, zones = report["margin"], report["capital"], report["rollingZones"]
    worst = report["shortfall"]["worst"]
    worst_text = f"{worst[0]['date']}, {worst[0]['fractionOfMargin'] * 100:.0f} %" if worst else "none"
    return [
        f"{margin['exceedances']} ({margin['expectedExceedances']:.1f})",
        f"{p_value(margin['kupiecPValue'])} / {p_value(margin['christoffersenPValue'])}",
        f"{zones['green']} / {zones['yellow']} / {zones['red']}",
        f"{percent(capital['meanMarginRatio'])} / {percent(capital['equivalentStaticRatio'])} ({capital['capitalEfficiency']:.3f})",
        f"{worst_text}; {report['shortfall']['sumUSD'] / 1e6:.2f} M",
    ]


ROW_NAMES = (
    "MM exceedances (expected)",
    "Kupiec p / Christoffersen p",
    "250-day windows green / yellow / red",
    "mean MM / smallest constant ratio as good (ratio of the two)",
    "worst shortfall (date, % of its MM); shortfall sum, USD",
)


def weights(path: Path) -> str:
    p = json.loads(path.read_text())["marketParams"]
    wad = 10**18
    # omega is per second in WAD; arch's is in %^2 per day.
    omega = int(p["garchOmega"]) / wad * 86400 * 1e4
    return f"β {int(p['garchBeta']) / wad:.4f}, α {int(p['garchAlpha']) / wad:.4f}, ω {omega:.4f} %²/day"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="backtest_table.py", description=__doc__.split("\n\n")[1])
    parser.add_argument("btc", type=Path, help="BTC daily price CSV")
    parser.add_argument("eth", type=Path, help="ETH daily price CSV")
    default_margin = ROOT / ".build-release" / "release" / "margin"
    parser.add_argument(
        "--margin", type=Path, default=default_margin, help=f"the margin binary (default {default_margin})"
    )
    args = parser.parse_args(argv)
    for path in (args.margin, args.btc, args.eth):
        if not path.is_file():
            print(f"backtest_table.py: {path}: no such file", file=sys.stderr)
            return 2
    columns = [(asset, side) for asset in ("btc", "eth") for side in SIDES]
    series = {"btc": args.btc, "eth": args.eth}
    try:
        lines = ["| | BTC long | BTC short | ETH long | ETH short |", "|---|---|---|---|---|"]
        for label, files in SETS:
            reports = [backtest(args.margin, series[a], s, files[a]) for a, s in columns]
            lines.append(f"| **{label}** | | | | |")
            cells = [rows(r) for r in reports]
            for i, name in enumerate(ROW_NAMES):
                lines.append(f"| {name} | " + " | ".join(c[i] for c in cells) + " |")
        lines.append(
            "| 1.1's GARCH(1,1) weights (arch's fit, rounded) | "
            + " | ".join(weights(DOCS / f"backtest-1.1-{a}.json") for a, _ in columns)
            + " |"
        )
    except (RuntimeError, json.JSONDecodeError, KeyError) as error:
        print(f"backtest_table.py: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
