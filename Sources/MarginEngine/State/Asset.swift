import EVMArithmetic

/// One listed collateral asset (Spec/state.md, "Per collateral asset").
public struct Asset: Sendable, Hashable {
    /// Native token decimals, 0...18; fixed at listing.
    public var decimals: UInt256
    /// Haircut weight, WAD in [0, 1].
    public var weight: UInt256
    /// Oracle price, WAD USD per whole token.
    public var price: UInt256
    public var priceTime: UInt256

    public init(decimals: UInt256, weight: UInt256, price: UInt256, priceTime: UInt256) {
        self.decimals = decimals
        self.weight = weight
        self.price = price
        self.priceTime = priceTime
    }

    /// `10 ** (18 - decimals)`: native units to 18 decimals, exactly.
    public var scale: UInt256 {
        Constants.pow10(18 - Int(decimals.w0 & 31))
    }
}
