"""Scenarios built by hand from function signatures, for tests and mutation probes.

b = ScenarioBuilder("a trade", T, GLOBAL_PARAMS)
b.call(OWNER, T, "listAsset(uint256,uint256,uint256)", 18, WAD, WAD)
line = b.view(T, "insuranceFund()")      # index of the call's trace line
document = b.document()                  # Spec/scenario-format.md
"""

from __future__ import annotations

from typing import Any

from eth_abi import encode
from eth_utils import keccak

from harness.deployment import create_address
from harness.scenario import DEPLOYMENT_LINES

WAD = 10**18

OWNER = "0x" + "0a" * 20
ORACLE = "0x" + "0b" * 20
EXCHANGE = "0x" + "0c" * 20
ALICE = "0x" + "a1" * 20
BOB = "0x" + "b2" * 20
CAROL = "0x" + "c3" * 20
DAVE = "0x" + "d4" * 20
EVE = "0x" + "e5" * 20

# Global parameters of the eval example (Spec/eval-state-format.md), in constructor order.
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

LIST_ASSET = "listAsset(uint256,uint256,uint256)"
# price, variance, then the 15 market parameters (Spec 1.1: garchBeta, garchAlpha, garchOmega, oracleCadence,
# depthFloor, zStep, zHeadroom last); 0xa4c633a7
LIST_MARKET = "listMarket(" + ",".join(["uint256"] * 17) + ")"
# market, then the 15 market parameters; 0x024a4023
SET_MARKET_PARAMS = "setMarketParams(" + ",".join(["uint256"] * 16) + ")"
SET_GLOBAL_PARAMS = (
    "setGlobalParams(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)"
)
SET_CORRELATION = "setCorrelation(uint256,uint256,int256)"
POST_PRICE = "postPrice(uint256,uint256,uint256)"
POST_ASSET_PRICE = "postAssetPrice(uint256,uint256,uint256)"
DEPOSIT = "deposit(uint256,uint256)"
SETTLE_TRADE = "settleTrade(address,address,uint256,uint256,uint256)"
LIQUIDATE = "liquidate(address,uint256,uint256)"
DELEVERAGE = "deleverage(address,address,uint256,uint256)"


def ewma_weights(ewma_lambda: int) -> tuple[int, int, int]:
    """Spec 1.0's EWMA at lambda (WAD) as GARCH weights: (beta, alpha, omega) = (lambda, WAD - lambda, 0)."""
    return ewma_lambda, WAD - ewma_lambda, 0


def market_params(
    liquidity_depth: int,
    ewma_lambda: int | None = None,
    *,
    garch: tuple[int, int, int] | None = None,
    oracle_cadence: int = 3600,
    depth_floor: int = WAD,
    z_step: int = 0,
    z_headroom: int = 0,
) -> list[int]:
    """Market parameters of the eval example, in listMarket order (15 values), with this depth.

    The variance weights are Spec 1.0's EWMA at `ewma_lambda` (default 0.94;
    garchBeta = lambda, garchAlpha = WAD - lambda, garchOmega = 0), or the
    GARCH(1,1) weights `garch=(beta, alpha, omega)` (WAD, WAD, WAD per second).
    `oracle_cadence` (seconds) sets the horizon variance's step length; the
    EWMA's does not use it (Spec/margin.md). `depth_floor` (WAD) is the least
    fraction of the depth the impact term keeps when volatility or the breaker
    thins it; at WAD (the default, as in the example) it never thins.
    `z_step` and `z_headroom` (WAD) let each side's adaptive z move above
    zScore; at 0 (the default, as in the example) it stays at zScore.
    """
    if garch is None:
        garch = ewma_weights(94 * 10**16 if ewma_lambda is None else ewma_lambda)
    elif ewma_lambda is not None:
        raise ValueError("market_params: pass ewma_lambda or garch, not both")
    beta, alpha, omega = garch
    return [
        10**16,  # baseMarginRatio
        233 * 10**16,  # zScore
        3600,  # liquidationHorizon
        10**17,  # impactCoefficient
        liquidity_depth,  # liquidityDepth
        10**17,  # breakerThreshold
        1800,  # breakerCooldown
        2 * WAD,  # breakerMultiplier
        beta,  # garchBeta
        alpha,  # garchAlpha
        omega,  # garchOmega
        oracle_cadence,  # oracleCadence
        depth_floor,  # depthFloor
        z_step,  # zStep
        z_headroom,  # zHeadroom
    ]


def signature_types(signature: str) -> list[str]:
    inner = signature[signature.index("(") + 1 : -1]
    return [t for t in inner.split(",") if t]


def calldata(signature: str, *args: Any) -> bytes:
    """Selector ++ ABI-encoded arguments."""
    return keccak(text=signature)[:4] + encode(signature_types(signature), list(args))


def error_bytes(signature: str, *args: Any) -> str:
    """The revert data of a custom error, as trace hex."""
    return "0x" + calldata(signature, *args).hex()


class ScenarioBuilder:
    """Collects calls; each call's trace line index is returned for the checks."""

    def __init__(self, description: str, deploy_timestamp: int, global_params: dict[str, int], deployer: str = OWNER):
        self.description = description
        self.deploy_timestamp = deploy_timestamp
        self.deployer = deployer
        # The governance extension is the deployer's first contract (Spec/abi.md, "Deployment").
        governance = "0x" + create_address(bytes.fromhex(deployer[2:]), 0).hex()
        self.constructor_args = encode(
            ["address", "address", "address"] + ["uint256"] * 11,
            [governance, ORACLE, EXCHANGE, *global_params.values()],
        )
        self.calls: list[dict[str, Any]] = []

    def call(self, sender: str, timestamp: int, signature: str, *args: Any, static: bool = False) -> int:
        note = f"{signature.split('(')[0]}({', '.join(str(a) for a in args)})"
        self.calls.append(
            {
                "from": sender,
                "timestamp": str(timestamp),
                "input": "0x" + calldata(signature, *args).hex(),
                "static": static,
                "note": note,
            }
        )
        return len(self.calls) + DEPLOYMENT_LINES - 1  # lines 0 and 1 are the deployment

    def view(self, timestamp: int, signature: str, *args: Any) -> int:
        return self.call(EVE, timestamp, signature, *args, static=True)

    def document(self) -> dict[str, Any]:
        return {
            "scenarioVersion": "1",
            "description": self.description,
            "deployer": self.deployer,
            "deployTimestamp": str(self.deploy_timestamp),
            "constructorArgs": "0x" + self.constructor_args.hex(),
            "calls": self.calls,
        }
