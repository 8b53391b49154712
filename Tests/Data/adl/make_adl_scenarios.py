"""Writes the scenarios of the ADL ranking fixtures (README.md beside this file).

Alice is long 20 ETH and goes bankrupt when the price falls from 2,000 to 1,700.
Bob is short 20 (rank 1: larger notional over his equity), Carol short 2 (rank 2:
the same PnL % at lower leverage); with --tie, Frank holds exactly Bob's account.
The contract's own adlScore views are recorded before the deleverage.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from harness.builder import (
    DELEVERAGE,
    DEPOSIT,
    EXCHANGE,
    GLOBAL_PARAMS,
    LIST_ASSET,
    LIST_MARKET,
    ORACLE,
    OWNER,
    POST_PRICE,
    SETTLE_TRADE,
    WAD,
    ScenarioBuilder,
    market_params,
)

ALICE, BOB, CAROL, DAVE = ("0x" + b * 20 for b in ("a1", "b2", "c3", "d4"))
FRANK, GRACE, KEEPER = ("0x" + b * 20 for b in ("f6", "97", "4e"))
T = 1_700_000_000


def scenario(counterparty: str, tie: bool) -> dict:
    b = ScenarioBuilder(f"ADL ranking fixture: deleverage Alice against {counterparty}", T, GLOBAL_PARAMS)
    t = T + 10
    b.call(OWNER, t, LIST_ASSET, 18, WAD, WAD)
    b.call(OWNER, t, LIST_MARKET, 2000 * WAD, 2_000_000_000, *market_params(5_000_000 * WAD))
    deposits = [(ALICE, 3000), (BOB, 100_000), (CAROL, 50_000), (DAVE, 100_000)]
    deposits += [(FRANK, 100_000), (GRACE, 100_000)] if tie else []
    for account, usd in deposits:
        b.call(account, t, DEPOSIT, 0, usd * WAD)
    b.call(EXCHANGE, t + 10, SETTLE_TRADE, ALICE, BOB, 0, 20 * WAD, 2000 * WAD)
    b.call(EXCHANGE, t + 10, SETTLE_TRADE, DAVE, CAROL, 0, 2 * WAD, 2000 * WAD)
    if tie:
        b.call(EXCHANGE, t + 10, SETTLE_TRADE, GRACE, FRANK, 0, 20 * WAD, 2000 * WAD)
    b.call(ORACLE, t + 20, POST_PRICE, 0, 1700 * WAD, t + 20)
    for account in [BOB, CAROL] + ([FRANK] if tie else []):
        b.view(t + 20, "adlScore(address,uint256)", account, 0)
    b.call(KEEPER, t + 20, DELEVERAGE, ALICE, counterparty, 0, 2 * WAD)
    b.view(t + 20, "equity(address)", ALICE)
    return b.document()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder for the three scenario files")
    out = parser.parse_args().out
    cases = {"adl-top-ranked": (BOB, False), "adl-misranked": (CAROL, False), "adl-tie": (FRANK, True)}
    for name, (counterparty, tie) in cases.items():
        text = json.dumps(scenario(counterparty, tie), indent=2, sort_keys=True) + "\n"
        (out / f"{name}.json").write_text(text)


if __name__ == "__main__":
    main()
