"""The contract's variance path on a real price series, against `arch`, the reference GARCH library.

Spec 1.1's postPrice keeps a GARCH(1,1) variance of the simple return per
second (Spec/operations/postPrice.md): with the market's weights garchBeta,
garchAlpha (WAD) and garchOmega (WAD per second, added once per observation),

    v' = ceil((beta * v + alpha * sample) / WAD) + omega,    sample = ceil(r^2 * WAD / dt).

On returns scaled to one day, a sample r^2 / dt per second is
(r * sqrt(86400 / dt))^2 per day, so a variance v (WAD per second) is arch's
daily variance v * 86400 / WAD, and omega is arch's omega_daily =
omega * 86400 / WAD (arch's `omega` in percent squared per day, from a fit on
returns times 100, is omega_daily * 10^4). So the contract's variance after
each observation, times 86400 / WAD, must equal arch's conditional variance
for the next day from `GARCH(1, 0, 1)` with alpha = garchAlpha / WAD,
beta = garchBeta / WAD and that omega, up to the contract's upward rounding
(`rounding_bound`). Spec 1.0's EWMA is the special case beta = lambda,
alpha = 1 - lambda, omega = 0, also checked against arch's `EWMAVariance`.

The contract runs on the EVM (revm or py-evm) through an ordinary scenario,
so the same trace can be diffed against the Swift model (`margin diff`).
"""

from __future__ import annotations

import calendar
import csv
import math
import re
import time
import warnings
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from arch.univariate import GARCH, EWMAVariance

from harness.builder import (
    GLOBAL_PARAMS,
    LIST_MARKET,
    ORACLE,
    OWNER,
    POST_PRICE,
    WAD,
    ScenarioBuilder,
    ewma_weights,
    market_params,
)
from harness.json_input import BadInput
from harness.scenario import DEPLOYMENT_LINES

DAY = 86_400
MIN_PRICE, MAX_PRICE = 1, 10**26  # Spec/state.md
MAX_GARCH_OMEGA = 10**13  # garchOmega's upper bound, WAD per second (Spec/state.md)
PRICE_UPDATE_TOPIC = "0x482617ea6a140e64dc261614ff0db03de6b8175d12ae0eb574ce7eeb49ba3c34"
TIME_COLUMNS = ("unix_timestamp", "timestamp", "date", "time")
PRICE_COLUMNS = ("close", "price")
DECIMAL = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]{1,18})?")


@dataclass(frozen=True)
class PriceSeries:
    """Observations of one market: unix seconds and WAD prices, with the rows skipped as `null`."""

    name: str
    times: list[int]
    prices: list[int]
    skipped_rows: list[int]


@dataclass(frozen=True)
class GarchWeights:
    """A market's GARCH(1,1) weights as the contract holds them: beta and alpha in WAD, omega in WAD per second."""

    beta: int
    alpha: int
    omega: int

    @classmethod
    def ewma(cls, ewma_lambda: int) -> GarchWeights:
        """Spec 1.0's EWMA at lambda (WAD): beta = lambda, alpha = WAD - lambda, omega = 0."""
        return cls(*ewma_weights(ewma_lambda))

    @classmethod
    def from_arch(cls, omega_percent: float, alpha: float, beta: float) -> GarchWeights:
        """arch's GARCH(1,1) estimates (omega in %^2 per day, on returns times 100) as contract weights.

        Each float is read as its shortest decimal (`repr`, so 0.85 is 17/20, not
        the binary 0.8499999999999999778). alpha and beta are rounded to the
        nearest WAD integers, then beta is lowered if needed so that
        alpha + beta < WAD (requireGarch: at WAD omega would have to be 0, and
        there would be no long-run level). omega, converted to WAD per second
        (omega_daily * WAD / 86400, with omega_daily = omega_percent / 10^4), is
        rounded to the nearest integer within [0, 10^13].
        """

        def exact(x: float) -> Fraction:
            return Fraction(repr(float(x)))

        a = min(max(0, round(exact(alpha) * WAD)), WAD - 1)
        b = min(max(0, round(exact(beta) * WAD)), WAD - 1 - a)
        w = round(exact(omega_percent) / 10**4 * WAD / DAY)
        return cls(b, a, min(max(w, 0), MAX_GARCH_OMEGA))

    def arch_parameters(self) -> np.ndarray:
        """[omega_daily, alpha, beta]: exactly these weights, in arch's one-day units (as floats)."""
        return np.array([float(Fraction(self.omega * DAY, WAD)), self.alpha / WAD, self.beta / WAD])

    def describe(self) -> str:
        daily = self.omega * DAY / WAD
        return (
            f"beta {self.beta} ({self.beta / WAD}), alpha {self.alpha} ({self.alpha / WAD}),"
            f" omega {self.omega} WAD/s ({daily:.6g} per day, {daily * 1e4:.6g} %^2 per day)"
        )


