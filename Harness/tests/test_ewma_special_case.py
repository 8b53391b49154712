"""Vectors/postPrice/ewmaSpecialCase: Spec 1.1's GARCH update at beta = lambda, alpha = WAD - lambda, omega = 0
is Spec 1.0's EWMA to the wei.

For every vector of the suite, the variance after each postPrice (in `setup`
and the final `call`) is recomputed here with Python integers and Spec 1.0's
formula only (Spec 1.0 operations/postPrice.md):

    newVariance = min(ceil((lambda * v + (WAD - lambda) * sample) / WAD), MAX_VARIANCE)
    sample = ceil(ceil(min(rWad, MAX_RETURN)^2 / WAD) / dt),  rWad = ceil(|p - pOld| * WAD / pOld)

and must equal the variance of that call's PriceUpdate event in the vector.
Nothing here reads the contract or the model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from spec_arithmetic import ceil_div

from harness.paths import REPO_ROOT

WAD = 10**18
MAX_VARIANCE = 10**13
MAX_RETURN = 10 * WAD
SUITE = REPO_ROOT / "Vectors/postPrice/ewmaSpecialCase"
FILES = sorted(SUITE.glob("*.json"))
MIN_FILES = 6
MIN_POSTS_PER_FILE = 10
# listMarket(price, variance, baseMarginRatio, zScore, liquidationHorizon, impactCoefficient, liquidityDepth,
#            breakerThreshold, breakerCooldown, breakerMultiplier, garchBeta, garchAlpha, garchOmega, oracleCadence,
#            depthFloor)
BETA_ARG, ALPHA_ARG, OMEGA_ARG = 10, 11, 12


@dataclass
class Market:
    price: int
    price_time: int
    variance: int
    lam: int


def spec_1_0_variance(market: Market, price: int, timestamp: int) -> int:
    """Spec 1.0's EWMA update, step by step."""
    move = abs(price - market.price)
    r_wad = ceil_div(move * WAD, market.price)
    r_var = min(r_wad, MAX_RETURN)
    sample = ceil_div(ceil_div(r_var * r_var, WAD), timestamp - market.price_time)
    mixed = market.lam * market.variance + (WAD - market.lam) * sample
    return min(ceil_div(mixed, WAD), MAX_VARIANCE)


def price_update_variance(events: list[dict[str, Any]], where: str) -> tuple[int, int, int, int]:
    updates = [e for e in events if e["name"] == "PriceUpdate"]
    assert len(updates) == 1, f"{where}: expected one PriceUpdate event, found {len(updates)}"
    market, price, timestamp, variance, _z_long, _z_short = (int(a) for a in updates[0]["args"])
    return market, price, timestamp, variance


def test_the_suite_is_there():
    assert len(FILES) >= MIN_FILES, f"{SUITE}: expected at least {MIN_FILES} vectors, found {len(FILES)}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_variance_is_spec_1_0_ewma(path):
    vector = json.loads(path.read_text(encoding="utf-8"))
    steps = [(f"setup[{i}]", s, s["expect"]) for i, s in enumerate(vector["setup"])]
    steps.append(("call", vector["call"], vector["expect"]))
    markets: list[Market] = []
    checked = 0
    for where, step, expect in steps:
        where = f"{path.name}: {where}"
        args = [int(a) for a in step["args"]]
        if expect["status"] != "success":
            continue  # a revert changes no state
        if step["function"] == "listMarket":
            lam, alpha, omega = args[BETA_ARG], args[ALPHA_ARG], args[OMEGA_ARG]
            assert (alpha, omega) == (WAD - lam, 0), f"{where}: not the EWMA case (alpha = WAD - beta, omega = 0)"
            markets.append(Market(price=args[0], price_time=int(step["timestamp"]), variance=args[1], lam=lam))
        elif step["function"] == "postPrice":
            m, price, timestamp = args
            expected = spec_1_0_variance(markets[m], price, timestamp)
            assert price_update_variance(expect["events"], where) == (m, price, timestamp, expected), (
                f"{where}: PriceUpdate(market, price, timestamp, variance) against Spec 1.0's EWMA"
            )
            markets[m] = Market(price, timestamp, expected, markets[m].lam)
            checked += 1
        else:
            pytest.fail(f"{where}: unexpected {step['function']}; this test knows listMarket and postPrice only")
    assert markets, f"{path.name}: no listMarket"
    assert checked >= MIN_POSTS_PER_FILE, (
        f"{path.name}: {checked} postPrice calls checked; expected at least {MIN_POSTS_PER_FILE}"
    )
