// The only file that calls GMP. Operands are copied into stack tuples of
// limbs (GMP's mp_limb_t is UInt on 64-bit Linux), so no call allocates.
// GMP's mpn layer wins for square roots and for divisions with a quotient
// longer than one word; everything else is plain Swift (see the other
// UInt256 files and LongDivision.swift).
internal import CGMP

/// Eight limbs on the stack: room for a 512-bit operand or quotient.
@usableFromInline
typealias LimbBuffer = (UInt, UInt, UInt, UInt, UInt, UInt, UInt, UInt)

@usableFromInline
let emptyLimbs: LimbBuffer = (0, 0, 0, 0, 0, 0, 0, 0)

@inline(__always)
private func withLimbs<R>(_ buffer: inout LimbBuffer, _ body: (UnsafeMutablePointer<UInt>) -> R) -> R {
    withUnsafeMutablePointer(to: &buffer) { tuple in
        tuple.withMemoryRebound(to: UInt.self, capacity: 8) { body($0) }
    }
}

@inline(__always)
private func limbs(_ x: UInt256) -> LimbBuffer {
    (UInt(x.w0), UInt(x.w1), UInt(x.w2), UInt(x.w3), 0, 0, 0, 0)
}

@inline(__always)
private func limbs(_ x: UInt512) -> LimbBuffer {
    (UInt(x.low.w0), UInt(x.low.w1), UInt(x.low.w2), UInt(x.low.w3),
     UInt(x.high.w0), UInt(x.high.w1), UInt(x.high.w2), UInt(x.high.w3))
}

@inline(__always)
private func lowWord(_ b: LimbBuffer) -> UInt256 {
    UInt256(w0: UInt64(b.0), w1: UInt64(b.1), w2: UInt64(b.2), w3: UInt64(b.3))
}

@inline(__always)
private func highWord(_ b: LimbBuffer) -> UInt256 {
    UInt256(w0: UInt64(b.4), w1: UInt64(b.5), w2: UInt64(b.6), w3: UInt64(b.7))
}

enum GMP {
    /// Returns `(n / d, n mod d)`, truncating. Requires `d != 0`.
    static func divide(_ n: UInt512, by d: UInt256) -> (quotient: UInt512, remainder: UInt256) {
        let dn = d.significantLimbCount
        let nn = n.high.isZero ? n.low.significantLimbCount : 4 + n.high.significantLimbCount
        if nn < dn { return (UInt512(high: .zero, low: .zero), n.low) }  // then n < d
        var nb = limbs(n), db = limbs(d)
        var q = emptyLimbs, r = emptyLimbs
        withLimbs(&nb) { np in
            withLimbs(&db) { dp in
                withLimbs(&q) { qp in
                    withLimbs(&r) { rp in
                        dm_mpn_tdiv_qr(qp, rp, np, nn, dp, dn)
                    }
                }
            }
        }
        return (UInt512(high: highWord(q), low: lowWord(q)), lowWord(r))
    }

    /// Returns `(floor(sqrt(n)), n is a perfect square)`.
    static func squareRoot(_ n: UInt256) -> (root: UInt256, exact: Bool) {
        let nn = n.significantLimbCount
        if nn == 0 { return (.zero, true) }
        var nb = limbs(n)
        var s = emptyLimbs
        let remainderSize = withLimbs(&nb) { np in
            withLimbs(&s) { sp in
                dm_mpn_sqrtrem(sp, nil, np, nn)
            }
        }
        return (lowWord(s), remainderSize == 0)
    }
}
