"""Which risk quantile Spec 1.1 should put on chain: a floating-point study on real closes.

Spec 1.0's risk term is z * sigma with sigma from a per-second EWMA and z the
normal quantile; `margin backtest` shows that term alone is exceeded on 1.7 %
of BTC days long and 2.5 % short at z = 2.33. Before Spec 1.1 fixes formulas
(issue 14), this study scores candidate quantiles on the same daily closes,
each side apart, as fractions of notional over a one-day horizon:

- `1.0 EWMA normal`: z * sigma, sigma^2 = EWMA(r^2), lambda 0.94 (Spec 1.0);
- `GARCH normal`: z * sigma with arch's GARCH(1,1) one-day forecast, its
  parameters estimated by arch on the whole series (in sample: a bias the
  on-chain parameters, set by governance, would not have);
- `+ side`: sigma scaled per side by sqrt(2 D / (U + D)), D and U slow EWMAs
  (lambda 0.99) of the squared down and up moves: a long fears down moves, a
  short up moves;
- `+ tail`: z replaced per side by the Cornish-Fisher quantile
  z + (z^3 - 3 z) / 24 * k for the side's excess kurtosis k, from a slow EWMA
  of the standardised fourth power (r / sigma)^4 over that side's moves
  (doubled: each side sees half the days), k capped at `KURTOSIS_CAP`; with
  `+ side`, standardised by the side-scaled sigma, so that a side's larger
  variance is not counted again as kurtosis;
- `+ adaptive z`: z replaced per side by a Robbins-Monro tracker of the 99 %
  quantile of the standardised loss (loss / sigma): up by step * 0.99 after
  an exceedance, down by step * 0.01 otherwise (every day, the side that
  gained included), never below the normal z. It needs no fourth powers and
  settles where 1 % of days exceed it. The step is swept (chosen on these
  same data, so the best step is in sample).

Every candidate is scored on the same days (after a warm-up), by the same
tests as `margin backtest`: exceedance rate, Kupiec's and Christoffersen's
p-values, the mean quantile, and the smallest constant ratio with no more
exceedances (efficiency = mean quantile / that ratio; below 1 is less
capital for the same coverage). Floating point throughout: it chooses a
design, it does not stand for the contract.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from arch import arch_model
from scipy.stats import chi2, norm

from harness.variance_reference import PriceSeries, daily_returns

CONFIDENCE = 0.99
FAST_LAMBDA = 0.94
SLOW_LAMBDA = 0.99
WARM_UP = 250
BASEL_WINDOW = 250
KURTOSIS_CAP = 12.0
ADAPTIVE_STEPS = (0.2, 0.5, 1.0)
SIDES = ("long", "short")


@dataclass(frozen=True)
class Score:
    """One candidate on one side of one series."""

    candidate: str
    side: str
    days: int
    exceedances: int
    kupiec: float
    christoffersen: float
    mean_quantile: float
    constant_ratio: float
    basel: tuple[int, int, int]

    @property
    def rate(self) -> float:
        return self.exceedances / self.days

    @property
    def efficiency(self) -> float:
        """As `margin backtest` (CapitalComparison): 0 when no constant ratio is as good."""
        return self.mean_quantile / self.constant_ratio if self.constant_ratio > 0 else 0.0


def ewma(samples: np.ndarray, lam: float, start: float) -> np.ndarray:
    """out[t] is the average before samples[t] is seen: what a margin read at t knows."""
    out = np.empty(len(samples))
    level = start
    for t, x in enumerate(samples):
        out[t] = level
        level = lam * level + (1 - lam) * x
    return out


def cornish_fisher(z: float, excess_kurtosis: np.ndarray) -> np.ndarray:
    """The quantile of a symmetric law with this excess kurtosis, to first order."""
    return z + (z**3 - 3 * z) / 24 * excess_kurtosis


def kupiec(days: int, exceedances: int, p: float) -> float:
    """Kupiec's proportion-of-failures test: the p-value of exceedances / days = p."""
    x, n = exceedances, days
    log_null = (n - x) * math.log(1 - p) + x * math.log(p)
    rate = x / n
    log_alt = (n - x) * math.log(1 - rate) if x < n else 0.0
    log_alt += x * math.log(rate) if x > 0 else 0.0
    return float(chi2.sf(max(-2 * (log_null - log_alt), 0.0), 1))


