// Addition and subtraction in plain Swift: a carry chain over four limbs is
// a few instructions, cheaper than any call into GMP.

extension UInt256 {
    /// Returns `(self + other) mod 2^256` and whether the sum reached 2^256.
    @inlinable
    public func addingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, c0) = w0.addingReportingOverflow(other.w0)
        let (s1, c1a) = w1.addingReportingOverflow(other.w1)
        let (r1, c1b) = s1.addingReportingOverflow(c0 ? 1 : 0)
        let (s2, c2a) = w2.addingReportingOverflow(other.w2)
        let (r2, c2b) = s2.addingReportingOverflow((c1a || c1b) ? 1 : 0)
        let (s3, c3a) = w3.addingReportingOverflow(other.w3)
        let (r3, c3b) = s3.addingReportingOverflow((c2a || c2b) ? 1 : 0)
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), c3a || c3b)
    }

    /// Returns `(self - other) mod 2^256` and whether other > self (a borrow).
    @inlinable
    public func subtractingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, b0) = w0.subtractingReportingOverflow(other.w0)
        let (s1, b1a) = w1.subtractingReportingOverflow(other.w1)
        let (r1, b1b) = s1.subtractingReportingOverflow(b0 ? 1 : 0)
        let (s2, b2a) = w2.subtractingReportingOverflow(other.w2)
        let (r2, b2b) = s2.subtractingReportingOverflow((b1a || b1b) ? 1 : 0)
        let (s3, b3a) = w3.subtractingReportingOverflow(other.w3)
        let (r3, b3b) = s3.subtractingReportingOverflow((b2a || b2b) ? 1 : 0)
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), b3a || b3b)
    }

    /// Returns `(a + b) mod 2^256`. Never traps.
    @inlinable
    public static func &+ (a: UInt256, b: UInt256) -> UInt256 {
        a.addingReportingOverflow(b).partialValue
    }

    /// Returns `(a - b) mod 2^256`. Never traps.
    @inlinable
    public static func &- (a: UInt256, b: UInt256) -> UInt256 {
        a.subtractingReportingOverflow(b).partialValue
    }

    /// Returns `2^256 - self` (mod 2^256): the two's-complement negation.
    @inlinable
    public var twosComplement: UInt256 {
        UInt256.zero &- self
    }
}

extension Int256 {
    /// Returns `a + b` wrapped into int256. Never traps.
    @inlinable
    public static func &+ (a: Int256, b: Int256) -> Int256 {
        Int256(bitPattern: a.bitPattern &+ b.bitPattern)
    }

    /// Returns `a - b` wrapped into int256. Never traps.
    @inlinable
    public static func &- (a: Int256, b: Int256) -> Int256 {
        Int256(bitPattern: a.bitPattern &- b.bitPattern)
    }

    /// Returns `-a` wrapped into int256 (`-min` is `min`). Never traps.
    @inlinable
    public var wrappingNegation: Int256 {
        Int256(bitPattern: bitPattern.twosComplement)
    }
}
