#!/usr/bin/env python3
"""Python int baseline for the arithmetic benchmarks.

Times the five operations of Benchmarks/ArithmeticBenchmarks with Python's
arbitrary-precision ints, on the same operand tables: the same SplitMix64
generator, seeds and derivations as Operands.swift, so all three
implementations see identical numbers.

    add     (x + y) mod 2^256      (the EVM wraps)
    mul     (x * y) mod 2^256
    div     x // y                 (256-bit x, 130..256-bit y)
    mulDiv  (x * y) // d           (512-bit product, quotient < 2^256)
    isqrt   math.isqrt(x)          (256-bit x)

Each figure is the median of REPEATS timed batches (each at least 0.2 s of
passes over the 1,024-entry table), divided by the operations in a batch. "gross" includes the interpreter's loop (iterate and
unpack the tuple); "net" subtracts an empty loop over the same table, which
leaves the operation itself. Usage: python_int.py [--json FILE]
"""

import json
import math
import platform
import sys
import timeit

OPERAND_COUNT = 1024
WORD = (1 << 256) - 1
REPEATS = 9


class SplitMix64:
    """SplitMix64, bit for bit as in Operands.swift."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def limbs(self):
        return [self.next() for _ in range(4)]

    def word(self):
        return from_limbs(self.limbs())

    def word_bits(self, bits):
        """A value of exactly `bits` significant bits (1..256)."""
        return (self.word() >> (256 - bits)) | (1 << (bits - 1))

    def word_below(self, bound):
        """A value below bound: the top limb reduced below bound's top limb."""
        x = self.limbs()
        b = to_limbs(bound)
        n = significant_limbs(bound)
        for i in range(n, 4):
            x[i] = 0
        x[n - 1] %= b[n - 1]
        return from_limbs(x)


def from_limbs(limbs):
    return sum(limb << (64 * i) for i, limb in enumerate(limbs))


def to_limbs(x):
    return [(x >> (64 * i)) & SplitMix64.MASK for i in range(4)]


def significant_limbs(x):
    return (x.bit_length() + 63) // 64


def operand_tables():
    """The tables of Operands.swift, in the same order."""
    rng = SplitMix64(1)
    add_mul = [(rng.word(), rng.word()) for _ in range(OPERAND_COUNT)]

    rng = SplitMix64(2)
    div = []
    for i in range(OPERAND_COUNT):
        n = rng.word_bits(256)
        d = rng.word_bits(130 + i % 127)
        div.append((n, d))

    rng = SplitMix64(3)
    mul_div = []
    for i in range(OPERAND_COUNT):
        x = rng.word_bits(256)
        d = rng.word_bits(130 + i % 127)
        y = rng.word_below(d) | (1 << 129)
        if not y < d:
            y = d - 1
        assert x * y >= 1 << 384
        assert x * y // d <= WORD
        mul_div.append((x, y, d))

    rng = SplitMix64(4)
    isqrt = [(rng.word_bits(256),) for _ in range(OPERAND_COUNT)]
    return add_mul, div, mul_div, isqrt


# One pass over a table; each returns the last result so nothing is dead.
def pass_add(table):
    r = 0
    for x, y in table:
        r = (x + y) & WORD
    return r


def pass_mul(table):
    r = 0
    for x, y in table:
        r = (x * y) & WORD
    return r


def pass_div(table):
    r = 0
    for x, y in table:
        r = x // y
    return r


def pass_mul_div(table):
    r = 0
    for x, y, d in table:
        r = x * y // d
    return r


def pass_isqrt(table):
    r = 0
    isqrt = math.isqrt
    for (x,) in table:
        r = isqrt(x)
    return r


def pass_empty2(table):
    r = 0
    for x, _y in table:
        r = x
    return r


def pass_empty3(table):
    r = 0
    for x, _y, _d in table:
        r = x
    return r


def pass_empty1(table):
    r = 0
    for (x,) in table:
        r = x
    return r


def ns_per_op(function, table):
    """Median over REPEATS of one timed batch, in ns per operation."""
    timer = timeit.Timer(lambda: function(table))
    number, _ = timer.autorange()  # batches of >= 0.2 s
    times = sorted(timer.repeat(repeat=REPEATS, number=number))
    median = times[len(times) // 2]
    return median / (number * len(table)) * 1e9


def main(argv):
    json_path = None
    if len(argv) == 2 and argv[0] == "--json":
        json_path = argv[1]
    elif argv:
        sys.exit("usage: python_int.py [--json FILE]")

    add_mul, div, mul_div, isqrt = operand_tables()
    cases = [
        ("add", pass_add, pass_empty2, add_mul),
        ("mul", pass_mul, pass_empty2, add_mul),
        ("div", pass_div, pass_empty2, div),
        ("mulDiv", pass_mul_div, pass_empty3, mul_div),
        ("isqrt", pass_isqrt, pass_empty1, isqrt),
    ]
    results = {}
    print(f"Python {platform.python_version()} ints, {OPERAND_COUNT} operands, median of {REPEATS} repeats")
    print(f"{'operation':<10}{'gross ns/op':>14}{'loop ns/op':>14}{'net ns/op':>14}")
    for name, operation, empty, table in cases:
        gross = ns_per_op(operation, table)
        loop = ns_per_op(empty, table)
        results[name] = {"gross": gross, "loop": loop, "net": gross - loop}
        print(f"{name:<10}{gross:>14.1f}{loop:>14.1f}{gross - loop:>14.1f}")
    if json_path:
        with open(json_path, "w") as out:
            json.dump({"python": platform.python_version(), "results": results}, out, indent=2)
            out.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
