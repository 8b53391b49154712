"""The call sequences that kill the gap mutants of Harness/mutation-survivors.json.

For every mutant classified as a gap, a short scenario built by hand: run on
the contract, the model must agree (`margin diff` passes); run on the mutant,
it must diverge. They are the sequences the scenario generator (or a vector
case) needs in order to kill these mutants. tests/test_mutation_probes.py runs
them (pytest marker `slow`, about 3 minutes).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from harness.builder import (
    ALICE,
    BOB,
    CAROL,
    DELEVERAGE,
    DEPOSIT,
    EXCHANGE,
    GLOBAL_PARAMS,
    LIST_ASSET,
    LIST_MARKET,
    ORACLE,
    OWNER,
    POST_PRICE,
    SET_CORRELATION,
    SET_GLOBAL_PARAMS,
    SET_MARKET_PARAMS,
    SETTLE_TRADE,
    WAD,
    ScenarioBuilder,
    market_params,
)
from harness.paths import DEFAULT_GOVERNANCE, RUN_PY

T = 1_700_000_000
DAY = 86_400

ETH_PARAMS = market_params(5 * 10**6 * WAD)


def engine(
    description: str,
    global_params: dict[str, int] | None = None,
    params: list[int] | None = None,
    price: int = 2000 * WAD,
    markets: int = 1,
) -> ScenarioBuilder:
    """A deployment with one 18-decimal asset at 1 USD and `markets` markets at `price`, variance 2e9."""
    b = ScenarioBuilder(description, T, global_params or GLOBAL_PARAMS)
    b.call(OWNER, T, LIST_ASSET, 18, WAD, WAD)
    for _ in range(markets):
        b.call(OWNER, T, LIST_MARKET, price, 2 * 10**9, *(params or ETH_PARAMS))
    return b


def funded(description: str, deposits: dict[str, int], **kwargs) -> ScenarioBuilder:
    b = engine(description, **kwargs)
    for account, usd in deposits.items():
        b.call(account, T + 1, DEPOSIT, 0, usd * WAD)
    return b


def with_global(**changes: int) -> dict[str, int]:
    return {**GLOBAL_PARAMS, **changes}


def with_market(k: int, value: int) -> list[int]:
    params = list(ETH_PARAMS)
    params[k] = value
    return params


# ---------------------------------------------------------------------------
# One probe per gap: the mutant's id in the seed-1 run, and the sequence
# ---------------------------------------------------------------------------


def global_min_step() -> ScenarioBuilder:  # imBuffer from 0 up by min step + 1
    b = engine("imBuffer 0 -> 1e16 + 1", global_params=with_global(imBuffer=0))
    b.call(OWNER, T + DAY, SET_GLOBAL_PARAMS, *with_global(imBuffer=10**16 + 1).values())
    return b


def market_min_step(k: int, start: int, to: int) -> Callable[[], ScenarioBuilder]:
    def build() -> ScenarioBuilder:
        b = engine(f"market parameter {k}: {start} -> {to}", params=with_market(k, start))
        b.call(OWNER, T + DAY, SET_MARKET_PARAMS, 0, *with_market(k, to))
        return b

    return build


def asset_weight_min_step() -> ScenarioBuilder:
    b = ScenarioBuilder("asset weight 0 -> 1e16", T, GLOBAL_PARAMS)
    b.call(OWNER, T, LIST_ASSET, 18, 0, WAD)
    b.call(OWNER, T + DAY, "setAssetWeight(uint256,uint256)", 0, 10**16)
    return b


def guardrail_rounding() -> ScenarioBuilder:  # 25 % of 601 = 150.25: +151 is one too many
    b = engine("maxOracleAge 601 -> 752", global_params=with_global(maxOracleAge=601))
    b.call(OWNER, T + DAY, SET_GLOBAL_PARAMS, *with_global(maxOracleAge=752).values())
    return b


def parameter_at_lower_bound() -> ScenarioBuilder:
    params = with_global(penaltyRatio=0)
    b = engine("unchanged parameters, penaltyRatio at its lower bound", global_params=params)
    b.call(OWNER, T + 1, SET_GLOBAL_PARAMS, *params.values())
    return b


def deployment_at_upper_bound() -> ScenarioBuilder:
    return engine("maxOracleAge deployed at its upper bound", global_params=with_global(maxOracleAge=86_400))


def stale_asset_at_limit() -> ScenarioBuilder:
    b = funded("withdraw with the asset price exactly maxOracleAge old", {ALICE: 10_000, BOB: 10_000})
    b.call(EXCHANGE, T + 1, SETTLE_TRADE, ALICE, BOB, 0, WAD, 2000 * WAD)
    b.call(ORACLE, T + 3600, POST_PRICE, 0, 2000 * WAD, T + 3600)
    b.call(ALICE, T + 3600, "withdraw(uint256,uint256)", 0, WAD)
    return b


def one_wei_flip_under_breaker() -> ScenarioBuilder:
    b = funded(
        "a 1-wei long flipped to a 1-wei short while the breaker is active", {ALICE: 10_000, BOB: 10_000, CAROL: 10_000}
    )
    b.call(EXCHANGE, T + 1, SETTLE_TRADE, ALICE, BOB, 0, 1, 2000 * WAD)
    b.call(EXCHANGE, T + 1, SETTLE_TRADE, CAROL, BOB, 0, 1, 2000 * WAD)
    b.call(ORACLE, T + 60, POST_PRICE, 0, 2200 * WAD, T + 60)  # +10 %: trips the breaker
    b.call(EXCHANGE, T + 61, SETTLE_TRADE, BOB, ALICE, 0, 2, 2200 * WAD)  # bob closes, alice 1 -> -1
    return b


def open_interest_view() -> ScenarioBuilder:
    b = funded("reduce a long, then marketState", {ALICE: 10_000, BOB: 10_000})
    b.call(EXCHANGE, T + 1, SETTLE_TRADE, ALICE, BOB, 0, WAD, 2000 * WAD)
    b.call(EXCHANGE, T + 2, SETTLE_TRADE, BOB, ALICE, 0, WAD // 2, 2000 * WAD)
    b.view(T + 2, "marketState(uint256)", 0)
    return b


def two_markets_then(description: str, *view: object) -> Callable[[], ScenarioBuilder]:
    def build() -> ScenarioBuilder:
        b = engine(description, markets=2)
        b.call(OWNER, T + 1, SET_CORRELATION, 0, 1, 5 * 10**17)
        b.view(T + 1, *view)
        return b

    return build


def correlation_from_non_owner() -> ScenarioBuilder:
    b = engine("setCorrelation from a non-owner", markets=2)
    b.call(ALICE, T + 1, SET_CORRELATION, 0, 1, 5 * 10**17)
    return b


def correlation_unknown_market_b() -> ScenarioBuilder:
    b = engine("setCorrelation with an unknown marketB")
    b.call(OWNER, T + 1, SET_CORRELATION, 0, 1, 0)
    return b


def correlation_of_one() -> ScenarioBuilder:
    b = engine("setCorrelation to exactly +1", markets=2)
    b.call(OWNER, T + 1, SET_CORRELATION, 0, 1, WAD)
    return b


def deposit_to_cap() -> ScenarioBuilder:
    b = engine("deposit exactly MAX_COLLATERAL")
    b.call(ALICE, T + 1, DEPOSIT, 0, 10**30)
    return b


def one_wei_price_move() -> ScenarioBuilder:
    b = engine("a 1-wei price move after 1 second")
    b.call(ORACLE, T + 1, POST_PRICE, 0, 2000 * WAD + 1, T + 1)
    return b


def fractional_band() -> ScenarioBuilder:
    b = funded("trade 1 wei beyond a band that is not whole", {ALICE: 10_000, BOB: 10_000})
    oracle = 2000 * WAD + 1
    b.call(ORACLE, T + 1, POST_PRICE, 0, oracle, T + 1)
    band = oracle * GLOBAL_PARAMS["priceBand"] // WAD
    b.call(EXCHANGE, T + 1, SETTLE_TRADE, ALICE, BOB, 0, WAD, oracle + band + 1)
    return b


def seller_past_max_position() -> ScenarioBuilder:
    b = funded("seller at -1e26 sells 1 wei more", {ALICE: 10_000, BOB: 10_000, CAROL: 10_000}, price=10**12)
    b.call(EXCHANGE, T + 1, SETTLE_TRADE, ALICE, BOB, 0, 10**26, 10**12)
    b.call(EXCHANGE, T + 1, SETTLE_TRADE, CAROL, BOB, 0, 1, 10**12)
    return b


def bankrupt_long(description: str) -> ScenarioBuilder:
    """alice long 10 ETH on 1,200 USD; the price falls 10 %: equity about -800, the fund holds fees only."""
    b = funded(description, {ALICE: 1_200, BOB: 10_000})
    b.call(EXCHANGE, T + 1, SETTLE_TRADE, ALICE, BOB, 0, 10 * WAD, 2000 * WAD)
    b.call(ORACLE, T + 60, POST_PRICE, 0, 1800 * WAD, T + 60)
    return b


def deleverage_one_wei() -> ScenarioBuilder:
    b = bankrupt_long("deleverage 1 wei of a bankrupt long: bankruptcy price above MAX_PRICE")
    b.call(CAROL, T + 60, DELEVERAGE, ALICE, BOB, 0, 1)
    return b


def adl_score_at_zero_equity() -> ScenarioBuilder:
    b = bankrupt_long("adlScore of the bankrupt after a partial deleverage (equity exactly 0)")
    b.call(CAROL, T + 60, DELEVERAGE, ALICE, BOB, 0, 5 * WAD)
    b.view(T + 60, "adlScore(address,uint256)", ALICE, 0)
    return b


PROBES: dict[str, Callable[[], ScenarioBuilder]] = {
    "M0103": global_min_step,
    "M0178": market_min_step(2, 0, 60),  # liquidationHorizon
    "M0183": market_min_step(4, WAD, 2 * WAD),  # liquidityDepth
    "M0187": market_min_step(6, 0, 61),  # breakerCooldown
    "M0247": stale_asset_at_limit,
    "M0251": one_wei_flip_under_breaker,
    "M0279": open_interest_view,
    "M0289": parameter_at_lower_bound,
    "M0295": guardrail_rounding,
    "M0370": deployment_at_upper_bound,
    "M0397": asset_weight_min_step,
    "M0440": correlation_from_non_owner,
    "M0442": correlation_unknown_market_b,
    "M0447": correlation_of_one,
    "M0480": one_wei_price_move,
    "M0499": deposit_to_cap,
    "M0525": fractional_band,
    "M0536": seller_past_max_position,
    "M0637": deleverage_one_wei,
    "M0665": adl_score_at_zero_equity,
    "M0717": two_markets_then("marketState of an unknown market", "marketState(uint256)", 2),
    "M0719": two_markets_then("correlation with an unknown marketA", "correlation(uint256,uint256)", 2, 0),
    "M0723": two_markets_then("correlationSet of a set pair", "correlationSet(uint256,uint256)", 0, 1),
    "M0724": two_markets_then("correlationSet of a set pair", "correlationSet(uint256,uint256)", 0, 1),
    "M0725": two_markets_then("position in an unknown market", "position(address,uint256)", ALICE, 2),
}


# Running a probe


def diverges(
    document: dict, contract: Path, margin: Path, folder: Path, name: str, governance: Path = DEFAULT_GOVERNANCE
) -> tuple[bool, str]:
    """Runs the scenario on the engine and its governance extension and diffs it against the model:
    (diverged, first divergence)."""
    scenario, trace = folder / f"{name}.json", folder / f"{name}.trace.jsonl"
    scenario.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    run = subprocess.run(
        [
            sys.executable,
            str(RUN_PY),
            "--scenario",
            str(scenario),
            "--out",
            str(trace),
            "--contract",
            str(contract),
            "--governance",
            str(governance),
        ],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise RuntimeError(f"run.py failed on {scenario}: {run.stderr.strip()}")
    diff = subprocess.run([str(margin), "diff", str(trace), "--json"], capture_output=True, text=True)
    if diff.returncode not in (0, 1):
        raise RuntimeError(f"margin diff failed on {trace}: {diff.stderr.strip()}")
    if diff.returncode == 0:
        return False, ""
    first = json.loads(diff.stdout)["divergences"][0]
    return True, (
        f"{first.get('call', '')[:90]}: contract {first['expected'].get('decoded', '')[:90]};"
        f" model {first['actual'].get('decoded', '')[:90]}"
    )