def christoffersen(hits: np.ndarray) -> float:
    """Christoffersen's independence test (two-sided): whether an exceedance changes the
    chance of one the next day. 1 when there are too few days or exceedances to test."""
    h = hits.astype(int)
    pairs = list(itertools.pairwise(h))
    n = {(a, b): sum(1 for pair in pairs if pair == (a, b)) for a in (0, 1) for b in (0, 1)}
    n0, n1 = n[0, 0] + n[0, 1], n[1, 0] + n[1, 1]
    if n0 == 0 or n1 == 0 or n[0, 1] + n[1, 1] == 0:
        return 1.0
    pi0, pi1 = n[0, 1] / n0, n[1, 1] / n1
    pi = (n[0, 1] + n[1, 1]) / (n0 + n1)

    def log(x: float, k: int) -> float:
        return k * math.log(x) if k > 0 else 0.0

    null = log(1 - pi, n[0, 0] + n[1, 0]) + log(pi, n[0, 1] + n[1, 1])
    alt = log(1 - pi0, n[0, 0]) + log(pi0, n[0, 1]) + log(1 - pi1, n[1, 0]) + log(pi1, n[1, 1])
    return float(chi2.sf(max(-2 * (null - alt), 0.0), 1))


def adaptive_z(standardised_loss: np.ndarray, z: float, step: float) -> np.ndarray:
    """A Robbins-Monro tracker of the CONFIDENCE quantile of the standardised loss: up by
    step * CONFIDENCE after an exceedance, down by step * (1 - CONFIDENCE) after any other
    day (a gain included), never below the normal z. out[t] is the value before loss t."""
    out = np.empty(len(standardised_loss))
    q = z
    for t, x in enumerate(standardised_loss):
        out[t] = q
        q = max(z, q + step * (CONFIDENCE if x > q else -(1 - CONFIDENCE)))
    return out


def basel_zones(hits: np.ndarray, window: int = BASEL_WINDOW) -> tuple[int, int, int]:
    """Rolling windows of `window` days in the Basel traffic light: green (at most 4
    exceedances), yellow (5 to 9), red (10 or more); none in a shorter series."""
    if len(hits) < window:
        return 0, 0, 0
    counts = np.convolve(hits.astype(int), np.ones(window, dtype=int), mode="valid")
    return int(np.sum(counts <= 4)), int(np.sum((counts >= 5) & (counts <= 9))), int(np.sum(counts >= 10))


def garch_sigma(returns: np.ndarray) -> tuple[np.ndarray, dict[str, float]]:
    """arch's GARCH(1,1) one-day forecast before each return (percent returns, normal innovations)."""
    fit = arch_model(returns * 100, mean="Zero", vol="GARCH", p=1, q=1, dist="normal").fit(disp="off")
    sigma = np.asarray(fit.conditional_volatility) / 100
    parameters = {name: float(value) for name, value in fit.params.items()}
    return sigma, parameters


