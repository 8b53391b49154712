import EVMArithmetic

/// The 9 guardrailed parameters of one market, in table order (Spec/state.md).
public struct MarketParams: Sendable, Hashable {
    public var baseMarginRatio: UInt256
    public var zScore: UInt256
    public var liquidationHorizon: UInt256
    public var impactCoefficient: UInt256
    public var liquidityDepth: UInt256
    public var breakerThreshold: UInt256
    public var breakerCooldown: UInt256
    public var breakerMultiplier: UInt256
    public var ewmaLambda: UInt256

    public init(
        baseMarginRatio: UInt256, zScore: UInt256, liquidationHorizon: UInt256,
        impactCoefficient: UInt256, liquidityDepth: UInt256, breakerThreshold: UInt256,
        breakerCooldown: UInt256, breakerMultiplier: UInt256, ewmaLambda: UInt256
    ) {
        self.baseMarginRatio = baseMarginRatio
        self.zScore = zScore
        self.liquidationHorizon = liquidationHorizon
        self.impactCoefficient = impactCoefficient
        self.liquidityDepth = liquidityDepth
        self.breakerThreshold = breakerThreshold
        self.breakerCooldown = breakerCooldown
        self.breakerMultiplier = breakerMultiplier
        self.ewmaLambda = ewmaLambda
    }

    /// The values in table order (k = index).
    public var values: [UInt256] {
        [baseMarginRatio, zScore, liquidationHorizon, impactCoefficient, liquidityDepth,
         breakerThreshold, breakerCooldown, breakerMultiplier, ewmaLambda]
    }

    /// From 9 values in table order; nil for another count.
    public init?(values v: [UInt256]) {
        guard v.count == 9 else { return nil }
        self.init(baseMarginRatio: v[0], zScore: v[1], liquidationHorizon: v[2],
                  impactCoefficient: v[3], liquidityDepth: v[4], breakerThreshold: v[5],
                  breakerCooldown: v[6], breakerMultiplier: v[7], ewmaLambda: v[8])
    }
}
