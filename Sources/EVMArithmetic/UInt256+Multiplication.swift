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
        // Schoolbook, row by row: r += a * b_j << 64j.
        var r = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &r) { raw in
            let out = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            for j in 0..<4 {
                let bj = other.limb(j)
                if bj == 0 { continue }
                var carry: UInt64 = 0
                for i in 0..<4 {
                    let p = self.limb(i).multipliedFullWidth(by: bj)
                    let (s1, c1) = out[i + j].addingReportingOverflow(p.low)
                    let (s2, c2) = s1.addingReportingOverflow(carry)
                    out[i + j] = s2
                    // p.high + c1 + c2 <= 2^64 - 1: the high half of a
                    // 64x64 product is at most 2^64 - 2.
                    carry = p.high &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
                }
                out[j + 4] = carry
            }
        }
        return UInt512(
            high: UInt256(w0: r.4, w1: r.5, w2: r.6, w3: r.7),
            low: UInt256(w0: r.0, w1: r.1, w2: r.2, w3: r.3)
        )
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
