// UInt256 (EVMArithmetic: plain Swift limbs, GMP mpn for division and
// roots) against attaswift/BigInt's BigUInt on the same operand tables.
//
// Every benchmark iteration runs 1,000 operations (scalingFactor .kilo), so
// the reported wall clock and malloc counts are per operation. UInt256
// results are folded into an XOR checksum that goes to blackHole once per
// iteration: a blackHole call per result would cost as much as an add.
// BigUInt results are heap values and go to blackHole one by one.
// BigUInt add and mul are truncated to 256 bits to match the EVM's wrapping.

import Benchmark
import BigInt
import EVMArithmetic

/// 2^256 - 1: truncates BigUInt results to the EVM word.
let wordMask = BigUInt(words: [UInt](repeating: .max, count: 4))

extension BigUInt {
    init(_ x: UInt256) {
        self.init(words: [UInt(x.w0), UInt(x.w1), UInt(x.w2), UInt(x.w3)])
    }
}

struct BigOperandPair: Sendable {
    var x: BigUInt
    var y: BigUInt
    init(_ pair: OperandPair) { (x, y) = (BigUInt(pair.x), BigUInt(pair.y)) }
}

struct BigOperandTriple: Sendable {
    var x: BigUInt
    var y: BigUInt
    var d: BigUInt
    init(_ t: OperandTriple) { (x, y, d) = (BigUInt(t.x), BigUInt(t.y), BigUInt(t.d)) }
}

/// Checks, before anything is measured, that both implementations compute
/// the same value on every table entry: a benchmark of a wrong answer is
/// worthless. Stops with the inputs on the first mismatch.
func checkImplementationsAgree() {
    func agree(_ name: String, _ a: UInt256, _ b: BigUInt, _ inputs: UInt256...) {
        if BigUInt(a) != b {
            fatalError("\(name) disagrees on \(inputs): UInt256 gives \(a), BigUInt \(b)")
        }
    }
    for p in Operands.addMul {
        let (x, y) = (BigUInt(p.x), BigUInt(p.y))
        agree("add", p.x &+ p.y, (x + y) & wordMask, p.x, p.y)
        agree("mul", p.x &* p.y, (x * y) & wordMask, p.x, p.y)
    }
    for p in Operands.div {
        agree("div", EVM.div(p.x, p.y), BigUInt(p.x) / BigUInt(p.y), p.x, p.y)
    }
    for t in Operands.mulDiv {
        let product = t.x.multipliedFullWidth(by: t.y)
        precondition(!product.high.isZero, "mulDiv operands must need the 512-bit path")
        agree("mulDiv", try! UInt256.mulDiv(t.x, t.y, t.d),
              BigUInt(t.x) * BigUInt(t.y) / BigUInt(t.d), t.x, t.y, t.d)
    }
    for v in Operands.isqrt {
        agree("isqrt", UInt256.isqrt(v), BigUInt(v).squareRoot(), v)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 1_000_000
    )
    precondition(Benchmark.defaultConfiguration.scalingFactor.rawValue <= operandCount)

    // Build the tables now, outside every measured region.
    checkImplementationsAgree()
    let addMul = Operands.addMul, div = Operands.div
    let mulDiv = Operands.mulDiv, isqrt = Operands.isqrt
    let bigAddMul = addMul.map(BigOperandPair.init), bigDiv = div.map(BigOperandPair.init)
    let bigMulDiv = mulDiv.map(BigOperandTriple.init), bigIsqrt = isqrt.map(BigUInt.init)
    let mask = wordMask

    // MARK: UInt256

    Benchmark("add/UInt256") { benchmark in
        var checksum = UInt256.zero
        addMul.withUnsafeBufferPointer { table in
            for i in benchmark.scaledIterations {
                let p = table[i]
                checksum = checksum ^ (p.x &+ p.y)
            }
        }
        blackHole(checksum)
    }

    Benchmark("mul/UInt256") { benchmark in
        var checksum = UInt256.zero
        addMul.withUnsafeBufferPointer { table in
            for i in benchmark.scaledIterations {
                let p = table[i]
                checksum = checksum ^ (p.x &* p.y)
            }
        }
        blackHole(checksum)
    }

    Benchmark("div/UInt256") { benchmark in
        var checksum = UInt256.zero
        div.withUnsafeBufferPointer { table in
            for i in benchmark.scaledIterations {
                let p = table[i]
                checksum = checksum ^ EVM.div(p.x, p.y)
            }
        }
        blackHole(checksum)
    }

    Benchmark("mulDiv/UInt256") { benchmark in
        var checksum = UInt256.zero
        mulDiv.withUnsafeBufferPointer { table in
            for i in benchmark.scaledIterations {
                let t = table[i]
                // The tables never revert (checked in checkImplementationsAgree).
                checksum = checksum ^ ((try? UInt256.mulDiv(t.x, t.y, t.d)) ?? .zero)
            }
        }
        blackHole(checksum)
    }

    Benchmark("isqrt/UInt256") { benchmark in
        var checksum = UInt256.zero
        isqrt.withUnsafeBufferPointer { table in
            for i in benchmark.scaledIterations {
                checksum = checksum ^ UInt256.isqrt(table[i])
            }
        }
        blackHole(checksum)
    }

    // MARK: BigUInt

    Benchmark("add/BigUInt") { benchmark in
        for i in benchmark.scaledIterations {
            let p = bigAddMul[i]
            blackHole((p.x + p.y) & mask)
        }
    }

    Benchmark("mul/BigUInt") { benchmark in
        for i in benchmark.scaledIterations {
            let p = bigAddMul[i]
            blackHole((p.x * p.y) & mask)
        }
    }

    Benchmark("div/BigUInt") { benchmark in
        for i in benchmark.scaledIterations {
            let p = bigDiv[i]
            blackHole(p.x / p.y)
        }
    }

    Benchmark("mulDiv/BigUInt") { benchmark in
        for i in benchmark.scaledIterations {
            let t = bigMulDiv[i]
            blackHole(t.x * t.y / t.d)
        }
    }

    Benchmark("isqrt/BigUInt") { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(bigIsqrt[i].squareRoot())
        }
    }
}
