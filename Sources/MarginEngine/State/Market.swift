import EVMArithmetic

/// One listed market (Spec/state.md, "Per market").
public struct Market: Sendable, Hashable {
    /// Oracle price, WAD USD per unit.
    public var price: UInt256
    /// The oracle's observation time of `price`.
    public var priceTime: UInt256
    /// GARCH(1,1) variance of the simple return, WAD per second.
    public var variance: UInt256
    /// The breaker is active while `now < breakerUntil`.
    public var breakerUntil: UInt256
    /// Sum over accounts of max(size, 0), WAD units.
    public var openInterest: UInt256
    /// The adaptive z of a long and of a short position (WAD), each in
    /// [zScore, zScore + zHeadroom] (Spec/operations/postPrice.md, "Adaptive z").
    public var zLong: UInt256
    public var zShort: UInt256
    public var params: MarketParams

    /// A market whose adaptive z of both sides is `params.zScore`, as at listing.
    public init(price: UInt256, priceTime: UInt256, variance: UInt256, breakerUntil: UInt256,
                openInterest: UInt256, params: MarketParams) {
        self.init(price: price, priceTime: priceTime, variance: variance, breakerUntil: breakerUntil,
                  openInterest: openInterest, zLong: params.zScore, zShort: params.zScore, params: params)
    }

    public init(price: UInt256, priceTime: UInt256, variance: UInt256, breakerUntil: UInt256,
                openInterest: UInt256, zLong: UInt256, zShort: UInt256, params: MarketParams) {
        self.price = price
        self.priceTime = priceTime
        self.variance = variance
        self.breakerUntil = breakerUntil
        self.openInterest = openInterest
        self.zLong = zLong
        self.zShort = zShort
        self.params = params
    }

    /// The adaptive z of a position of signed size `s`: a long's for s > 0,
    /// a short's otherwise (a position of size 0 has no notional, so no risk).
    public func z(forSize s: Int256) -> UInt256 {
        s.signum > 0 ? zLong : zShort
    }

    /// Keeps each side's z in [zScore, zScore + zHeadroom] after the
    /// parameters change (Spec/operations/setMarketParams.md, step 4a).
    mutating func clampAdaptiveZ() throws(ArithmeticFailure) {
        let top = try params.zScore.checkedAdd(params.zHeadroom)
        zLong = min(max(zLong, params.zScore), top)
        zShort = min(max(zShort, params.zScore), top)
    }
}
