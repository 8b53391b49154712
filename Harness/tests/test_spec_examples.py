"""The contract on py-evm against numbers taken from Spec/, computed here independently of the contract.

- basics: the equity of a fresh depositor by hand, the worked examples of
  operations/postPrice.md (1.0's EWMA as GARCH weights, and the GARCH example
  with a long-run level), a trade with its fee and event, reverts with their
  exact bytes, the trace's shape and determinism;
- the eval example of eval-state-format.md, built up through calls, against
  the expected marginBreakdown of both accounts;
- a partial liquidation, InsuranceInsufficient and a deleverage, against the
  invariants of invariants.md and the formulas of liquidate.md and deleverage.md.
"""

from __future__ import annotations

import json
from typing import Any

from eth_abi import decode, encode
from eth_utils import keccak
from spec_arithmetic import ceil_div
from trace_reading import address_topic, returned, topic0, word

from harness.builder import (
    ALICE,
    BOB,
    CAROL,
    DAVE,
    EVE,
    EXCHANGE,
    GLOBAL_PARAMS,
    LIST_MARKET,
    ORACLE,
    OWNER,
    SET_GLOBAL_PARAMS,
    SET_MARKET_PARAMS,
    WAD,
    ScenarioBuilder,
    error_bytes,
    market_params,
)
from harness.scenario import DEPLOYMENT_LINES
from harness.trace_compare import transaction_logs

SETTLE = "settleTrade(address,address,uint256,uint256,uint256)"
POST = "postPrice(uint256,uint256,uint256)"
PRICE_UPDATE = (
    "PriceUpdate(uint256,uint256,uint256,uint256,uint256,uint256)"  # market, price, time, variance, zLong, zShort
)
Z = 233 * 10**16  # the example's zScore: with zStep = 0 both sides' adaptive z stay there
ACCOUNT_1 = "0x1000000000000000000000000000000000000001"  # eval-state-format.md example
ACCOUNT_2 = "0x2000000000000000000000000000000000000002"


