"""The contract's horizon variance (Spec/margin.md) against arch's multi-step GARCH(1,1) forecast.

At a cadence of one day and a horizon of k whole days, margin.md's
`horizonVariance(v, T, ...)` is one day times the sum of GARCH's k one-step
forecasts, which is what arch's analytic `forecast` returns per step. On the
real daily BTC and ETH closes, at the GARCH weights arch estimates on each
series (rounded to the contract's integers), every sampled day's forecast
over 1, 5 and 20 days is computed by the contract on the EVM (its internal
`horizonVariance`, through titanoboa) from the variance arch has for the
next day, and compared with the sum of arch's forecasts.
"""

from __future__ import annotations

import boa
import numpy as np
import pytest
from arch.univariate import GARCH

from harness.builder import EXCHANGE, GLOBAL_PARAMS, ORACLE, WAD
from harness.paths import DEFAULT_CONTRACT, REPO_ROOT
from harness.variance_reference import DAY, GarchWeights, daily_returns, fit_garch, read_series

SERIES = {name: REPO_ROOT / f"Tests/Data/{name}-usd-daily.csv" for name in ("btc", "eth")}
HORIZONS_DAYS = (1, 5, 20)
SAMPLE_EVERY = 9  # days between sampled forecasts (573 on BTC, 256 on ETH)
# The contract starts from the integer nearest arch's next-day variance (WAD
# per second, about 1e9: half a wei is 5e-10 of it) and rounds up by a few
# wei; arch's float64 adds 1e-15. Measured: 1.1e-10 (BTC), 2.6e-11 (ETH).
RELATIVE_TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def engine():
    # horizonVariance is internal and reads no storage: no governance extension is needed, only a non-zero address.
    return boa.load(str(DEFAULT_CONTRACT), EXCHANGE, ORACLE, EXCHANGE, *GLOBAL_PARAMS.values())


@pytest.mark.parametrize("name", sorted(SERIES))
def test_horizon_variance_is_archs_multi_step_forecast(engine, name):
    returns = daily_returns(read_series(SERIES[name]))
    fitted = fit_garch(returns)
    weights = GarchWeights.from_arch(fitted["omega"], fitted["alpha[1]"], fitted["beta[1]"])
    parameters = weights.arch_parameters()
    bounds = np.array([[0.0, np.inf]] * len(returns))
    forecast = GARCH(1, 0, 1).forecast(
        parameters, returns, float(np.var(returns)), bounds, start=0, horizon=max(HORIZONS_DAYS)
    )
    steps = forecast.forecasts  # [t, h - 1]: variance of day t + h given days up to t
    phi = weights.alpha + weights.beta
    assert phi < WAD, "arch's fit must have a long-run level for this comparison"

    worst = 0.0
    checked = 0
    for t in range(0, len(returns), SAMPLE_EVERY):
        v = round(steps[t, 0] * WAD / DAY)  # the next day's variance, WAD per second
        for days in HORIZONS_DAYS:
            contract = engine.internal.horizonVariance(v, days * DAY, phi, weights.omega, DAY)
            reference = float(np.sum(steps[t, :days])) * WAD
            relative = (contract - reference) / reference
            assert abs(relative) <= RELATIVE_TOLERANCE, (
                f"{name} day {t}, {days} days: contract {contract}, arch {reference:.6e} (relative {relative:.3e})"
            )
            worst = max(worst, abs(relative))
            checked += 1
    assert checked >= 3 * 200, f"{name}: only {checked} forecasts compared"
    print(f"{name}: {checked} forecasts, worst relative difference {worst:.3e} ({weights.describe()})")
