// Integer square roots through GMP's mpn_sqrtrem.

extension UInt256 {
    /// Returns `floor(sqrt(x))`: Vyper's `isqrt` and Solady's `sqrt`. Never fails.
    public static func isqrt(_ x: UInt256) -> UInt256 {
        GMP.squareRoot(x).root
    }

    /// Returns `ceil(sqrt(x))`. Never fails: the root of 2^256 - 1 rounds up to 2^128.
    public static func sqrtUp(_ x: UInt256) -> UInt256 {
        let (root, exact) = GMP.squareRoot(x)
        // root < 2^128, so root + 1 cannot wrap.
        return exact ? root : root &+ .one
    }
}