def test_basics_against_hand_computed_numbers(run_trace) -> None:
    T = 1_700_000_000
    b = ScenarioBuilder("smoke: listing, deposit, postPrice examples, a trade, views, reverts", T, GLOBAL_PARAMS)
    list_asset = b.call(OWNER, T, "listAsset(uint256,uint256,uint256)", 18, 9 * 10**17, WAD)
    list_eth = b.call(
        OWNER,
        T,
        LIST_MARKET,
        2000 * WAD,
        2 * 10**9,
        *market_params(5 * 10**6 * WAD),
    )
    list_btc = b.call(
        OWNER,
        T,
        LIST_MARKET,
        40000 * WAD,
        15 * 10**8,
        *market_params(2 * 10**7 * WAD),
    )
    list_m2 = b.call(
        OWNER,
        T,
        LIST_MARKET,
        2000 * WAD,
        2 * 10**9,
        *market_params(5 * 10**6 * WAD),
    )
    garch = (90 * 10**16, 8 * 10**16, 4 * 10**8)  # postPrice.md's GARCH example: beta 0.90, alpha 0.08, omega 4e8
    list_garch = b.call(OWNER, T, LIST_MARKET, 2000 * WAD, 2 * 10**9, *market_params(5 * 10**6 * WAD, garch=garch))
    set_rho = b.call(OWNER, T, "setCorrelation(uint256,uint256,int256)", 0, 1, 8 * 10**17)
    dep_alice = b.call(ALICE, T + 1, "deposit(uint256,uint256)", 0, 10_000 * WAD)
    dep_bob = b.call(BOB, T + 1, "deposit(uint256,uint256)", 0, 10_000 * WAD)
    eq_alice_fresh = b.view(T + 1, "equity(address)", ALICE)
    bd_alice_fresh = b.view(T + 1, "marginBreakdown(address)", ALICE)

    # postPrice.md worked example 1: beta 0.94, alpha 0.06, omega 0 (1.0's lambda 0.94), variance 2e9, pOld 2000,
    # dt 60, price 2010.
    post_1 = b.call(ORACLE, T + 60, "postPrice(uint256,uint256,uint256)", 0, 2010 * WAD, T + 60)
    state_1 = b.view(T + 60, "marketState(uint256)", 0)
    # postPrice.md's GARCH example on market 3: beta 0.90, alpha 0.08, omega 4e8, the same start and move.
    post_garch = b.call(ORACLE, T + 60, "postPrice(uint256,uint256,uint256)", 3, 2010 * WAD, T + 60)
    state_garch = b.view(T + 60, "marketState(uint256)", 3)
    params_garch = b.view(T + 60, "marketParams(uint256)", 3)
    # postPrice.md worked example 2 on market 2 (same start): price 1777e18 + 3, dt 7, trips the breaker.
    post_2 = b.call(ORACLE, T + 60, "postPrice(uint256,uint256,uint256)", 2, 1777 * WAD + 3, T + 7)
    state_2 = b.view(T + 60, "marketState(uint256)", 2)

    # A trade at the oracle price, then views.
    trade = b.call(
        EXCHANGE, T + 60, "settleTrade(address,address,uint256,uint256,uint256)", ALICE, BOB, 0, WAD, 2010 * WAD
    )
    pos_alice = b.view(T + 60, "position(address,uint256)", ALICE, 0)
    pos_bob = b.view(T + 60, "position(address,uint256)", BOB, 0)
    fund = b.view(T + 60, "insuranceFund()")
    cash_alice = b.view(T + 60, "cash(address)", ALICE)
    eq_alice = b.view(T + 60, "equity(address)", ALICE)
    bd_alice = b.view(T + 60, "marginBreakdown(address)", ALICE)
    liq_alice = b.view(T + 60, "isLiquidatable(address)", ALICE)
    adl_bob = b.view(T + 60, "adlScore(address,uint256)", BOB, 0)
    gp = b.view(T + 60, "globalParams()")

    # Reverts.
    unauthorized = b.call(ALICE, T + 61, "listAsset(uint256,uint256,uint256)", 18, WAD, WAD)
    unknown_market = b.call(ORACLE, T + 61, "postPrice(uint256,uint256,uint256)", 5, WAD, T + 61)
    out_of_band = b.call(
        EXCHANGE, T + 61, "settleTrade(address,address,uint256,uint256,uint256)", ALICE, BOB, 0, WAD, 2100 * WAD
    )
    too_large = b.call(
        EXCHANGE, T + 61, "settleTrade(address,address,uint256,uint256,uint256)", CAROL, BOB, 0, 10**26, 2010 * WAD
    )
    zero_amount = b.call(ALICE, T + 61, "deposit(uint256,uint256)", 0, 0)
    stale = b.call(
        EXCHANGE, T + 60 + 3601, "settleTrade(address,address,uint256,uint256,uint256)", ALICE, BOB, 0, WAD, 2010 * WAD
    )
    fund_after = b.view(T + 60 + 3601, "insuranceFund()")

    lines, raw = run_trace(b.document(), "basics")
    _, raw_again = run_trace(b.document(), "basics-again")
    assert raw_again == raw, "basics: two runs give byte-identical traces"
    assert len(lines) == len(b.calls) + DEPLOYMENT_LINES, "basics: one trace line per call plus the two deployments"

    extension, deploy = lines[0], lines[1]
    assert (extension["type"], extension["block"]["number"], "error" in extension, extension["logs"]) == (
        "CREATE",
        "1",
        False,
        [],
    ), "the governance extension's deployment: type CREATE, block 1, succeeds, logs nothing"
    assert (deploy["type"], deploy["block"]["number"], "error" in deploy) == ("CREATE", "1", False), (
        "deployment: type CREATE, block 1, succeeds"
    )
    assert [log["topics"][0] for log in deploy["logs"]] == [
        topic0("RolesSet(address,address)"),
        topic0(
            "GlobalParamsSet(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)"
        ),
    ], "deployment: events RolesSet then GlobalParamsSet"
    assert deploy["logs"][0]["topics"][1:] == [address_topic(ORACLE), address_topic(EXCHANGE)], (
        "deployment: RolesSet indexes oracle and exchange"
    )
    contract = deploy["to"]
    create = lambda nonce: "0x" + keccak(bytes.fromhex("d694") + bytes.fromhex(OWNER[2:]) + nonce)[12:].hex()  # noqa: E731
    assert (extension["to"], contract) == (create(b"\x80"), create(b"\x01")), (
        "deployment: the extension at CREATE(deployer, nonce 0), the engine at CREATE(deployer, nonce 1)"
    )
    assert [line["block"]["number"] for line in lines] == ["1"] + [str(i) for i in range(1, len(lines))], (
        "both deployments in block 1, then block numbers count up by one per line"
    )
    assert [json.dumps(line, sort_keys=True, separators=(",", ":")) for line in lines] == raw.decode().splitlines(), (
        "every line is canonical JSON (sorted keys, compact)"
    )

    assert returned(lines[list_asset], ["uint256"]) == (0,), "listAsset returns asset 0"
    assert [returned(lines[i], ["uint256"])[0] for i in (list_eth, list_btc, list_m2, list_garch)] == [0, 1, 2, 3], (
        "listMarket returns 0, 1, 2, 3"
    )
    assert [log["topics"][0] for log in transaction_logs(lines[list_garch])] == [
        topic0("MarketListed(uint256,uint256,uint256)"),
        topic0("MarketParamsSet(" + ",".join(["uint256"] * 16) + ")"),
    ], "listMarket emits MarketListed then MarketParamsSet with 16 fields (market + 15 parameters)"
    assert transaction_logs(lines[list_garch])[1]["topics"][1:] == [word(3)], "MarketParamsSet indexes the market"
    assert decode(["uint256"] * 15, bytes.fromhex(transaction_logs(lines[list_garch])[1]["data"][2:])) == tuple(
        market_params(5 * 10**6 * WAD, garch=garch)
    ), "MarketParamsSet carries the 15 parameters, ... oracleCadence, depthFloor, zStep, zHeadroom last"
    assert (transaction_logs(lines[set_rho])[0]["topics"], transaction_logs(lines[set_rho])[0]["data"]) == (
        [topic0("CorrelationSet(uint256,uint256,int256)"), word(0), word(1)],
        word(8 * 10**17),
    ), "setCorrelation emits CorrelationSet(0, 1, 0.8)"
    assert ["error" in lines[i] for i in (dep_alice, dep_bob)] == [False, False], "deposits succeed"
    assert lines[dep_alice]["logs"][0]["topics"] == [
        topic0("Deposit(address,uint256,uint256)"),
        address_topic(ALICE),
        word(0),
    ], "Deposit event: account and asset indexed"

    # Equity of a fresh depositor = floor(floor(amount * price) * weight), by hand.
    haircut = (10_000 * WAD * WAD // WAD) * (9 * 10**17) // WAD
    assert returned(lines[eq_alice_fresh], ["int256"]) == (haircut,), (
        "fresh depositor: equity == haircut collateral value (9000 USD)"
    )
    assert returned(lines[bd_alice_fresh], ["int256"] + ["uint256"] * 11) == (
        haircut,
        haircut,
        0,
        0,
        0,
        0,
        0,
        0,
        2 * WAD,
        0,
        0,
        0,
    ), "fresh depositor: breakdown has MM = IM = 0, S = 2 (empty fund), no tier discount"

    # postPrice worked example 1.
    rwad = ceil_div(10 * WAD * WAD, 2000 * WAD)  # divUp(move * WAD, pOld)
    sample = ceil_div(ceil_div(rwad * rwad, WAD), 60)
    new_variance = ceil_div(94 * 10**16 * 2 * 10**9 + 6 * 10**16 * sample, WAD)
    assert (rwad, sample, new_variance) == (5000000000000000, 416666666667, 26880000001), (
        "postPrice example 1: numbers by hand"
    )
    log = lines[post_1]["logs"]
    assert [(e["topics"], e["data"]) for e in log] == [
        (
            [topic0(PRICE_UPDATE), word(0)],
            "0x" + encode(["uint256"] * 5, [2010 * WAD, T + 60, 26880000001, Z, Z]).hex(),
        )
    ], "postPrice example 1: one PriceUpdate event with newVariance 26880000001"
    assert returned(lines[state_1], ["uint256"] * 7) == (2010 * WAD, T + 60, 26880000001, 0, 0, Z, Z), (
        "postPrice example 1: marketState"
    )

    # postPrice.md's GARCH example: the same rWad and sample, the mix at beta 0.90 and alpha 0.08, plus omega.
    mixed = 90 * 10**16 * 2 * 10**9 + 8 * 10**16 * sample
    garch_variance = ceil_div(mixed, WAD) + 4 * 10**8
    assert (mixed, ceil_div(mixed, WAD), garch_variance) == (
        35133333333360000000000000000,
        35133333334,
        35533333334,
    ), "postPrice GARCH example: numbers by hand"
    assert [(e["topics"], e["data"]) for e in lines[post_garch]["logs"]] == [
        (
            [topic0(PRICE_UPDATE), word(3)],
            "0x" + encode(["uint256"] * 5, [2010 * WAD, T + 60, 35533333334, Z, Z]).hex(),
        )
    ], "postPrice GARCH example: one PriceUpdate event with newVariance 35533333334"
    assert returned(lines[state_garch], ["uint256"] * 7) == (2010 * WAD, T + 60, 35533333334, 0, 0, Z, Z), (
        "postPrice GARCH example: marketState"
    )
    assert returned(lines[params_garch], ["uint256"] * 15) == tuple(market_params(5 * 10**6 * WAD, garch=garch)), (
        "marketParams returns the 15 parameters as listed"
    )

    # postPrice worked example 2.
    assert [(e["topics"], e["data"]) for e in lines[post_2]["logs"]] == [
        (
            [topic0(PRICE_UPDATE), word(2)],
            "0x" + encode(["uint256"] * 5, [1777 * WAD + 3, T + 7, 10**13, Z, Z]).hex(),
        ),
        (
            [topic0("BreakerTripped(uint256,uint256,uint256)"), word(2)],
            "0x" + encode(["uint256"] * 2, [111500000000000000, T + 60 + 1800]).hex(),
        ),
    ], "postPrice example 2: PriceUpdate then BreakerTripped(2, 0.1115, now + 1800)"
    assert ceil_div(ceil_div(111500000000000000**2, WAD), 7) == 1776035714285715, "postPrice example 2: sample by hand"
    assert returned(lines[state_2], ["uint256"] * 7) == (1777 * WAD + 3, T + 7, 10**13, T + 60 + 1800, 0, Z, Z), (
        "postPrice example 2: marketState"
    )

    # The trade: 1 ETH at 2010, fee 0.05 % per side.
    fee = 2010 * WAD * (5 * 10**14) // WAD
    trade_log = lines[trade]["logs"]
    assert trade_log[0]["topics"][0] == "0xab28fafbf0cdbba10049c4c0a317761dcff82260ee807bdc6590b32a16f4a436", (
        "Trade topic0 equals abi.md"
    )
    assert (trade_log[0]["topics"][1:], trade_log[0]["data"]) == (
        [address_topic(ALICE), address_topic(BOB), word(0)],
        "0x" + encode(["uint256", "uint256", "uint256", "int256", "int256"], [WAD, 2010 * WAD, fee, 0, 0]).hex(),
    ), "Trade event: buyer, seller, market indexed; size, price, fee, realised"
    assert (returned(lines[pos_alice], ["int256", "int256"]), returned(lines[pos_bob], ["int256", "int256"])) == (
        (WAD, 2010 * WAD),
        (-WAD, -2010 * WAD),
    ), "positions after the trade"
    assert returned(lines[fund], ["uint256"]) == (2 * fee,), "fund holds both fees"
    assert returned(lines[cash_alice], ["int256"]) == (-fee,), "buyer's cash is minus the fee"
    assert returned(lines[eq_alice], ["int256"]) == (haircut - fee,), (
        "equity after the trade = haircut - fee (mark = entry)"
    )
    breakdown = returned(lines[bd_alice], ["int256"] + ["uint256"] * 11)
    notional = 2010 * WAD
    base = notional * 10**16 // WAD
    impact = ceil_div((notional * 10**17 // WAD) * notional, 5 * 10**6 * WAD)
    assert breakdown[2:4] == (base, impact), "breakdown after the trade: base and impact by hand"
    assert breakdown[5] == breakdown[4], "breakdown: quadraticVaR == sumRisk for a single position"
    assert returned(lines[liq_alice], ["bool"]) == (False,), "isLiquidatable(alice) is false"
    assert returned(lines[adl_bob], ["int256"]) == (0,), "adlScore(bob) with zero PnL is 0"
    assert returned(lines[gp], ["uint256"] * 11) == tuple(GLOBAL_PARAMS.values()), (
        "globalParams() returns the constructor values"
    )

    # Reverts, with exact bytes.
    assert (lines[unauthorized].get("error"), lines[unauthorized]["output"], transaction_logs(lines[unauthorized])) == (
        "execution reverted",
        "0x8e4a23d6" + "00" * 12 + ALICE[2:],
        [],
    ), "wrong caller: Unauthorized(alice) = 0x8e4a23d6 ++ padded caller"
    assert lines[unknown_market]["output"] == error_bytes("UnknownMarket(uint256)", 5), (
        "unknown market: UnknownMarket(5)"
    )
    assert lines[out_of_band]["output"] == error_bytes(
        "PriceOutOfBand(uint256,uint256,uint256)", 0, 2100 * WAD, 2010 * WAD
    ), "price band: PriceOutOfBand(0, 2100, 2010)"
    assert lines[stale]["output"] == error_bytes("StalePrice(uint256,uint256)", 0, 3601), (
        "stale price: StalePrice(0, 3601)"
    )
    assert (
        lines[too_large]["output"]
        == "0x45d716bd" + "00" * 12 + BOB[2:] + "00" * 32 + ((-(10**26 + WAD)) % 2**256).to_bytes(32, "big").hex()
    ), "negative int256 argument: PositionTooLarge(bob, 0, -(1e26 + 1e18)) in two's complement"
    assert lines[zero_amount]["output"] == "0x1f2a2005", "zero-argument error: ZeroAmount() is exactly 0x1f2a2005"
    assert returned(lines[fund_after], ["uint256"]) == (2 * fee,), "reverts change nothing: fund unchanged"
    assert lines[fund_after]["type"] == "STATICCALL", "views are STATICCALL lines"


# ---------------------------------------------------------------------------
# Scenario 2: the eval example of eval-state-format.md, built through calls
# ---------------------------------------------------------------------------

EVAL_EXPECTED = {
    ACCOUNT_1: (
        7198750000000000000000,
        6600000000000000000000,
        400000000000000000000,
        10000000000000000000,
        349711359170151507400,
        139376512418313510443,
        104913407751045452220,
        139376512418313510443,
        1750000000000000000,
        961408896732048643276,
        1442113345098072964914,
    ),
    ACCOUNT_2: (
        3400000000000000000000,
        4000000000000000000000,
        400000000000000000000,
        10000000000000000000,
        349711359170151507400,
        139376512418313510443,
        104913407751045452220,
        139376512418313510443,
        1750000000000000000,
        961408896732048643276,
        1442113345098072964914,
    ),
}


def garch_variance(variance: int, p_old: int, price: int, dt: int, beta: int, alpha: int, omega: int) -> int:
    """operations/postPrice.md steps 8-14, by hand."""
    r_wad = ceil_div(abs(price - p_old) * WAD, p_old)
    r_var = min(r_wad, 10 * WAD)
    sample = ceil_div(ceil_div(r_var * r_var, WAD), dt)
    return min(ceil_div(beta * variance + alpha * sample, WAD) + omega, 10**13)


def listing_variance(target: int, posts: list[tuple[int, int, int]]) -> int:
    """The listing variance after which `posts` (pOld, price, dt) at the example's weights (0.94, 0.06, 0) end at
    exactly `target`. Each update is nondecreasing in the variance and rises by at most 1 per wei, so a binary
    search finds it whenever the posts alone stay below the target."""

    def after(v: int) -> int:
        for p_old, price, dt in posts:
            v = garch_variance(v, p_old, price, dt, 94 * 10**16, 6 * 10**16, 0)
        return v

    lo, hi = 0, 10**13
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (mid + 1, hi) if after(mid) < target else (lo, mid)
    assert after(lo) == target, f"no listing variance reaches {target} after {posts}"
    return lo


def build_eval_example() -> tuple[ScenarioBuilder, dict[str, int]]:
    """The eval example's state, reached through calls.

    The fund gets exactly 250,000 USD from one fee-paying trade in an auxiliary
    market 2 (price 1e8 USD, no risk terms) at feeRatio 0.01 %; the fee is then
    lowered to 0 (one guardrail step after the cooldown) so that accounts 1 and
    2 pay none. Account 1's cash of -1.25 USD is a realised round trip against
    Eve. Markets are listed with the example's GARCH weights (beta 0.94, alpha
    0.06, omega 0); alpha cannot be raised from 0 to 0.06 in one guardrail step,
    so instead of freezing the variance the listing variances are chosen
    (`listing_variance`, by hand from postPrice.md) so that the price posts end
    at exactly 2e9 and 1.5e9. The posts are months apart so that the samples
    stay small. The BTC breaker is tripped at 1699999200 (36363 -> 40000,
    +10.0 %) so that it runs until 1700001000.
    """
    T0 = 1_695_000_000
    T1 = T0 + 86400
    BTC_LOW_AT = 1_697_500_000  # BTC at 36363 (-9.5 %, no trip), far from both neighbouring posts
    eth_variance = listing_variance(
        2 * 10**9, [(1950 * WAD, 1950 * WAD, T1 - T0), (1950 * WAD, 2000 * WAD, 1_700_000_300 - T1)]
    )
    btc_variance = listing_variance(
        15 * 10**8,
        [
            (40200 * WAD, 40200 * WAD, T1 - T0),
            (40200 * WAD, 36363 * WAD, BTC_LOW_AT - T1),
            (36363 * WAD, 40000 * WAD, 1_699_999_200 - BTC_LOW_AT),
            (40000 * WAD, 40000 * WAD, 1_700_000_500 - 1_699_999_200),
        ],
    )
    params = dict(GLOBAL_PARAMS, feeRatio=10**14)
    b = ScenarioBuilder("smoke: the eval example of Spec/eval-state-format.md, built through calls", T0, params)
    b.call(OWNER, T0, "listAsset(uint256,uint256,uint256)", 6, WAD, WAD)  # USDC
    b.call(OWNER, T0, "listAsset(uint256,uint256,uint256)", 18, 8 * 10**17, 1900 * WAD)  # ETH
    b.call(OWNER, T0, LIST_MARKET, 1950 * WAD, eth_variance, *market_params(5 * 10**6 * WAD))
    b.call(OWNER, T0, LIST_MARKET, 40200 * WAD, btc_variance, *market_params(2 * 10**7 * WAD))
    b.call(OWNER, T0, LIST_MARKET, 10**26, 0, 0, 0, 0, 0, WAD, 10**19, 0, WAD, WAD, 0, 0, 3600, WAD, 0, 0)  # fee market
    b.call(OWNER, T0, "setCorrelation(uint256,uint256,int256)", 0, 1, 8 * 10**17)
    b.call(CAROL, T0, "deposit(uint256,uint256)", 0, 200_000 * 10**6)
    b.call(DAVE, T0, "deposit(uint256,uint256)", 0, 200_000 * 10**6)
    fee_trade = b.call(EXCHANGE, T0, SETTLE, CAROL, DAVE, 2, 125 * 10**17, 10**26)  # 1.25e9 USD notional

    b.call(OWNER, T1, SET_GLOBAL_PARAMS, *dict(params, feeRatio=0).values())
    b.call(ACCOUNT_1, T1, "deposit(uint256,uint256)", 0, 5000 * 10**6)
    b.call(ACCOUNT_1, T1, "deposit(uint256,uint256)", 1, WAD)
    b.call(ACCOUNT_2, T1, "deposit(uint256,uint256)", 0, 4000 * 10**6)
    b.call(EVE, T1, "deposit(uint256,uint256)", 0, 10_000 * 10**6)
    b.call(ORACLE, T1, POST, 0, 1950 * WAD, T1)
    b.call(ORACLE, T1, POST, 1, 40200 * WAD, T1)
    b.call(EXCHANGE, T1, SETTLE, ACCOUNT_1, EVE, 0, WAD, 1950 * WAD)
    b.call(EXCHANGE, T1, SETTLE, EVE, ACCOUNT_1, 0, WAD, 194875 * 10**16)  # realises -1.25
    b.call(EXCHANGE, T1, SETTLE, ACCOUNT_1, ACCOUNT_2, 0, 10 * WAD, 1950 * WAD)
    trade_2_positions = b.call(EXCHANGE, T1, SETTLE, ACCOUNT_2, ACCOUNT_1, 1, 5 * 10**17, 40200 * WAD)

    b.call(ORACLE, BTC_LOW_AT, POST, 1, 36363 * WAD, BTC_LOW_AT)
    b.call(ORACLE, 1_699_999_200, POST, 1, 40000 * WAD, 1_699_999_200)  # +10.0 %: trips the breaker
    b.call(ORACLE, 1_700_000_000, "postAssetPrice(uint256,uint256,uint256)", 0, WAD, 1_700_000_000)
    b.call(ORACLE, 1_700_000_300, "postAssetPrice(uint256,uint256,uint256)", 1, 2000 * WAD, 1_700_000_300)
    b.call(ORACLE, 1_700_000_300, POST, 0, 2000 * WAD, 1_700_000_300)
    b.call(ORACLE, 1_700_000_500, POST, 1, 40000 * WAD, 1_700_000_500)
    # Unchanged parameters: setMarketParams (market + 13) succeeds without a cooldown and changes nothing.
    b.call(OWNER, 1_700_000_500, SET_MARKET_PARAMS, 0, *market_params(5 * 10**6 * WAD))
    b.call(OWNER, 1_700_000_500, SET_MARKET_PARAMS, 1, *market_params(2 * 10**7 * WAD))

    T = 1_700_000_600
    marks = {"fee_trade": fee_trade, "trade_2_positions": trade_2_positions}
    marks["fund"] = b.view(T, "insuranceFund()")
    marks["market0"] = b.view(T, "marketState(uint256)", 0)
    marks["market1"] = b.view(T, "marketState(uint256)", 1)
    marks["params0"] = b.view(T, "marketParams(uint256)", 0)
    for i, account in enumerate((ACCOUNT_1, ACCOUNT_2)):
        marks[f"bd{i}"] = b.view(T, "marginBreakdown(address)", account)
        marks[f"mm{i}"] = b.view(T, "maintenanceMargin(address)", account)
        marks[f"im{i}"] = b.view(T, "initialMargin(address)", account)
        marks[f"liq{i}"] = b.view(T, "isLiquidatable(address)", account)
        marks[f"upnl{i}"] = b.view(T, "unrealisedPnl(address,uint256)", account, 0)
        marks[f"cash{i}"] = b.view(T, "cash(address)", account)
    return b, marks


def test_eval_example_reached_through_calls(run_trace) -> None:
    b, marks = build_eval_example()
    lines, _ = run_trace(b.document(), "eval-example")
    failed_setup = [(i, line["output"]) for i, line in enumerate(lines) if "error" in line]
    assert failed_setup == [], "eval example: every setup call succeeds"
    assert returned(lines[marks["fund"]], ["uint256"]) == (250_000 * WAD,), "eval example: fund = 250,000 USD"
    assert returned(lines[marks["market0"]], ["uint256"] * 7) == (
        2000 * WAD,
        1_700_000_300,
        2 * 10**9,
        0,
        10 * WAD,
        Z,
        Z,
    ), "eval example: ETH-PERP state"
    assert returned(lines[marks["market1"]], ["uint256"] * 7) == (
        40000 * WAD,
        1_700_000_500,
        15 * 10**8,
        1_700_001_000,
        5 * 10**17,
        Z,
        Z,
    ), "eval example: BTC-PERP state"
    assert returned(lines[marks["params0"]], ["uint256"] * 15) == tuple(market_params(5 * 10**6 * WAD)), (
        "eval example: ETH-PERP params as in the example"
    )
    for i, account in enumerate((ACCOUNT_1, ACCOUNT_2)):
        expected = EVAL_EXPECTED[account]
        assert returned(lines[marks[f"bd{i}"]], ["int256"] + ["uint256"] * 10) == expected, (
            f"eval example: marginBreakdown(account {i + 1}) == expected output"
        )
        assert (returned(lines[marks[f"mm{i}"]], ["uint256"])[0], returned(lines[marks[f"im{i}"]], ["uint256"])[0]) == (
            expected[9],
            expected[10],
        ), f"eval example: maintenanceMargin and initialMargin (account {i + 1})"
        assert returned(lines[marks[f"liq{i}"]], ["bool"]) == (False,), (
            f"eval example: isLiquidatable(account {i + 1}) is false"
        )
    assert (returned(lines[marks["upnl0"]], ["int256"])[0], returned(lines[marks["upnl1"]], ["int256"])[0]) == (
        500 * WAD,
        -500 * WAD,
    ), "eval example: unrealisedPnl in ETH-PERP (+500, -500)"
    assert (returned(lines[marks["cash0"]], ["int256"])[0], returned(lines[marks["cash1"]], ["int256"])[0]) == (
        -125 * 10**16,
        0,
    ), "eval example: cash (-1.25, 0)"


# ---------------------------------------------------------------------------
# Scenario 3: liquidation, bad debt and deleveraging, checked with invariants.md
# ---------------------------------------------------------------------------


def test_liquidation_bad_debt_and_deleverage_keep_the_invariants(run_trace) -> None:
    T = 1_700_000_000
    LIQUIDATOR = CAROL
    accounts = (ALICE, BOB, LIQUIDATOR, EVE)
    b = ScenarioBuilder(
        "smoke: partial liquidation, InsuranceInsufficient, deleverage", T, dict(GLOBAL_PARAMS, insuranceTarget=0)
    )
    b.call(OWNER, T, "listAsset(uint256,uint256,uint256)", 18, WAD, WAD)
    b.call(OWNER, T, LIST_MARKET, 2000 * WAD, 2 * 10**9, *market_params(5 * 10**6 * WAD))
    b.call(ALICE, T, "deposit(uint256,uint256)", 0, 1000 * WAD)
    b.call(BOB, T, "deposit(uint256,uint256)", 0, 10_000 * WAD)
    b.call(LIQUIDATOR, T, "deposit(uint256,uint256)", 0, 100_000 * WAD)
    opened = b.call(EXCHANGE, T, SETTLE, ALICE, BOB, 0, 5 * WAD, 2000 * WAD)
    marks: dict[str, Any] = {"opened": opened}

    def snapshot(tag: str, t: int) -> None:
        marks[tag] = {
            "fund": b.view(t, "insuranceFund()"),
            "state": b.view(t, "marketState(uint256)", 0),
            **{f"cash{a}": b.view(t, "cash(address)", a) for a in accounts},
            **{f"pos{a}": b.view(t, "position(address,uint256)", a, 0) for a in accounts},
            **{f"eq{a}": b.view(t, "equity(address)", a) for a in accounts},
            "mmAlice": b.view(t, "maintenanceMargin(address)", ALICE),
            "liqAlice": b.view(t, "isLiquidatable(address)", ALICE),
        }

    snapshot("healthy", T + 1)
    marks["notLiquidatable"] = b.call(LIQUIDATOR, T + 1, "liquidate(address,uint256,uint256)", ALICE, 0, WAD)
    b.call(ORACLE, T + 60, POST, 0, 1820 * WAD, T + 60)  # -9 %: no breaker
    snapshot("dropped", T + 60)
    marks["partial"] = b.call(LIQUIDATOR, T + 60, "liquidate(address,uint256,uint256)", ALICE, 0, WAD)
    snapshot("afterPartial", T + 60)
    b.call(ORACLE, T + 120, POST, 0, 1700 * WAD, T + 120)
    snapshot("insolvent", T + 120)
    marks["adlBob"] = b.view(T + 120, "adlScore(address,uint256)", BOB, 0)
    marks["insufficient"] = b.call(LIQUIDATOR, T + 120, "liquidate(address,uint256,uint256)", ALICE, 0, 4 * WAD)
    marks["ineligible"] = b.call(
        EVE, T + 120, "deleverage(address,address,uint256,uint256)", ALICE, LIQUIDATOR, 0, 4 * WAD
    )
    marks["deleverage"] = b.call(EVE, T + 120, "deleverage(address,address,uint256,uint256)", ALICE, BOB, 0, 4 * WAD)
    snapshot("deleveraged", T + 120)

    lines, _ = run_trace(b.document(), "liquidation")

    def one(i: int, kind: str) -> Any:
        return returned(lines[i], [kind])[0]

    def conservation(tag: str) -> int:
        m = marks[tag]
        total = one(m["fund"], "uint256")
        for a in accounts:
            total += one(m[f"cash{a}"], "int256") - returned(lines[m[f"pos{a}"]], ["int256", "int256"])[1]
        return total

    def sizes(tag: str) -> list[int]:
        return [returned(lines[marks[tag][f"pos{a}"]], ["int256", "int256"])[0] for a in accounts]

    assert "error" not in lines[opened], "liquidation: the opening trade succeeds"
    for tag in ("healthy", "dropped", "afterPartial", "insolvent", "deleveraged"):
        assert conservation(tag) == 0, f"liquidation [{tag}]: conservation (cash - openNotional + fund == 0)"
        state = returned(lines[marks[tag]["state"]], ["uint256"] * 7)
        assert (sum(sizes(tag)), state[4]) == (0, sum(max(x, 0) for x in sizes(tag))), (
            f"liquidation [{tag}]: net size 0 and openInterest == sum of longs"
        )

    healthy = marks["healthy"]
    assert lines[marks["notLiquidatable"]]["output"] == error_bytes(
        "NotLiquidatable(address,int256,uint256)",
        ALICE,
        one(healthy[f"eq{ALICE}"], "int256"),
        one(healthy["mmAlice"], "uint256"),
    ), "liquidate a healthy account: NotLiquidatable(alice, equity, MM) as the views say"
    assert one(marks["dropped"]["liqAlice"], "bool"), "after the drop alice is liquidatable"
    partial = lines[marks["partial"]]
    assert ("error" in partial, [log["topics"][0] for log in partial["logs"]]) == (
        False,
        [topic0("Liquidation(address,address,uint256,uint256,uint256,uint256,uint256,uint256)")],
    ), "partial liquidation succeeds with one Liquidation event"
    size, price, penalty, reward, covered = decode(["uint256"] * 5, bytes.fromhex(partial["logs"][0]["data"][2:]))
    equity_dropped = one(marks["dropped"][f"eq{ALICE}"], "int256")
    assert (size, price, reward, covered) == (WAD, 1820 * WAD, penalty * 5 * 10**17 // WAD, 0), (
        "partial liquidation: 1 unit at the oracle price, reward = floor(penalty / 2), no bad debt"
    )
    assert penalty == min(ceil_div(1820 * WAD * 10**16, WAD), max(equity_dropped, 0)), (
        "partial liquidation: penalty = min(ceil(1820 * 1%), equity after the close)"
    )
    assert sizes("afterPartial")[:3] == [4 * WAD, -5 * WAD, WAD], (
        "partial liquidation: sizes alice 4, bob -5, liquidator 1"
    )
    insolvent = marks["insolvent"]
    equity_insolvent = one(insolvent[f"eq{ALICE}"], "int256")
    fund_insolvent = one(insolvent["fund"], "uint256")
    assert (equity_insolvent < 0, fund_insolvent < -equity_insolvent) == (True, True), (
        "alice is insolvent and the fund cannot cover it"
    )
    assert one(marks["adlBob"], "int256") > 0, "bob's ADL score is positive"
    assert lines[marks["insufficient"]]["output"] == error_bytes(
        "InsuranceInsufficient(address,uint256,uint256)", ALICE, -equity_insolvent, fund_insolvent
    ), "full liquidation: InsuranceInsufficient(alice, -equity, fund)"
    assert lines[marks["ineligible"]]["output"][:10] == "0x0fdff349", (
        "deleverage against a same-side position: IneligibleCounterparty"
    )
    deleverage = lines[marks["deleverage"]]
    assert ("error" in deleverage, [log["topics"][0] for log in deleverage["logs"]]) == (
        False,
        [topic0("Deleverage(address,address,uint256,uint256,uint256,uint256)")],
    ), "deleverage succeeds with one Deleverage event"
    d_size, q, fund_used = decode(["uint256"] * 3, bytes.fromhex(deleverage["logs"][0]["data"][2:]))
    remaining = -equity_insolvent - fund_insolvent
    assert (d_size, fund_used, q) == (4 * WAD, fund_insolvent, 1700 * WAD + ceil_div((remaining + 1) * WAD, 4 * WAD)), (
        "deleverage: size 4, fundUsed = fund, q = p + ceil((remaining + 1) * WAD / size)"
    )
    after = marks["deleveraged"]
    assert (sizes("deleveraged")[0], one(after[f"eq{ALICE}"], "int256")) == (0, 0), (
        "after deleverage: alice has no position and exactly zero equity"
    )
    assert one(after[f"eq{BOB}"], "int256") >= 0, "after deleverage: bob's equity >= 0"