def _column(header: list[str], choices: tuple[str, ...], path: Path, what: str) -> int:
    lowered = [name.strip().lower() for name in header]
    for choice in choices:
        if choice in lowered:
            return lowered.index(choice)
    raise BadInput(f"{path}: row 1: no {what} column; expected one of {', '.join(choices)}, got {', '.join(header)}")


def _seconds(text: str, path: Path, row: int) -> int:
    text = text.strip()
    if text.isdigit():
        return int(text)
    for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return calendar.timegm(time.strptime(text, layout))
        except ValueError:
            continue
    raise BadInput(f"{path}: row {row}: time {text!r} is neither unix seconds nor a UTC date (YYYY-MM-DD)")


def _wad(text: str, path: Path, row: int) -> int:
    """A decimal USD price to WAD exactly, never through floating point."""
    match = DECIMAL.fullmatch(text.strip())
    if match is None:
        raise BadInput(f"{path}: row {row}: price {text!r} is not a decimal with at most 18 places")
    whole, fraction = match.group(1), (match.group(2) or ".")[1:]
    return int(whole) * WAD + int(fraction.ljust(18, "0"))


def read_series(path: Path) -> PriceSeries:
    """A CSV of daily candles (a header row names the columns); `null` rows are skipped and listed."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: cannot read: {error}") from error
    if len(rows) < 3:
        raise BadInput(f"{path}: expected a header row and at least two observations")
    time_at = _column(rows[0], TIME_COLUMNS, path, "time")
    price_at = _column(rows[0], PRICE_COLUMNS, path, "price")
    times: list[int] = []
    prices: list[int] = []
    skipped: list[int] = []
    for row_number, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            raise BadInput(f"{path}: row {row_number}: {len(row)} fields, the header has {len(rows[0])}")
        if row[price_at].strip() == "null":
            skipped.append(row_number)
            continue
        seconds = _seconds(row[time_at], path, row_number)
        if times and seconds <= times[-1]:
            raise BadInput(f"{path}: row {row_number}: time {row[time_at]} is not after the row before")
        price = _wad(row[price_at], path, row_number)
        if not MIN_PRICE <= price <= MAX_PRICE:
            raise BadInput(
                f"{path}: row {row_number}: price {row[price_at].strip()} is outside the contract's [1 wei, 1e8 USD]"
            )
        times.append(seconds)
        prices.append(price)
    if len(prices) < 3:
        # The first close lists the market; arch's path starts one return after the second.
        raise BadInput(f"{path}: {len(prices)} observations; expected at least 3 (not null)")
    return PriceSeries(path.name, times, prices, skipped)


def scenario(series: PriceSeries, weights: GarchWeights, initial_variance: int) -> dict[str, Any]:
    """List one market at the first observation, then post every later one at its own time."""
    start = series.times[0]
    builder = ScenarioBuilder(f"the variance path of {series.name}", start, GLOBAL_PARAMS)
    garch = (weights.beta, weights.alpha, weights.omega)
    builder.call(
        OWNER, start, LIST_MARKET, series.prices[0], initial_variance, *market_params(5_000_000 * WAD, garch=garch)
    )
    for seconds, price in zip(series.times[1:], series.prices[1:], strict=True):
        builder.call(ORACLE, seconds, POST_PRICE, 0, price, seconds)
    return builder.document()


def contract_variances(trace: list[dict[str, Any]]) -> list[int]:
    """The variance each postPrice's PriceUpdate event reports, in order; every call must have succeeded."""
    variances = []
    calls = trace[DEPLOYMENT_LINES:]
    for index, line in enumerate(calls, start=DEPLOYMENT_LINES):
        if line.get("error") is not None:
            raise ValueError(f"trace line {index} reverted: {line['error']}")
        if line is calls[0]:
            continue  # listMarket
        update = [log for log in line["logs"] if log["topics"][0] == PRICE_UPDATE_TOPIC]
        if len(update) != 1:
            raise ValueError(f"trace line {index}: expected one PriceUpdate event, found {len(update)}")
        data = bytes.fromhex(update[0]["data"][2:])
        variances.append(int.from_bytes(data[64:96], "big"))
    return variances


def daily_returns(series: PriceSeries) -> np.ndarray:
    """Simple returns, each scaled to one day by sqrt(86400 / dt), as the per-second sample implies."""
    returns = []
    for k in range(1, len(series.prices)):
        r = Fraction(series.prices[k] - series.prices[k - 1], series.prices[k - 1])
        returns.append(float(r) * (DAY / (series.times[k] - series.times[k - 1])) ** 0.5)
    return np.array(returns)


