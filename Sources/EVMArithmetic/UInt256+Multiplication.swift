// Multiplication in plain Swift: the low half is ten 64x64 products, the full
// 512-bit product sixteen; GMP's call overhead exceeds either.

/// A 512-bit product, the intermediate of mulDiv and mulmod.
public struct UInt512: Sendable, Hashable {
    public var low: UInt256
    public var high: UInt256

    @inlinable
    public init(high: UInt256, low: UInt256) {
        self.high = high
        self.low = low
    }
}

extension UInt256 {
    /// Returns `(self * other) mod 2^256`.
    @inlinable
    public static func &* (a: UInt256, b: UInt256) -> UInt256 {
        // Column by column; products that land at or above 2^256 are skipped.
        var r0: UInt64, r1: UInt64, r2: UInt64, r3: UInt64
        var p = a.w0.multipliedFullWidth(by: b.w0)
        r0 = p.low
        r1 = p.high

        p = a.w0.multipliedFullWidth(by: b.w1)
        var (t, c) = r1.addingReportingOverflow(p.low)
        r1 = t
        r2 = p.high &+ (c ? 1 : 0)
        p = a.w1.multipliedFullWidth(by: b.w0)
        (t, c) = r1.addingReportingOverflow(p.low)
        r1 = t
        var carry3: UInt64 = 0
        (t, c) = r2.addingReportingOverflow(p.high &+ (c ? 1 : 0))
        // p.high <= 2^64 - 2, so p.high + 1 cannot wrap.
        r2 = t
        carry3 &+= c ? 1 : 0

        p = a.w0.multipliedFullWidth(by: b.w2)
        (t, c) = r2.addingReportingOverflow(p.low)
        r2 = t
        carry3 &+= p.high &+ (c ? 1 : 0)
        p = a.w1.multipliedFullWidth(by: b.w1)
        (t, c) = r2.addingReportingOverflow(p.low)
        r2 = t
        carry3 &+= p.high &+ (c ? 1 : 0)
        p = a.w2.multipliedFullWidth(by: b.w0)
        (t, c) = r2.addingReportingOverflow(p.low)
        r2 = t
        carry3 &+= p.high &+ (c ? 1 : 0)

        r3 = carry3
            &+ a.w0 &* b.w3
            &+ a.w1 &* b.w2
            &+ a.w2 &* b.w1
            &+ a.w3 &* b.w0
        return UInt256(w0: r0, w1: r1, w2: r2, w3: r3)
    }

    /// Returns the exact 512-bit product `self * other`.
    @inlinable
    public func multipliedFullWidth(by other: UInt256) -> UInt512 {
        // Schoolbook, row by row (r += a * b_j << 64j), unrolled into locals:
        // a loop over a stack buffer indexed through `limb(_:)` did not
        // unroll and cost ~16 ns per call (over 2x GMP's mpn_mul_n), a fifth
        // of mulDiv. Straight-line code keeps every limb in a register, has
        // no branches and takes ~5 ns.
        let (a0, a1, a2, a3) = (w0, w1, w2, w3)
        let (b0, b1, b2, b3) = (other.w0, other.w1, other.w2, other.w3)
        var c: UInt64
        var r0: UInt64, r1: UInt64, r2: UInt64, r3: UInt64
        var r4: UInt64, r5: UInt64, r6: UInt64, r7: UInt64
        (c, r0) = UInt256.multiplyAdd(a0, b0, 0, 0)
        (c, r1) = UInt256.multiplyAdd(a1, b0, 0, c)
        (c, r2) = UInt256.multiplyAdd(a2, b0, 0, c)
        (r4, r3) = UInt256.multiplyAdd(a3, b0, 0, c)

        (c, r1) = UInt256.multiplyAdd(a0, b1, r1, 0)
        (c, r2) = UInt256.multiplyAdd(a1, b1, r2, c)
        (c, r3) = UInt256.multiplyAdd(a2, b1, r3, c)
        (r5, r4) = UInt256.multiplyAdd(a3, b1, r4, c)

        (c, r2) = UInt256.multiplyAdd(a0, b2, r2, 0)
        (c, r3) = UInt256.multiplyAdd(a1, b2, r3, c)
        (c, r4) = UInt256.multiplyAdd(a2, b2, r4, c)
        (r6, r5) = UInt256.multiplyAdd(a3, b2, r5, c)

        (c, r3) = UInt256.multiplyAdd(a0, b3, r3, 0)
        (c, r4) = UInt256.multiplyAdd(a1, b3, r4, c)
        (c, r5) = UInt256.multiplyAdd(a2, b3, r5, c)
        (r7, r6) = UInt256.multiplyAdd(a3, b3, r6, c)
        return UInt512(
            high: UInt256(w0: r4, w1: r5, w2: r6, w3: r7),
            low: UInt256(w0: r0, w1: r1, w2: r2, w3: r3)
        )
    }

    /// Returns `a * b + addend + carry` as two limbs. Never wraps:
    /// (2^64 - 1)^2 + 2(2^64 - 1) = 2^128 - 1.
    @inlinable @inline(__always)
    static func multiplyAdd(
        _ a: UInt64, _ b: UInt64, _ addend: UInt64, _ carry: UInt64
    ) -> (high: UInt64, low: UInt64) {
        let p = a.multipliedFullWidth(by: b)
        let (s1, c1) = p.low.addingReportingOverflow(addend)
        let (s2, c2) = s1.addingReportingOverflow(carry)
        return (p.high &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0), s2)
    }

    /// Returns `(self * other) mod 2^256` and whether the exact product
    /// reached 2^256.
    @inlinable
    public func multipliedReportingOverflow(by other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let product = multipliedFullWidth(by: other)
        return (product.low, !product.high.isZero)
    }
}

extension Int256 {
    /// Returns `a * b` wrapped into int256: the same bits as the unsigned
    /// low-half product.
    @inlinable
    public static func &* (a: Int256, b: Int256) -> Int256 {
        Int256(bitPattern: a.bitPattern &* b.bitPattern)
    }
}
