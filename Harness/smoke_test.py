#!/usr/bin/env python3
"""Self-check of the MarginEngine contract and of run.py, against numbers taken from Spec/.

    python Harness/smoke_test.py [--keep DIR]

Builds scenarios by hand with eth_abi, runs them through run.py (as a
subprocess, exactly as a user would), and checks the trace against values that
come from the Spec, computed here independently of the contract:

- every selector, event topic and custom-error selector in abi.md against
  Keccak-256 of its signature, and the contract's ABI and error strings
  against abi.md;
- the basics scenario: the equity of a fresh depositor by hand, the two
  worked examples of operations/postPrice.md, a trade with its fee and event,
  and reverts (Unauthorized, UnknownMarket, StalePrice, PriceOutOfBand) with
  their exact bytes;
- the eval example of eval-state-format.md, built up through calls, against
  the expected marginBreakdown of both accounts;
- a liquidation scenario (partial liquidation, InsuranceInsufficient,
  deleverage) against the invariants of invariants.md (conservation, net size
  zero, open interest, the bankrupt ends at exactly zero equity) and the
  formulas of liquidate.md and deleverage.md;
- trace shape, determinism (two runs give identical bytes) and run.py's
  handling of bad input (exit 2, naming the file and the place).

Prints one line per check and ends with "N passed, M failed". Exit 0 when all
pass, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

from eth_abi import decode, encode
from eth_utils import keccak

HARNESS = Path(__file__).resolve().parent
REPO_ROOT = HARNESS.parent
RUN_PY = HARNESS / "run.py"
CONTRACT = REPO_ROOT / "Contracts" / "MarginEngine.vy"
ABI_MD = REPO_ROOT / "Spec" / "abi.md"

WAD = 10**18

OWNER = "0x" + "0a" * 20
ORACLE = "0x" + "0b" * 20
EXCHANGE = "0x" + "0c" * 20
ALICE = "0x" + "a1" * 20
BOB = "0x" + "b2" * 20
CAROL = "0x" + "c3" * 20
DAVE = "0x" + "d4" * 20
EVE = "0x" + "e5" * 20
ACCOUNT_1 = "0x1000000000000000000000000000000000000001"   # eval-state-format.md example
ACCOUNT_2 = "0x2000000000000000000000000000000000000002"

# Global parameters of the eval example (eval-state-format.md), in table order.
GLOBAL_PARAMS = {
    "nettingFloor": 3 * 10**17,
    "stressGamma": WAD,
    "insuranceTarget": 10**6 * WAD,
    "imBuffer": 5 * 10**17,
    "maxOracleAge": 3600,
    "priceBand": 2 * 10**16,
    "feeRatio": 5 * 10**14,
    "closeFactor": 5 * 10**17,
    "deepUnderwaterRatio": 5 * 10**17,
    "penaltyRatio": 10**16,
    "liquidatorShare": 5 * 10**17,
}

# Market parameters of the eval example, in table order.
def market_params(liquidity_depth: int, ewma_lambda: int = 94 * 10**16) -> list[int]:
    return [
        10**16,            # baseMarginRatio
        233 * 10**16,      # zScore
        3600,              # liquidationHorizon
        10**17,            # impactCoefficient
        liquidity_depth,   # liquidityDepth
        10**17,            # breakerThreshold
        1800,              # breakerCooldown
        2 * WAD,           # breakerMultiplier
        ewma_lambda,       # ewmaLambda
    ]


# ---------------------------------------------------------------------------
# Scenario building and running
# ---------------------------------------------------------------------------

def signature_types(signature: str) -> list[str]:
    inner = signature[signature.index("(") + 1 : -1]
    return [t for t in inner.split(",") if t]


def calldata(signature: str, *args: Any) -> bytes:
    return keccak(text=signature)[:4] + encode(signature_types(signature), list(args))


def error_bytes(signature: str, *args: Any) -> str:
    return "0x" + calldata(signature, *args).hex()


class ScenarioBuilder:
    """Collects calls; each call's trace line index is returned for the checks."""

    def __init__(self, description: str, deploy_timestamp: int, global_params: dict[str, int]):
        self.description = description
        self.deploy_timestamp = deploy_timestamp
        self.constructor_args = encode(
            ["address", "address"] + ["uint256"] * 11,
            [ORACLE, EXCHANGE] + list(global_params.values()),
        )
        self.calls: list[dict[str, Any]] = []

    def call(self, sender: str, timestamp: int, signature: str, *args: Any, static: bool = False) -> int:
        note = f"{signature.split('(')[0]}({', '.join(str(a) for a in args)})"
        self.calls.append({
            "from": sender,
            "timestamp": str(timestamp),
            "input": "0x" + calldata(signature, *args).hex(),
            "static": static,
            "note": note,
        })
        return len(self.calls)          # line 0 is the deployment

    def view(self, timestamp: int, signature: str, *args: Any) -> int:
        return self.call(EVE, timestamp, signature, *args, static=True)

    def document(self) -> dict[str, Any]:
        return {
            "scenarioVersion": "1",
            "description": self.description,
            "deployer": OWNER,
            "deployTimestamp": str(self.deploy_timestamp),
            "constructorArgs": "0x" + self.constructor_args.hex(),
            "calls": self.calls,
        }


