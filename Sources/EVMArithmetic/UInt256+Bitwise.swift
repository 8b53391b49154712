// Bitwise operations and shifts, plain Swift, limb by limb.

extension UInt256 {
    @inlinable
    public static func & (a: UInt256, b: UInt256) -> UInt256 {
        UInt256(w0: a.w0 & b.w0, w1: a.w1 & b.w1, w2: a.w2 & b.w2, w3: a.w3 & b.w3)
    }

    @inlinable
    public static func | (a: UInt256, b: UInt256) -> UInt256 {
        UInt256(w0: a.w0 | b.w0, w1: a.w1 | b.w1, w2: a.w2 | b.w2, w3: a.w3 | b.w3)
    }

    @inlinable
    public static func ^ (a: UInt256, b: UInt256) -> UInt256 {
        UInt256(w0: a.w0 ^ b.w0, w1: a.w1 ^ b.w1, w2: a.w2 ^ b.w2, w3: a.w3 ^ b.w3)
    }

    @inlinable
    public static prefix func ~ (a: UInt256) -> UInt256 {
        UInt256(w0: ~a.w0, w1: ~a.w1, w2: ~a.w2, w3: ~a.w3)
    }

    /// Returns `self << shift`, dropping bits past 2^256; 0 when shift >= 256.
    @inlinable
    public func shiftedLeft(by shift: Int) -> UInt256 {
        if shift >= 256 { return .zero }
        if shift <= 0 { return self }
        let limbs = shift >> 6, bits = UInt64(shift & 63)
        @inline(__always) func out(_ i: Int) -> UInt64 {
            let source = i - limbs
            let low = limb(source) << bits
            // A shift by 64 would be 0 in Swift's smart shift, but spell the
            // zero-bit case out: it is the common one.
            let carried = bits == 0 || source < 1 ? 0 : limb(source - 1) >> (64 - bits)
            return source < 0 ? 0 : low | carried
        }
        return UInt256(w0: out(0), w1: out(1), w2: out(2), w3: out(3))
    }

    /// Returns `self >> shift` (logical); 0 when shift >= 256.
    @inlinable
    public func shiftedRight(by shift: Int) -> UInt256 {
        if shift >= 256 { return .zero }
        if shift <= 0 { return self }
        let limbs = shift >> 6, bits = UInt64(shift & 63)
        @inline(__always) func out(_ i: Int) -> UInt64 {
            let source = i + limbs
            let high = limb(source) >> bits
            let carried = bits == 0 ? 0 : limb(source + 1) << (64 - bits)
            return high | carried
        }
        return UInt256(w0: out(0), w1: out(1), w2: out(2), w3: out(3))
    }
}

extension Int256 {
    /// Returns `self >> shift`, filling with the sign bit (the EVM's SAR);
    /// 0 or -1 when shift >= 256.
    @inlinable
    public func shiftedRightArithmetic(by shift: Int) -> Int256 {
        if !isNegative { return Int256(bitPattern: bitPattern.shiftedRight(by: shift)) }
        if shift >= 256 { return .minusOne }
        if shift <= 0 { return self }
        // Fill: ~(~x >> s) shifts ones in from the top.
        return Int256(bitPattern: ~((~bitPattern).shiftedRight(by: shift)))
    }
}