def arch_variances(returns: np.ndarray, ewma_lambda: float, initial_daily: float) -> dict[str, np.ndarray]:
    """arch's EWMA paths at lambda, one day units: sigma2[t] is the variance before return t."""
    bounds = np.array([[0.0, np.inf]] * len(returns))
    ewma = EWMAVariance(ewma_lambda).compute_variance(
        np.array([]), returns, np.zeros(len(returns)), initial_daily, bounds
    )
    garch_parameters = np.array([0.0, 1 - ewma_lambda, ewma_lambda])
    garch = GARCH(1, 0, 1).compute_variance(garch_parameters, returns, np.zeros(len(returns)), initial_daily, bounds)
    return {"arch EWMAVariance": ewma, "arch GARCH(1,1) omega 0": garch}


def arch_garch_variance(returns: np.ndarray, weights: GarchWeights, initial_daily: float) -> np.ndarray:
    """arch's GARCH(1,1) path with exactly these weights, one day units: sigma2[t] is the variance before return t.

    arch starts from sigma2[0] = omega + (alpha + beta) * backcast, so the backcast
    is chosen to make sigma2[0] the contract's listing variance.
    """
    omega, alpha, beta = parameters = weights.arch_parameters()
    backcast = (initial_daily - omega) / (alpha + beta) if alpha + beta > 0 else 0.0
    bounds = np.array([[0.0, np.inf]] * len(returns))
    return GARCH(1, 0, 1).compute_variance(parameters, returns, np.zeros(len(returns)), backcast, bounds)


def fit_garch(returns: np.ndarray, distribution: str = "normal") -> dict[str, float]:
    """arch's maximum-likelihood GARCH(1,1) on daily returns in percent, zero mean: omega (%^2/day), alpha, beta
    (and nu for Student-t). Raises ValueError if the optimiser did not converge."""
    from arch import arch_model

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter; the fit's flag is checked below
        fit = arch_model(returns * 100, mean="Zero", vol="GARCH", p=1, q=1, dist=distribution).fit(disp="off")
    if fit.convergence_flag != 0:
        raise ValueError(f"arch's optimiser did not converge ({distribution})")
    return {str(name): float(value) for name, value in fit.params.items()}


# arch's float64 recursion, against the exact contract: a relative error far below this, per variance.
FLOAT_TOLERANCE = 1e-13


@dataclass(frozen=True)
class Agreement:
    """How the contract's path compares with one reference, in wei of WAD per second."""

    reference: str
    compared: int
    lowest: float  # the most negative (contract - reference)
    highest: float  # the most positive
    bound: float  # the most upward rounding can add
    within: bool  # never below the reference, never above it by more than the bound (each up to float error)


def rounding_bound(beta: float, alpha: float) -> float:
    """The most the contract's upward rounding can put its variance above the exact recursion, in wei.

    Let e = v - v* be the contract's excess over the exact GARCH recursion
    v*' = beta v* + alpha s* + omega on the exact samples s* = r^2 / dt, from
    e = 0 at listing. omega is added exactly. The sample is rounded up, so
    s - s* is in [0, 1 + (2|r| + 1/WAD) / dt) wei (rWad is itself rounded up
    by under 1 wei; for daily observations the second term is below 3e-4), and
    the mix is rounded up by less than 1 wei. So e' = beta e + alpha (s - s*) + rounding
    is in [0, beta e + alpha + 1) (taking the sample's excess as 1 wei), and
    by induction 0 <= e < (alpha + 1)(1 + beta + beta^2 + ...) = (alpha + 1) / (1 - beta).
    Spec 1.0's (2 - lambda) / (1 - lambda) is the case beta = lambda, alpha = 1 - lambda.

    beta = 1 is allowed only with alpha = 0 and omega = 0 (requireGarch); then
    beta * v is a multiple of WAD, nothing is rounded and the bound is 0. (alpha > 0
    with beta = 1 cannot be listed; the sum would grow with every step: inf.)
    """
    if beta >= 1:
        return 0.0 if alpha == 0 else math.inf
    return (alpha + 1) / (1 - beta)


def compare(contract: list[int], references: dict[str, np.ndarray], beta: float, alpha: float) -> list[Agreement]:
    """The contract's variance after return k against each reference's sigma2[k + 1]."""
    ours = np.array([float(v) for v in contract])
    bound = rounding_bound(beta, alpha)
    agreements = []
    for name, path in references.items():
        theirs = path[1:] * (WAD / DAY)
        difference = ours[: len(theirs)] - theirs
        slack = FLOAT_TOLERANCE * theirs
        within = bool(np.all(difference >= -slack) and np.all(difference <= bound + slack))
        agreements.append(Agreement(name, len(theirs), float(difference.min()), float(difference.max()), bound, within))
    return agreements