def run_scenario(document: dict[str, Any], folder: Path, name: str) -> tuple[list[dict[str, Any]], bytes]:
    scenario_path = folder / f"{name}.json"
    trace_path = folder / f"{name}.trace.jsonl"
    scenario_path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    result = subprocess.run(
        [sys.executable, str(RUN_PY), "--scenario", str(scenario_path), "--out", str(trace_path)],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"run.py failed on {scenario_path} ({result.returncode}): {result.stderr}")
    raw = trace_path.read_bytes()
    return [json.loads(line) for line in raw.decode().splitlines()], raw


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, actual: Any, expected: Any) -> None:
        if actual == expected:
            self.passed += 1
            print(f"ok    {name}")
        else:
            self.failed += 1
            print(f"FAIL  {name}\n      expected: {expected!r}\n      actual:   {actual!r}")

    def run(self, name: str, block: Callable[[], None]) -> None:
        try:
            block()
        except Exception as error:  # a crashed group is one failed check, the others still run
            self.failed += 1
            print(f"FAIL  {name}: {type(error).__name__}: {error}")


def returned(line: dict[str, Any], types: list[str]) -> tuple[Any, ...]:
    if "error" in line:
        raise AssertionError(f"call reverted: {line['output']} ({line.get('error')})")
    return decode(types, bytes.fromhex(line["output"][2:]))


def topic0(signature: str) -> str:
    return "0x" + keccak(text=signature).hex()


def word(value: int) -> str:
    return "0x%064x" % value


def address_topic(address: str) -> str:
    return "0x" + "00" * 12 + address[2:].lower()


# ---------------------------------------------------------------------------
# abi.md against Keccak-256 and against the contract
# ---------------------------------------------------------------------------

def abi_md_rows() -> list[tuple[str, str]]:
    """(signature, hex) pairs of every selector/topic table row in abi.md."""
    rows = []
    for match in re.finditer(r"^\| `([A-Za-z]+\([a-z0-9,]*\))` \| `(0x[0-9a-f]+)` \|", ABI_MD.read_text(), re.M):
        rows.append((match.group(1), match.group(2)))
    return rows


