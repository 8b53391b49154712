import EVMArithmetic

/// The margin terms of one open position (Spec/margin.md, "Per-position terms").
public struct PositionTerms: Sendable, Hashable {
    /// |size| x price, rounded up.
    public var notional: UInt256
    /// sqrt(forecast variance over horizon + oracle age), WAD, rounded up.
    public var horizonVolatility: UInt256
    /// The adaptive z of the position's side: zLong for a long, zShort for
    /// a short (Spec/operations/postPrice.md, "Adaptive z").
    public var z: UInt256
    /// notional x z x horizon volatility (x breaker multiplier), rounded up.
    public var risk: UInt256
    /// notional x baseMarginRatio, rounded up.
    public var base: UInt256
    /// liquidityDepth, thinned by volatility or the breaker (Spec/margin.md,
    /// "Effective depth"), rounded down.
    public var effectiveDepth: UInt256
    /// notional x impactCoefficient x notional / effective depth, rounded up.
    public var impact: UInt256
}

extension EngineState {
    /// The terms of the open position of `account` in market m at time `now`.
    public func positionTerms(_ account: Address, _ m: Int, now: UInt256) throws(ArithmeticFailure) -> PositionTerms {
        try positionTerms(size: position(account, m).size, m, now: now)
    }

    /// The terms of a position of signed size `s` in market m at time `now`.
    func positionTerms(size s: Int256, _ m: Int, now: UInt256) throws(ArithmeticFailure) -> PositionTerms {
        let market = markets[m]
        let p = market.price
        let params = market.params
        let n = try mulUp(abs(s), p, Constants.wad)                                      // 1 notional, up
        let age = min(try now.checkedSub(market.priceTime), Constants.maxMarginOracleAge) // 2 oracle age, capped
        let t = try params.liquidationHorizon.checkedAdd(age)                            // 3 seconds
        let v = try params.horizonVariance(market.variance, horizon: t)
        let hv = sqrtUp(try v.checkedMul(Constants.wad))                                  // 4 horizon volatility, up
        let z = market.z(forSize: s)                                                     // 5 the side's z
        var r = try mulUp(mulUp(n, z, Constants.wad), hv, Constants.wad)                 //   risk, up
        if now < market.breakerUntil {
            r = try mulUp(r, params.breakerMultiplier, Constants.wad)                     // 6 breaker, up
        }
        let base = try mulUp(n, params.baseMarginRatio, Constants.wad)                    // 7 up
        let depth = try market.effectiveDepth(now: now)                                  // 8 thinned depth, down
        let impact = try mulUp(mulUp(n, params.impactCoefficient, Constants.wad), n, depth)  // 9 up
        return PositionTerms(notional: n, horizonVolatility: hv, z: z, risk: r, base: base, effectiveDepth: depth,
                             impact: impact)
    }
}
