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
    public var params: MarketParams

    public init(price: UInt256, priceTime: UInt256, variance: UInt256, breakerUntil: UInt256,
                openInterest: UInt256, params: MarketParams) {
        self.price = price
        self.priceTime = priceTime
        self.variance = variance
        self.breakerUntil = breakerUntil
        self.openInterest = openInterest
        self.params = params
    }
}
