"""The contract's variance path on a real price series, against `arch`, the reference GARCH library.

Spec 1.0's postPrice keeps an EWMA of the squared simple return per second
(Spec/operations/postPrice.md). That is GARCH(1,1) with omega = 0,
alpha = 1 - lambda, beta = lambda, on returns scaled to one day: a sample
r^2 / dt per second is (r * sqrt(86400 / dt))^2 per day. So the contract's
variance after each observation, times 86400 / WAD, must equal arch's
conditional variance for the next day, from `EWMAVariance` and from `GARCH`
with those parameters, up to the contract's upward rounding (one wei per
second in WAD, far below a relative 1e-9 of any variance reached).

The contract runs on the EVM (revm or py-evm) through an ordinary scenario,
so the same trace can be diffed against the Swift model (`margin diff`).
"""

from __future__ import annotations

import calendar
import csv
import re
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from arch.univariate import GARCH, EWMAVariance

from harness.builder import GLOBAL_PARAMS, LIST_MARKET, ORACLE, OWNER, POST_PRICE, WAD, ScenarioBuilder, market_params
from harness.json_input import BadInput

DAY = 86_400
MIN_PRICE, MAX_PRICE = 1, 10**26  # Spec/state.md
PRICE_UPDATE_TOPIC = "0x50bb505bf12befaddbb5e878fe7ff845aef673dd789600f2dda0f7c22b0fe494"
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


def scenario(series: PriceSeries, ewma_lambda: int, initial_variance: int) -> dict[str, Any]:
    """List one market at the first observation, then post every later one at its own time."""
    start = series.times[0]
    builder = ScenarioBuilder(f"the variance path of {series.name}", start, GLOBAL_PARAMS)
    builder.call(
        OWNER, start, LIST_MARKET, series.prices[0], initial_variance, *market_params(5_000_000 * WAD, ewma_lambda)
    )
    for seconds, price in zip(series.times[1:], series.prices[1:], strict=True):
        builder.call(ORACLE, seconds, POST_PRICE, 0, price, seconds)
    return builder.document()


def contract_variances(trace: list[dict[str, Any]]) -> list[int]:
    """The variance each postPrice's PriceUpdate event reports, in order; every call must have succeeded."""
    variances = []
    for index, line in enumerate(trace[1:], start=1):
        if line.get("error") is not None:
            raise ValueError(f"trace line {index} reverted: {line['error']}")
        if index == 1:
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
    """arch's conditional variance paths, one day units: sigma2[t] is the variance before return t."""
    bounds = np.array([[0.0, np.inf]] * len(returns))
    ewma = EWMAVariance(ewma_lambda).compute_variance(
        np.array([]), returns, np.zeros(len(returns)), initial_daily, bounds
    )
    garch_parameters = np.array([0.0, 1 - ewma_lambda, ewma_lambda])
    garch = GARCH(1, 0, 1).compute_variance(garch_parameters, returns, np.zeros(len(returns)), initial_daily, bounds)
    return {"arch EWMAVariance": ewma, "arch GARCH(1,1) omega 0": garch}


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


def rounding_bound(ewma_lambda: float) -> float:
    """Each postPrice rounds up twice (the sample, then the mix), adding under (1 - lambda) + 1 wei; decayed
    by lambda at every step, the excess stays below (2 - lambda) / (1 - lambda) wei."""
    return (2 - ewma_lambda) / (1 - ewma_lambda)


def compare(contract: list[int], references: dict[str, np.ndarray], ewma_lambda: float) -> list[Agreement]:
    """The contract's variance after return k against each reference's sigma2[k + 1]."""
    ours = np.array([float(v) for v in contract])
    bound = rounding_bound(ewma_lambda)
    agreements = []
    for name, path in references.items():
        theirs = path[1:] * (WAD / DAY)
        difference = ours[: len(theirs)] - theirs
        slack = FLOAT_TOLERANCE * theirs
        within = bool(np.all(difference >= -slack) and np.all(difference <= bound + slack))
        agreements.append(Agreement(name, len(theirs), float(difference.min()), float(difference.max()), bound, within))
    return agreements