def quantiles(returns: np.ndarray) -> tuple[dict[str, dict[str, np.ndarray]], dict[str, float]]:
    """Every candidate's quantile (fraction of notional) before each return, per side."""
    z = float(norm.ppf(CONFIDENCE))
    start = float(np.mean(returns[:30] ** 2))
    sigma_ewma = np.sqrt(ewma(returns**2, FAST_LAMBDA, start))
    sigma_garch, parameters = garch_sigma(returns)
    down = ewma(np.where(returns < 0, returns**2, 0.0), SLOW_LAMBDA, start / 2)
    up = ewma(np.where(returns > 0, returns**2, 0.0), SLOW_LAMBDA, start / 2)
    side_scale = {"long": np.sqrt(2 * down / (up + down)), "short": np.sqrt(2 * up / (up + down))}
    out: dict[str, dict[str, np.ndarray]] = {}
    for name, sigma in (("EWMA", sigma_ewma), ("GARCH", sigma_garch)):
        label = "1.0 EWMA" if name == "EWMA" else "GARCH"
        for side in SIDES:
            down_moves = returns < 0 if side == "long" else returns > 0
            loss = -returns if side == "long" else returns

            def excess_kurtosis(
                scale: np.ndarray, moves: np.ndarray = down_moves, sigma: np.ndarray = sigma
            ) -> np.ndarray:
                # The side's standardised fourth moment, doubled (each side sees about half the days).
                fourth = (returns / (sigma * scale)) ** 4
                return np.clip(2 * ewma(np.where(moves, fourth, 0.0), SLOW_LAMBDA, 3.0 / 2) - 3, 0.0, KURTOSIS_CAP)

            scaled = sigma * side_scale[side]
            out.setdefault(f"{label} normal", {})[side] = z * sigma
            out.setdefault(f"{name} + side", {})[side] = z * scaled
            out.setdefault(f"{name} + side + tail", {})[side] = (
                cornish_fisher(z, excess_kurtosis(side_scale[side])) * scaled
            )
            out.setdefault(f"{name} + tail", {})[side] = (
                cornish_fisher(z, excess_kurtosis(np.ones(len(returns)))) * sigma
            )
            for step in ADAPTIVE_STEPS:
                out.setdefault(f"{name} + adaptive z, step {step}", {})[side] = (
                    adaptive_z(loss / sigma, z, step) * sigma
                )
    return out, parameters


def score(series: PriceSeries) -> tuple[list[Score], dict[str, float]]:
    """Every candidate on both sides of one series, on the days after the warm-up."""
    returns = daily_returns(series)
    candidates, parameters = quantiles(returns)
    scored = slice(WARM_UP, len(returns))
    scores = []
    for name, by_side in candidates.items():
        for side in SIDES:
            loss = -returns[scored] if side == "long" else returns[scored]
            q = by_side[side][scored]
            hits = loss > q
            worst = np.sort(loss)[::-1]
            # The smallest constant ratio exceeded no more often than this quantile.
            constant = float(worst[int(hits.sum())]) if hits.sum() < len(worst) else 0.0
            scores.append(
                Score(
                    candidate=name,
                    side=side,
                    days=len(q),
                    exceedances=int(hits.sum()),
                    kupiec=kupiec(len(q), int(hits.sum()), 1 - CONFIDENCE),
                    christoffersen=christoffersen(hits),
                    mean_quantile=float(np.mean(q)),
                    constant_ratio=max(constant, 0.0),
                    basel=basel_zones(hits),
                )
            )
    return scores, parameters


def markdown(name: str, scores: list[Score], parameters: dict[str, float]) -> str:
    fitted = ", ".join(f"{key} {value:.4g}" for key, value in parameters.items())
    lines = [
        f"{name}: {scores[0].days} days scored; arch GARCH(1,1), normal, percent returns: {fitted}",
        "",
        "| candidate | side | exceedances (expected) | rate | Kupiec p | Christoffersen p | 250-day windows green / yellow / red | mean quantile | constant ratio as good | efficiency |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        lines.append(
            f"| {s.candidate} | {s.side} | {s.exceedances} ({s.days * (1 - CONFIDENCE):.1f}) | {100 * s.rate:.2f} % | "
            f"{s.kupiec:.3g} | {s.christoffersen:.3g} | {' / '.join(map(str, s.basel))} | "
            f"{100 * s.mean_quantile:.2f} % | {100 * s.constant_ratio:.2f} % | "
            f"{s.efficiency:.3f} |"
        )
    return "\n".join(lines)
