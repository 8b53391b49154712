"""variance_check.py: the contract's variance path against arch, and what it refuses."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from harness.builder import WAD
from harness.json_input import BadInput
from harness.paths import HARNESS, REPO_ROOT
from harness.scenario import parse_scenario, run_scenario
from harness.variance_reference import (
    DAY,
    GarchWeights,
    arch_garch_variance,
    arch_variances,
    compare,
    contract_variances,
    daily_returns,
    fit_garch,
    read_series,
    rounding_bound,
    scenario,
)

ETH = REPO_ROOT / "Tests/Data/eth-usd-daily.csv"
VARIANCE_CHECK = HARNESS / "variance_check.py"


def _first_rows(tmp_path: Path, count: int) -> Path:
    """The first rows of the ETH file, which include a `null` row and the two-day interval it leaves."""
    lines = ETH.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "eth-head.csv"
    path.write_text("\n".join(lines[: count + 1]) + "\n", encoding="utf-8")
    return path


def test_prices_are_read_exactly_and_null_rows_are_skipped_visibly():
    series = read_series(ETH)
    assert series.prices[0] == 2_772_120 * 10**12  # "2.772120", not through a float
    assert len(series.skipped_rows) == 4
    assert all(b > a for a, b in zip(series.times, series.times[1:], strict=False))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("when,close\n1,2\n2,3\n", "no time column"),
        ("time,close\n1,2\n1,3\n", "row 3: time 1 is not after the row before"),
        ("time,close\n1,2\n2,1e3\n", "row 3: price '1e3' is not a decimal"),
        ("time,close\n1,2\n2,0\n", "row 3: price 0 is outside"),
        ("time,close\n1,2\n2,100000001\n", "row 3: price 100000001 is outside"),
        ("time,close\n1,2\n2,null\n3,4\n", "2 observations; expected at least 3"),
        ("time,close\n1,2\n2\n", "row 3: 1 fields, the header has 2"),
        ("date,close\n2020-01-01,2\n01/02/2020,3\n", "row 3: time '01/02/2020' is neither"),
    ],
)
def test_bad_csv_is_named_by_file_and_row(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadInput, match=message) as caught:
        read_series(path)
    assert str(path) in str(caught.value)


def test_the_contract_agrees_with_arch_and_a_path_rounded_down_does_not(tmp_path, initcode):
    series = read_series(_first_rows(tmp_path, 120))
    document = scenario(series, GarchWeights.ewma(94 * 10**16), 2 * 10**9)
    variances = contract_variances(run_scenario(parse_scenario(json.dumps(document)), initcode, evm="revm"))
    assert len(variances) == len(series.prices) - 1
    references = arch_variances(daily_returns(series), 0.94, 2 * 10**9 * DAY / WAD)
    assert all(a.within for a in compare(variances, references, 0.94, 0.06))
    # Another lambda is far outside the rounding.
    other = arch_variances(daily_returns(series), 0.95, 2 * 10**9 * DAY / WAD)
    assert not any(a.within for a in compare(variances, other, 0.94, 0.06))


def test_the_contract_agrees_with_arch_garch_at_estimated_weights_and_not_at_others(tmp_path, initcode):
    series = read_series(_first_rows(tmp_path, 120))
    returns = daily_returns(series)
    fitted = fit_garch(returns)
    weights = GarchWeights.from_arch(fitted["omega"], fitted["alpha[1]"], fitted["beta[1]"])
    assert weights.alpha + weights.beta < WAD
    assert 0 < weights.omega <= 10**13
    document = scenario(series, weights, 2 * 10**9)
    variances = contract_variances(run_scenario(parse_scenario(json.dumps(document)), initcode, evm="revm"))
    initial = 2 * 10**9 * DAY / WAD
    reference = {"garch": arch_garch_variance(returns, weights, initial)}
    beta, alpha = weights.beta / WAD, weights.alpha / WAD
    assert compare(variances, reference, beta, alpha)[0].within
    # One minimum step of omega (1e6 WAD/s) more, or alpha 0.01 lower, is outside the rounding.
    for other in (
        GarchWeights(weights.beta, weights.alpha, weights.omega + 10**6),
        GarchWeights(weights.beta, weights.alpha - 10**16, weights.omega),
    ):
        assert not compare(variances, {"other": arch_garch_variance(returns, other, initial)}, beta, alpha)[0].within


def test_garch_weights_from_arch_round_into_the_contract_bounds():
    # omega 1 %^2 per day = 1e-4 per day = 1e-4 * WAD / 86400 WAD per second
    w = GarchWeights.from_arch(1.0, 0.1, 0.85)
    assert (w.beta, w.alpha, w.omega) == (85 * 10**16, 10**17, round(10**14 / DAY))
    assert w.arch_parameters()[0] == pytest.approx(1e-4, rel=1e-9)
    # alpha + beta at (or, by float error, above) 1: beta is lowered to keep the sum below WAD.
    w = GarchWeights.from_arch(0.0, 0.2, 0.8000000001)
    assert (w.alpha, w.alpha + w.beta) == (2 * 10**17, WAD - 1)
    # omega above the bound is clamped.
    assert GarchWeights.from_arch(1e6, 0.1, 0.8).omega == 10**13
    assert GarchWeights.ewma(94 * 10**16) == GarchWeights(94 * 10**16, 6 * 10**16, 0)


def test_the_rounding_bound_generalises_the_ewma_bound():
    assert rounding_bound(0.94, 0.06) == pytest.approx((2 - 0.94) / (1 - 0.94))
    assert rounding_bound(0.9, 0.08) == pytest.approx(1.08 / 0.1)
    assert rounding_bound(1.0, 0.0) == 0.0  # beta = WAD: beta * v is exact, nothing is rounded
    assert rounding_bound(1.0, 0.01) == math.inf


def test_a_path_below_the_reference_or_above_the_bound_disagrees():
    reference = {"r": np.array([1e-4, 2e-4, 3e-4])}
    exact = [math.ceil(Fraction(v) * WAD / DAY) for v in reference["r"][1:]]  # the contract rounds up
    assert compare(exact, reference, 0.94, 0.06)[0].within
    assert not compare([exact[0] - 2, exact[1]], reference, 0.94, 0.06)[0].within
    assert not compare([exact[0], exact[1] + int(rounding_bound(0.94, 0.06)) + 2], reference, 0.94, 0.06)[0].within


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(VARIANCE_CHECK), *args], capture_output=True, text=True, check=False)


def test_the_command_agrees_writes_new_files_only_and_refuses_bad_input(tmp_path):
    head = _first_rows(tmp_path, 60)
    out = tmp_path / "out"
    out.mkdir()
    done = _run(str(head), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(": agrees") == 3  # EWMA: arch EWMAVariance and GARCH omega 0; GARCH at arch's estimate
    assert sorted(p.name for p in out.iterdir()) == [
        "eth-head-garch-variance.json",
        "eth-head-garch-variance.jsonl",
        "eth-head-variance.json",
        "eth-head-variance.jsonl",
    ]
    again = _run(str(head), "--out", str(out))
    assert again.returncode == 2
    assert "exists; variance_check.py writes new files only" in again.stderr
    assert _run(str(tmp_path / "missing.csv")).returncode == 2
    bad_lambda = _run(str(head), "--lambda", "1.5")
    assert bad_lambda.returncode == 2
    assert "--lambda" in bad_lambda.stderr
