"""Spec 1.1's adaptive z (Spec/operations/postPrice.md, "Adaptive z") on the contract, against a third implementation.

The tracker is written here again from the Spec's steps 14a-14d alone, in Python
integers, and the contract's PriceUpdate events and marketState views must give
the same z, to the wei, on the Spec's worked example and on a seeded random
walk with jumps, irregular observation times and unchanged prices. Neither the
Swift model nor the vector corpus is involved, so a rule that the model and
the contract got wrong the same way fails here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from eth_abi import decode
from spec_arithmetic import ceil_div
from trace_reading import returned

from harness.builder import GLOBAL_PARAMS, LIST_MARKET, ORACLE, OWNER, WAD, ScenarioBuilder, market_params

T = 1_700_000_000
TAIL = 10**16  # ADAPTIVE_Z_TAIL (state.md)
MAX_RETURN, MAX_VARIANCE = 10 * WAD, 10**13
PRICE_UPDATE = "PriceUpdate(uint256,uint256,uint256,uint256,uint256,uint256)"


@dataclass
class Market:
    price: int
    time: int
    variance: int
    z_long: int
    z_short: int
    z_score: int
    z_step: int
    z_headroom: int
    beta: int = 94 * 10**16
    alpha: int = 6 * 10**16

    def post(self, price: int, timestamp: int) -> None:
        """postPrice.md steps 8-15 (omega 0)."""
        move = abs(price - self.price)
        r_var = min(ceil_div(move * WAD, self.price), MAX_RETURN)
        sample = ceil_div(ceil_div(r_var * r_var, WAD), timestamp - self.time)
        new_variance = min(ceil_div(self.beta * self.variance + self.alpha * sample, WAD), MAX_VARIANCE)
        z_min, z_max = self.z_score, self.z_score + self.z_headroom  # 14a
        up, down = ceil_div(self.z_step * (WAD - TAIL), WAD), self.z_step * TAIL // WAD  # 14b

        def moved(z: int, lost: bool) -> int:  # 14c, 14d
            if lost and sample > (z * z // WAD) * self.variance // WAD:
                return min(z + up, z_max)
            return z - min(down, z - z_min)

        self.z_long = moved(self.z_long, price < self.price)
        self.z_short = moved(self.z_short, price > self.price)
        self.price, self.time, self.variance = price, timestamp, new_variance


def replay(run_trace, market: Market, posts: list[tuple[int, int]], name: str) -> list[tuple[int, int, int, int]]:
    """Lists `market`, posts each (price, seconds later); returns (event zLong, event zShort, view zLong, view zShort)."""
    b = ScenarioBuilder(f"adaptive z: {name}", T, GLOBAL_PARAMS)
    params = market_params(5 * 10**6 * WAD, z_step=market.z_step, z_headroom=market.z_headroom)
    params[1] = market.z_score
    b.call(OWNER, T, LIST_MARKET, market.price, market.variance, *params)
    marks, now = [], T
    for price, wait in posts:
        now += wait
        marks.append(
            (
                b.call(ORACLE, now, "postPrice(uint256,uint256,uint256)", 0, price, now),
                b.view(now, "marketState(uint256)", 0),
            )
        )
    lines, _ = run_trace(b.document(), name.replace(" ", "-"))
    out = []
    for post, view in marks:
        assert "error" not in lines[post], f"{name}: postPrice reverted: {lines[post].get('error')}"
        (log,) = lines[post]["logs"][:1]
        event = decode(["uint256"] * 5, bytes.fromhex(log["data"][2:]))
        state = returned(lines[view], ["uint256"] * 7)
        out.append((event[3], event[4], state[5], state[6]))
    return out


def expected(market: Market, posts: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    out, now = [], T
    for price, wait in posts:
        now += wait
        market.post(price, now)
        out.append((market.z_long, market.z_short, market.z_long, market.z_short))
    return out


def fresh(z_score: int = 233 * 10**16, z_step: int = 5 * 10**17, z_headroom: int = 5 * WAD) -> Market:
    return Market(2000 * WAD, T, 2 * 10**9, z_score, z_score, z_score, z_step, z_headroom)


def test_the_spec_worked_example(run_trace) -> None:
    posts = [(2010 * WAD, 60), (2009 * WAD, 60), (1990 * WAD, 60)]
    got = replay(run_trace, fresh(), posts, "spec example")
    # The table of postPrice.md, row by row.
    table = [(233 * 10**16, 2825 * 10**15), (233 * 10**16, 282 * 10**16), (2825 * 10**15, 2815 * 10**15)]
    assert [(zl, zs) for zl, zs, _, _ in got] == table
    assert got == expected(fresh(), posts)


def test_a_random_walk_with_jumps(run_trace) -> None:
    rng = random.Random(14)
    posts, price = [], 2000 * WAD
    for _ in range(200):
        dt = rng.choice([1, 12, 60, 61, 3600])
        kind = rng.random()
        if kind < 0.1:
            move = 0.0  # an unchanged price: a loss for neither side
        elif kind < 0.15:
            move = rng.choice([-1, 1]) * rng.uniform(0.05, 0.3)  # a jump
        else:
            # About the listing's volatility (variance 2e9 per second), with fat tails.
            move = rng.gauss(0, 1) / rng.uniform(0.3, 1) * 4.5e-5 * dt**0.5
        price = max(1, price + int(price * move))
        posts.append((price, dt))
    for z_step, z_headroom in [(5 * 10**17, 5 * WAD), (WAD, 3 * 10**17), (1, WAD)]:
        name = f"walk step {z_step} headroom {z_headroom}"
        got = replay(run_trace, fresh(z_step=z_step, z_headroom=z_headroom), posts, name)
        assert got == expected(fresh(z_step=z_step, z_headroom=z_headroom), posts), name
        assert len({zs for _, zs, _, _ in got}) > 1, f"{name}: the walk should move zShort"
