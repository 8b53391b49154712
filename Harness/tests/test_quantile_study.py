"""quantile_study.py: the statistics it scores with, and the study's document."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import numpy as np
import pytest

from harness.paths import HARNESS, REPO_ROOT
from harness.quantile_study import adaptive_z, basel_zones, christoffersen, cornish_fisher, ewma, kupiec

SERIES = [REPO_ROOT / "Tests/Data/btc-usd-daily.csv", REPO_ROOT / "Tests/Data/eth-usd-daily.csv"]
STUDY = REPO_ROOT / "docs/spec-1.1-quantile-study.md"


def test_kupiec_is_one_at_the_promised_rate_and_matches_the_likelihood_ratio():
    assert kupiec(1000, 10, 0.01) == pytest.approx(1.0)
    # 25 exceedances in 1000 days at p = 1 %: LR = -2 ln(L0 / L1), by hand.
    lr = -2 * (975 * math.log(0.99) + 25 * math.log(0.01) - 975 * math.log(0.975) - 25 * math.log(0.025))
    assert kupiec(1000, 25, 0.01) == pytest.approx(math.erfc(math.sqrt(lr / 2)))


def test_christoffersen_cannot_test_without_exceedances_or_days():
    assert christoffersen(np.zeros(100, dtype=bool)) == 1.0
    assert christoffersen(np.ones(100, dtype=bool)) == 1.0


def test_christoffersen_sees_clustered_exceedances_and_not_spread_ones():
    spread = np.zeros(1000, dtype=bool)
    spread[::100] = True
    clustered = np.zeros(1000, dtype=bool)
    clustered[500:510] = True
    assert christoffersen(spread) > 0.5
    assert christoffersen(clustered) < 1e-6


def test_cornish_fisher_is_the_normal_quantile_without_excess_kurtosis():
    z = 2.326
    assert cornish_fisher(z, np.array([0.0]))[0] == z
    assert cornish_fisher(z, np.array([6.0]))[0] == pytest.approx(z + (z**3 - 3 * z) / 4)


def test_ewma_reports_the_level_before_each_sample():
    assert list(ewma(np.array([1.0, 1.0]), 0.5, 0.0)) == [0.0, 0.5]


def test_the_adaptive_z_rises_after_an_exceedance_and_never_falls_below_z():
    z = adaptive_z(np.array([5.0, 0.0, 0.0]), 2.0, 0.5)
    assert list(z) == [2.0, 2.0 + 0.5 * 0.99, 2.0 + 0.5 * 0.99 - 0.5 * 0.01]
    assert min(adaptive_z(np.zeros(100), 2.0, 0.5)) == 2.0


def test_basel_zones_count_rolling_windows():
    hits = np.zeros(300, dtype=bool)
    hits[:5] = True
    green, yellow, red = basel_zones(hits)
    assert (green, yellow, red) == (50, 1, 0)  # only the first window holds all five
    assert basel_zones(hits[:100]) == (0, 0, 0)  # shorter than one window: none


def test_the_document_shows_what_the_study_prints():
    printed = subprocess.run(
        [sys.executable, str(HARNESS / "quantile_study.py"), *map(str, SERIES)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = STUDY.read_text(encoding="utf-8")
    block = re.search(r"<!-- quantile_study\.py [^>]*-->\n(.*?)<!-- end -->", text, re.S)
    assert block, "no quantile_study.py marker in the document"
    assert block.group(1).strip() == printed.strip()


@pytest.mark.parametrize(
    ("name", "closes", "message"),
    [
        ("short", [100 + k for k in range(40)], "needs more than 500"),
        ("flat", [100] * 600, "all zero"),
    ],
)
def test_a_series_too_short_or_that_does_not_move_is_bad_input(tmp_path, name, closes, message):
    series = tmp_path / f"{name}.csv"
    series.write_text("unix_timestamp,close\n" + "".join(f"{86400 * (k + 1)},{c}\n" for k, c in enumerate(closes)))
    run = subprocess.run(
        [sys.executable, str(HARNESS / "quantile_study.py"), str(series)], capture_output=True, text=True
    )
    assert run.returncode == 2
    assert str(series) in run.stderr
    assert message in run.stderr