def check_abi(checks: Checks) -> None:
    rows = abi_md_rows()
    checks.check("abi.md has 37 functions, 15 events and 36 errors", len(rows), 37 + 15 + 36)
    wrong = [(sig, h) for sig, h in rows if "0x" + keccak(text=sig)[: (len(h) - 2) // 2].hex() != h]
    checks.check("every abi.md selector and topic equals keccak256 of its signature", wrong, [])

    import vyper

    output = vyper.compile_code(CONTRACT.read_text(), output_formats=["abi"])
    functions = {
        f"{item['name']}({','.join(i['type'] for i in item['inputs'])})"
        for item in output["abi"] if item["type"] == "function"
    }
    events = {
        f"{item['name']}({','.join(i['type'] for i in item['inputs'])})"
        for item in output["abi"] if item["type"] == "event"
    }
    md_selectors = {sig for sig, h in rows if len(h) == 10}
    md_topics = {sig for sig, h in rows if len(h) == 66}
    md_functions = {sig for sig in md_selectors if sig[0].islower()}
    checks.check("contract functions == abi.md functions", sorted(functions), sorted(md_functions))
    checks.check("contract events == abi.md events", sorted(events), sorted(md_topics))

    errors_in_contract = set(re.findall(r'method_id\("([A-Za-z]+\([a-z0-9,]*\))"', CONTRACT.read_text()))
    md_errors = {sig for sig in md_selectors if sig[0].isupper()}
    checks.check("contract custom errors == abi.md errors", sorted(errors_in_contract), sorted(md_errors))

    indexed = {
        item["name"]: [i["name"] for i in item["inputs"] if i["indexed"]]
        for item in output["abi"] if item["type"] == "event"
    }
    text = ABI_MD.read_text()
    md_indexed = {}
    for match in re.finditer(r"^\| `([A-Za-z]+)\([a-z0-9,]*\)` \| `0x[0-9a-f]{64}` \| (.*) \|$", text, re.M):
        md_indexed[match.group(1)] = [
            field.split()[-1] for field in match.group(2).split(", ") if " indexed " in f" {field} "
        ]
    checks.check("indexed event fields == abi.md", indexed, md_indexed)

    source = CONTRACT.read_text()
    checks.check("no bare assert or raise in the contract",
                 re.findall(r"^\s*(assert|raise)\b.*$", source, re.M), [])
    checks.check("first line pins the compiler", source.splitlines()[0], "# pragma version ~=0.4.3")


# ---------------------------------------------------------------------------
# Scenario 1: basics
# ---------------------------------------------------------------------------

def check_basics(checks: Checks, folder: Path) -> None:
    T = 1_700_000_000
    b = ScenarioBuilder("smoke: listing, deposit, postPrice examples, a trade, views, reverts", T, GLOBAL_PARAMS)
    list_asset = b.call(OWNER, T, "listAsset(uint256,uint256,uint256)", 18, 9 * 10**17, WAD)
    list_eth = b.call(OWNER, T, "listMarket(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)",
                      2000 * WAD, 2 * 10**9, *market_params(5 * 10**6 * WAD))
    list_btc = b.call(OWNER, T, "listMarket(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)",
                      40000 * WAD, 15 * 10**8, *market_params(2 * 10**7 * WAD))
    list_m2 = b.call(OWNER, T, "listMarket(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)",
                     2000 * WAD, 2 * 10**9, *market_params(5 * 10**6 * WAD))
    set_rho = b.call(OWNER, T, "setCorrelation(uint256,uint256,int256)", 0, 1, 8 * 10**17)
    dep_alice = b.call(ALICE, T + 1, "deposit(uint256,uint256)", 0, 10_000 * WAD)
    dep_bob = b.call(BOB, T + 1, "deposit(uint256,uint256)", 0, 10_000 * WAD)
    eq_alice_fresh = b.view(T + 1, "equity(address)", ALICE)
    bd_alice_fresh = b.view(T + 1, "marginBreakdown(address)", ALICE)

    # postPrice.md worked example 1: lambda 0.94, variance 2e9, pOld 2000, dt 60, price 2010.
    post_1 = b.call(ORACLE, T + 60, "postPrice(uint256,uint256,uint256)", 0, 2010 * WAD, T + 60)
    state_1 = b.view(T + 60, "marketState(uint256)", 0)
    # postPrice.md worked example 2 on market 2 (same start): price 1777e18 + 3, dt 7, trips the breaker.
    post_2 = b.call(ORACLE, T + 60, "postPrice(uint256,uint256,uint256)", 2, 1777 * WAD + 3, T + 7)
    state_2 = b.view(T + 60, "marketState(uint256)", 2)

    # A trade at the oracle price, then views.
    trade = b.call(EXCHANGE, T + 60, "settleTrade(address,address,uint256,uint256,uint256)", ALICE, BOB, 0, WAD, 2010 * WAD)
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
    out_of_band = b.call(EXCHANGE, T + 61, "settleTrade(address,address,uint256,uint256,uint256)", ALICE, BOB, 0, WAD, 2100 * WAD)
    too_large = b.call(EXCHANGE, T + 61, "settleTrade(address,address,uint256,uint256,uint256)", CAROL, BOB, 0, 10**26, 2010 * WAD)
    zero_amount = b.call(ALICE, T + 61, "deposit(uint256,uint256)", 0, 0)
    stale = b.call(EXCHANGE, T + 60 + 3601, "settleTrade(address,address,uint256,uint256,uint256)", ALICE, BOB, 0, WAD, 2010 * WAD)
    fund_after = b.view(T + 60 + 3601, "insuranceFund()")

    lines, raw = run_scenario(b.document(), folder, "basics")
    _, raw_again = run_scenario(b.document(), folder, "basics-again")
    checks.check("basics: two runs give byte-identical traces", raw_again, raw)
    checks.check("basics: one trace line per call plus the deployment", len(lines), len(b.calls) + 1)

    deploy = lines[0]
    checks.check("deployment: type CREATE, block 1, succeeds", (deploy["type"], deploy["block"]["number"], "error" in deploy), ("CREATE", "1", False))
    checks.check("deployment: events RolesSet then GlobalParamsSet",
                 [log["topics"][0] for log in deploy["logs"]],
                 [topic0("RolesSet(address,address)"),
                  topic0("GlobalParamsSet(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)")])
    checks.check("deployment: RolesSet indexes oracle and exchange",
                 deploy["logs"][0]["topics"][1:], [address_topic(ORACLE), address_topic(EXCHANGE)])
    contract = deploy["to"]
    expected_address = "0x" + keccak(bytes.fromhex("d694") + bytes.fromhex(OWNER[2:]) + b"\x80")[12:].hex()
    checks.check("deployment: address is CREATE(deployer, nonce 0)", contract, expected_address)
    checks.check("block numbers count up by one per line",
                 [line["block"]["number"] for line in lines], [str(i + 1) for i in range(len(lines))])
    checks.check("every line is canonical JSON (sorted keys, compact)",
                 [json.dumps(line, sort_keys=True, separators=(",", ":")) for line in lines],
                 raw.decode().splitlines())

    checks.check("listAsset returns asset 0", returned(lines[list_asset], ["uint256"]), (0,))
    checks.check("listMarket returns 0, 1, 2",
                 [returned(lines[i], ["uint256"])[0] for i in (list_eth, list_btc, list_m2)], [0, 1, 2])
    checks.check("setCorrelation emits CorrelationSet(0, 1, 0.8)",
                 (lines[set_rho]["logs"][0]["topics"], lines[set_rho]["logs"][0]["data"]),
                 ([topic0("CorrelationSet(uint256,uint256,int256)"), word(0), word(1)], word(8 * 10**17)))
    checks.check("deposits succeed", ["error" in lines[i] for i in (dep_alice, dep_bob)], [False, False])
    checks.check("Deposit event: account and asset indexed",
                 lines[dep_alice]["logs"][0]["topics"],
                 [topic0("Deposit(address,uint256,uint256)"), address_topic(ALICE), word(0)])

    # Equity of a fresh depositor = floor(floor(amount * price) * weight), by hand.
    haircut = (10_000 * WAD * WAD // WAD) * (9 * 10**17) // WAD
    checks.check("fresh depositor: equity == haircut collateral value (9000 USD)",
                 returned(lines[eq_alice_fresh], ["int256"]), (haircut,))
    checks.check("fresh depositor: breakdown has MM = IM = 0, S = 2 (empty fund)",
                 returned(lines[bd_alice_fresh], ["int256"] + ["uint256"] * 10),
                 (haircut, haircut, 0, 0, 0, 0, 0, 0, 2 * WAD, 0, 0))

    # postPrice worked example 1.
    rwad = -(-(10 * WAD) * WAD // (2000 * WAD))       # divUp(move * WAD, pOld)
    sample = -(-(-(-(rwad * rwad) // WAD)) // 60)
    new_variance = -(-(94 * 10**16 * 2 * 10**9 + 6 * 10**16 * sample) // WAD)
    checks.check("postPrice example 1: numbers by hand", (rwad, sample, new_variance),
                 (5000000000000000, 416666666667, 26880000001))
    log = lines[post_1]["logs"]
    checks.check("postPrice example 1: one PriceUpdate event with newVariance 26880000001",
                 [(e["topics"], e["data"]) for e in log],
                 [([topic0("PriceUpdate(uint256,uint256,uint256,uint256)"), word(0)],
                   "0x" + encode(["uint256"] * 3, [2010 * WAD, T + 60, 26880000001]).hex())])
    checks.check("postPrice example 1: marketState", returned(lines[state_1], ["uint256"] * 5),
                 (2010 * WAD, T + 60, 26880000001, 0, 0))

    # postPrice worked example 2.
    checks.check("postPrice example 2: PriceUpdate then BreakerTripped(2, 0.1115, now + 1800)",
                 [(e["topics"], e["data"]) for e in lines[post_2]["logs"]],
                 [([topic0("PriceUpdate(uint256,uint256,uint256,uint256)"), word(2)],
                   "0x" + encode(["uint256"] * 3, [1777 * WAD + 3, T + 7, 10**13]).hex()),
                  ([topic0("BreakerTripped(uint256,uint256,uint256)"), word(2)],
                   "0x" + encode(["uint256"] * 2, [111500000000000000, T + 60 + 1800]).hex())])
    checks.check("postPrice example 2: sample by hand",
                 -(-(-(-(111500000000000000**2) // WAD)) // 7), 1776035714285715)
    checks.check("postPrice example 2: marketState", returned(lines[state_2], ["uint256"] * 5),
                 (1777 * WAD + 3, T + 7, 10**13, T + 60 + 1800, 0))

    # The trade: 1 ETH at 2010, fee 0.05 % per side.
    fee = 2010 * WAD * (5 * 10**14) // WAD
    trade_log = lines[trade]["logs"]
    checks.check("Trade topic0 equals abi.md", trade_log[0]["topics"][0],
                 "0xab28fafbf0cdbba10049c4c0a317761dcff82260ee807bdc6590b32a16f4a436")
    checks.check("Trade event: buyer, seller, market indexed; size, price, fee, realised",
                 (trade_log[0]["topics"][1:], trade_log[0]["data"]),
                 ([address_topic(ALICE), address_topic(BOB), word(0)],
                  "0x" + encode(["uint256", "uint256", "uint256", "int256", "int256"], [WAD, 2010 * WAD, fee, 0, 0]).hex()))
    checks.check("positions after the trade",
                 (returned(lines[pos_alice], ["int256", "int256"]), returned(lines[pos_bob], ["int256", "int256"])),
                 ((WAD, 2010 * WAD), (-WAD, -2010 * WAD)))
    checks.check("fund holds both fees", returned(lines[fund], ["uint256"]), (2 * fee,))
    checks.check("buyer's cash is minus the fee", returned(lines[cash_alice], ["int256"]), (-fee,))
    checks.check("equity after the trade = haircut - fee (mark = entry)",
                 returned(lines[eq_alice], ["int256"]), (haircut - fee,))
    breakdown = returned(lines[bd_alice], ["int256"] + ["uint256"] * 10)
    notional = 2010 * WAD
    base = notional * 10**16 // WAD
    impact = -(-(notional * 10**17 // WAD) * notional // (5 * 10**6 * WAD))
    checks.check("breakdown after the trade: base and impact by hand", breakdown[2:4], (base, impact))
    checks.check("breakdown: quadraticVaR == sumRisk for a single position", breakdown[5], breakdown[4])
    checks.check("isLiquidatable(alice) is false", returned(lines[liq_alice], ["bool"]), (False,))
    checks.check("adlScore(bob) with zero PnL is 0", returned(lines[adl_bob], ["int256"]), (0,))
    checks.check("globalParams() returns the constructor values",
                 returned(lines[gp], ["uint256"] * 11), tuple(GLOBAL_PARAMS.values()))

    # Reverts, with exact bytes.
    checks.check("wrong caller: Unauthorized(alice) = 0x8e4a23d6 ++ padded caller",
                 (lines[unauthorized].get("error"), lines[unauthorized]["output"], lines[unauthorized]["logs"]),
                 ("execution reverted", "0x8e4a23d6" + "00" * 12 + ALICE[2:], []))
    checks.check("unknown market: UnknownMarket(5)", lines[unknown_market]["output"],
                 error_bytes("UnknownMarket(uint256)", 5))
    checks.check("price band: PriceOutOfBand(0, 2100, 2010)", lines[out_of_band]["output"],
                 error_bytes("PriceOutOfBand(uint256,uint256,uint256)", 0, 2100 * WAD, 2010 * WAD))
    checks.check("stale price: StalePrice(0, 3601)", lines[stale]["output"],
                 error_bytes("StalePrice(uint256,uint256)", 0, 3601))
    checks.check("negative int256 argument: PositionTooLarge(bob, 0, -(1e26 + 1e18)) in two's complement",
                 lines[too_large]["output"],
                 "0x45d716bd" + "00" * 12 + BOB[2:] + "00" * 32 + ((-(10**26 + WAD)) % 2**256).to_bytes(32, "big").hex())
    checks.check("zero-argument error: ZeroAmount() is exactly 0x1f2a2005", lines[zero_amount]["output"], "0x1f2a2005")
    checks.check("reverts change nothing: fund unchanged", returned(lines[fund_after], ["uint256"]), (2 * fee,))
    checks.check("views are STATICCALL lines", lines[fund_after]["type"], "STATICCALL")


# ---------------------------------------------------------------------------
# Scenario 2: the eval example of eval-state-format.md, built through calls
# ---------------------------------------------------------------------------

EVAL_EXPECTED = {
    ACCOUNT_1: (7198750000000000000000, 6600000000000000000000, 400000000000000000000,
                10000000000000000000, 349711359170151507400, 139376512418313510443,
                104913407751045452220, 139376512418313510443, 1750000000000000000,
                961408896732048643276, 1442113345098072964914),
    ACCOUNT_2: (3400000000000000000000, 4000000000000000000000, 400000000000000000000,
                10000000000000000000, 349711359170151507400, 139376512418313510443,
                104913407751045452220, 139376512418313510443, 1750000000000000000,
                961408896732048643276, 1442113345098072964914),
}

LIST_MARKET = "listMarket(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)"
SET_MARKET_PARAMS = "setMarketParams(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)"
SET_GLOBAL_PARAMS = "setGlobalParams(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)"
SETTLE = "settleTrade(address,address,uint256,uint256,uint256)"
POST = "postPrice(uint256,uint256,uint256)"


def build_eval_example() -> tuple[ScenarioBuilder, dict[str, int]]:
    """The eval example's state, reached through calls.

    The fund gets exactly 250,000 USD from one fee-paying trade in an auxiliary
    market 2 (price 1e8 USD, no risk terms) at feeRatio 0.01 %; the fee is then
    lowered to 0 (one guardrail step after the cooldown) so that accounts 1 and
    2 pay none. Account 1's cash of -1.25 USD is a realised round trip against
    Eve. Markets are listed with ewmaLambda = 1 so that price posts keep the
    variances at 2e9 and 1.5e9, then set to 0.94 as in the example. The BTC
    breaker is tripped at 1699999200 (+10.2 %) so that it runs until 1700001000.
    """
    T0 = 1_699_800_000
    params = dict(GLOBAL_PARAMS, feeRatio=10**14)
    b = ScenarioBuilder("smoke: the eval example of Spec/eval-state-format.md, built through calls", T0, params)
    b.call(OWNER, T0, "listAsset(uint256,uint256,uint256)", 6, WAD, WAD)                       # USDC
    b.call(OWNER, T0, "listAsset(uint256,uint256,uint256)", 18, 8 * 10**17, 1900 * WAD)        # ETH
    b.call(OWNER, T0, LIST_MARKET, 1950 * WAD, 2 * 10**9, *market_params(5 * 10**6 * WAD, WAD))
    b.call(OWNER, T0, LIST_MARKET, 40200 * WAD, 15 * 10**8, *market_params(2 * 10**7 * WAD, WAD))
    b.call(OWNER, T0, LIST_MARKET, 10**26, 0, 0, 0, 0, 0, WAD, 10**19, 0, WAD, WAD)             # fee market
    b.call(OWNER, T0, "setCorrelation(uint256,uint256,int256)", 0, 1, 8 * 10**17)
    b.call(CAROL, T0, "deposit(uint256,uint256)", 0, 200_000 * 10**6)
    b.call(DAVE, T0, "deposit(uint256,uint256)", 0, 200_000 * 10**6)
    fee_trade = b.call(EXCHANGE, T0, SETTLE, CAROL, DAVE, 2, 125 * 10**17, 10**26)              # 1.25e9 USD notional

    T1 = T0 + 86400
    b.call(OWNER, T1, SET_GLOBAL_PARAMS, *dict(params, feeRatio=0).values())
    b.call(ACCOUNT_1, T1, "deposit(uint256,uint256)", 0, 5000 * 10**6)
    b.call(ACCOUNT_1, T1, "deposit(uint256,uint256)", 1, WAD)
    b.call(ACCOUNT_2, T1, "deposit(uint256,uint256)", 0, 4000 * 10**6)
    b.call(EVE, T1, "deposit(uint256,uint256)", 0, 10_000 * 10**6)
    b.call(ORACLE, T1, POST, 0, 1950 * WAD, T1)
    b.call(ORACLE, T1, POST, 1, 40200 * WAD, T1)
    b.call(EXCHANGE, T1, SETTLE, ACCOUNT_1, EVE, 0, WAD, 1950 * WAD)
    b.call(EXCHANGE, T1, SETTLE, EVE, ACCOUNT_1, 0, WAD, 194875 * 10**16)                     # realises -1.25
    b.call(EXCHANGE, T1, SETTLE, ACCOUNT_1, ACCOUNT_2, 0, 10 * WAD, 1950 * WAD)
    trade_2_positions = b.call(EXCHANGE, T1, SETTLE, ACCOUNT_2, ACCOUNT_1, 1, 5 * 10**17, 40200 * WAD)

    b.call(ORACLE, 1_699_999_200, POST, 1, 44300 * WAD, 1_699_999_200)                          # trips the breaker
    b.call(ORACLE, 1_700_000_000, "postAssetPrice(uint256,uint256,uint256)", 0, WAD, 1_700_000_000)
    b.call(ORACLE, 1_700_000_300, "postAssetPrice(uint256,uint256,uint256)", 1, 2000 * WAD, 1_700_000_300)
    b.call(ORACLE, 1_700_000_300, POST, 0, 2000 * WAD, 1_700_000_300)
    b.call(ORACLE, 1_700_000_500, POST, 1, 40000 * WAD, 1_700_000_500)
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


def check_eval_example(checks: Checks, folder: Path) -> None:
    b, marks = build_eval_example()
    lines, _ = run_scenario(b.document(), folder, "eval-example")
    failed_setup = [(i, line["output"]) for i, line in enumerate(lines) if "error" in line]
    checks.check("eval example: every setup call succeeds", failed_setup, [])
    checks.check("eval example: fund = 250,000 USD", returned(lines[marks["fund"]], ["uint256"]), (250_000 * WAD,))
    checks.check("eval example: ETH-PERP state",
                 returned(lines[marks["market0"]], ["uint256"] * 5),
                 (2000 * WAD, 1_700_000_300, 2 * 10**9, 0, 10 * WAD))
    checks.check("eval example: BTC-PERP state",
                 returned(lines[marks["market1"]], ["uint256"] * 5),
                 (40000 * WAD, 1_700_000_500, 15 * 10**8, 1_700_001_000, 5 * 10**17))
    checks.check("eval example: ETH-PERP params as in the example",
                 returned(lines[marks["params0"]], ["uint256"] * 9), tuple(market_params(5 * 10**6 * WAD)))
    for i, account in enumerate((ACCOUNT_1, ACCOUNT_2)):
        expected = EVAL_EXPECTED[account]
        checks.check(f"eval example: marginBreakdown(account {i + 1}) == expected output",
                     returned(lines[marks[f"bd{i}"]], ["int256"] + ["uint256"] * 10), expected)
        checks.check(f"eval example: maintenanceMargin and initialMargin (account {i + 1})",
                     (returned(lines[marks[f"mm{i}"]], ["uint256"])[0], returned(lines[marks[f"im{i}"]], ["uint256"])[0]),
                     (expected[9], expected[10]))
        checks.check(f"eval example: isLiquidatable(account {i + 1}) is false",
                     returned(lines[marks[f"liq{i}"]], ["bool"]), (False,))
    checks.check("eval example: unrealisedPnl in ETH-PERP (+500, -500)",
                 (returned(lines[marks["upnl0"]], ["int256"])[0], returned(lines[marks["upnl1"]], ["int256"])[0]),
                 (500 * WAD, -500 * WAD))
    checks.check("eval example: cash (-1.25, 0)",
                 (returned(lines[marks["cash0"]], ["int256"])[0], returned(lines[marks["cash1"]], ["int256"])[0]),
                 (-125 * 10**16, 0))
    print(f"info  settleTrade opening a second position (2 open after): gasUsed "
          f"{int(lines[marks['trade_2_positions']]['gasUsed'], 16)}")


# ---------------------------------------------------------------------------
# Scenario 3: liquidation, bad debt and deleveraging, checked with invariants.md
# ---------------------------------------------------------------------------

def check_liquidation(checks: Checks, folder: Path) -> None:
    T = 1_700_000_000
    LIQUIDATOR = CAROL
    accounts = (ALICE, BOB, LIQUIDATOR, EVE)
    b = ScenarioBuilder("smoke: partial liquidation, InsuranceInsufficient, deleverage", T,
                        dict(GLOBAL_PARAMS, insuranceTarget=0))
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
    b.call(ORACLE, T + 60, POST, 0, 1820 * WAD, T + 60)                 # -9 %: no breaker
    snapshot("dropped", T + 60)
    marks["partial"] = b.call(LIQUIDATOR, T + 60, "liquidate(address,uint256,uint256)", ALICE, 0, WAD)
    snapshot("afterPartial", T + 60)
    b.call(ORACLE, T + 120, POST, 0, 1700 * WAD, T + 120)
    snapshot("insolvent", T + 120)
    marks["adlBob"] = b.view(T + 120, "adlScore(address,uint256)", BOB, 0)
    marks["insufficient"] = b.call(LIQUIDATOR, T + 120, "liquidate(address,uint256,uint256)", ALICE, 0, 4 * WAD)
    marks["ineligible"] = b.call(EVE, T + 120, "deleverage(address,address,uint256,uint256)", ALICE, LIQUIDATOR, 0, 4 * WAD)
    marks["deleverage"] = b.call(EVE, T + 120, "deleverage(address,address,uint256,uint256)", ALICE, BOB, 0, 4 * WAD)
    snapshot("deleveraged", T + 120)

    lines, _ = run_scenario(b.document(), folder, "liquidation")
    one = lambda i, t: returned(lines[i], [t])[0]

    def conservation(tag: str) -> int:
        m = marks[tag]
        total = one(m["fund"], "uint256")
        for a in accounts:
            total += one(m[f"cash{a}"], "int256") - returned(lines[m[f"pos{a}"]], ["int256", "int256"])[1]
        return total

    def sizes(tag: str) -> list[int]:
        return [returned(lines[marks[tag][f"pos{a}"]], ["int256", "int256"])[0] for a in accounts]

    checks.check("liquidation: the opening trade succeeds", "error" in lines[opened], False)
    for tag in ("healthy", "dropped", "afterPartial", "insolvent", "deleveraged"):
        checks.check(f"liquidation [{tag}]: conservation (cash - openNotional + fund == 0)", conservation(tag), 0)
        state = returned(lines[marks[tag]["state"]], ["uint256"] * 5)
        checks.check(f"liquidation [{tag}]: net size 0 and openInterest == sum of longs",
                     (sum(sizes(tag)), state[4]), (0, sum(max(x, 0) for x in sizes(tag))))

    healthy = marks["healthy"]
    checks.check("liquidate a healthy account: NotLiquidatable(alice, equity, MM) as the views say",
                 lines[marks["notLiquidatable"]]["output"],
                 error_bytes("NotLiquidatable(address,int256,uint256)", ALICE,
                             one(healthy[f"eq{ALICE}"], "int256"), one(healthy["mmAlice"], "uint256")))
    checks.check("after the drop alice is liquidatable", one(marks["dropped"]["liqAlice"], "bool"), True)
    partial = lines[marks["partial"]]
    checks.check("partial liquidation succeeds with one Liquidation event",
                 ("error" in partial, [log["topics"][0] for log in partial["logs"]]),
                 (False, [topic0("Liquidation(address,address,uint256,uint256,uint256,uint256,uint256,uint256)")]))
    size, price, penalty, reward, covered = decode(["uint256"] * 5, bytes.fromhex(partial["logs"][0]["data"][2:]))
    equity_dropped = one(marks["dropped"][f"eq{ALICE}"], "int256")
    checks.check("partial liquidation: 1 unit at the oracle price, reward = floor(penalty / 2), no bad debt",
                 (size, price, reward, covered), (WAD, 1820 * WAD, penalty * 5 * 10**17 // WAD, 0))
    checks.check("partial liquidation: penalty = min(ceil(1820 * 1%), equity after the close)",
                 penalty, min(-(-(1820 * WAD * 10**16) // WAD), max(equity_dropped, 0)))
    checks.check("partial liquidation: sizes alice 4, bob -5, liquidator 1", sizes("afterPartial")[:3],
                 [4 * WAD, -5 * WAD, WAD])
    insolvent = marks["insolvent"]
    equity_insolvent = one(insolvent[f"eq{ALICE}"], "int256")
    fund_insolvent = one(insolvent["fund"], "uint256")
    checks.check("alice is insolvent and the fund cannot cover it",
                 (equity_insolvent < 0, fund_insolvent < -equity_insolvent), (True, True))
    checks.check("bob's ADL score is positive", one(marks["adlBob"], "int256") > 0, True)
    checks.check("full liquidation: InsuranceInsufficient(alice, -equity, fund)",
                 lines[marks["insufficient"]]["output"],
                 error_bytes("InsuranceInsufficient(address,uint256,uint256)", ALICE, -equity_insolvent, fund_insolvent))
    checks.check("deleverage against a same-side position: IneligibleCounterparty",
                 lines[marks["ineligible"]]["output"][:10], "0x0fdff349")
    deleverage = lines[marks["deleverage"]]
    checks.check("deleverage succeeds with one Deleverage event",
                 ("error" in deleverage, [log["topics"][0] for log in deleverage["logs"]]),
                 (False, [topic0("Deleverage(address,address,uint256,uint256,uint256,uint256)")]))
    d_size, q, fund_used = decode(["uint256"] * 3, bytes.fromhex(deleverage["logs"][0]["data"][2:]))
    remaining = -equity_insolvent - fund_insolvent
    checks.check("deleverage: size 4, fundUsed = fund, q = p + ceil((remaining + 1) * WAD / size)",
                 (d_size, fund_used, q), (4 * WAD, fund_insolvent, 1700 * WAD + -(-((remaining + 1) * WAD) // (4 * WAD))))
    after = marks["deleveraged"]
    checks.check("after deleverage: alice has no position and exactly zero equity",
                 (sizes("deleveraged")[0], one(after[f"eq{ALICE}"], "int256")), (0, 0))
    checks.check("after deleverage: bob's equity >= 0", one(after[f"eq{BOB}"], "int256") >= 0, True)
    print(f"info  liquidate (partial, 1 position): gasUsed {int(partial['gasUsed'], 16)}; "
          f"deleverage: gasUsed {int(deleverage['gasUsed'], 16)}")


# ---------------------------------------------------------------------------
# run.py input handling
# ---------------------------------------------------------------------------

def check_bad_input(checks: Checks, folder: Path) -> None:
    b = ScenarioBuilder("bad: decreasing timestamps", 1_700_000_000, GLOBAL_PARAMS)
    b.call(OWNER, 1_700_000_010, "listAsset(uint256,uint256,uint256)", 18, WAD, WAD)
    b.call(OWNER, 1_700_000_005, "listAsset(uint256,uint256,uint256)", 18, WAD, WAD)
    cases = {
        "decreasing timestamps": (b.document(), "$.calls[1].timestamp"),
        "number instead of a decimal string": (dict(b.document(), deployTimestamp=1700000000), "$.deployTimestamp"),
        "unknown key": (dict(b.document(), extra="x"), "$.extra"),
        "bad address": (dict(b.document(), deployer="0x1234"), "$.deployer"),
        "wrong version": (dict(b.document(), scenarioVersion="2"), "$.scenarioVersion"),
    }
    for name, (document, place) in cases.items():
        path = folder / "bad.json"
        out = folder / "bad.trace.jsonl"
        path.write_text(json.dumps(document))
        result = subprocess.run(
            [sys.executable, str(RUN_PY), "--scenario", str(path), "--out", str(out)],
            capture_output=True, text=True,
        )
        checks.check(f"run.py rejects {name}: exit 2 naming file and place",
                     (result.returncode, str(path) in result.stderr, place in result.stderr, out.exists()),
                     (2, True, True, False))


def main() -> int:
    parser = argparse.ArgumentParser(description="Self-check of MarginEngine and run.py against Spec/ numbers.")
    parser.add_argument("--keep", type=Path, help="write scenarios and traces to this folder and keep them")
    args = parser.parse_args()

    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="margin-smoke-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        checks.run("abi", lambda: check_abi(checks))
        checks.run("basics", lambda: check_basics(checks, folder))
        checks.run("eval example", lambda: check_eval_example(checks, folder))
        checks.run("liquidation", lambda: check_liquidation(checks, folder))
        checks.run("bad input", lambda: check_bad_input(checks, folder))
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
