import EVMArithmetic

/// The 15 guardrailed parameters of one market, in table order (Spec/state.md).
public struct MarketParams: Sendable, Hashable {
    public var baseMarginRatio: UInt256
    public var zScore: UInt256
    public var liquidationHorizon: UInt256
    public var impactCoefficient: UInt256
    public var liquidityDepth: UInt256
    public var breakerThreshold: UInt256
    public var breakerCooldown: UInt256
    public var breakerMultiplier: UInt256
    /// GARCH(1,1) weight of the previous variance (Spec 1.0's EWMA lambda).
    public var garchBeta: UInt256
    /// GARCH(1,1) weight of the new squared return.
    public var garchAlpha: UInt256
    /// GARCH(1,1) constant added at each observation, WAD per second.
    public var garchOmega: UInt256
    /// Seconds between oracle observations: the horizon variance takes one
    /// GARCH step per oracleCadence seconds.
    public var oracleCadence: UInt256
    /// The least fraction (WAD) of liquidityDepth the impact term uses while
    /// volatility is above its long-run level or the breaker is on.
    public var depthFloor: UInt256
    /// How far (WAD) an exceedance raises a side's adaptive z; 0 stops z
    /// where it is, at zScore from listing (Spec/operations/postPrice.md, "Adaptive z").
    public var zStep: UInt256
    /// How far (WAD) above zScore the adaptive z may rise; 0 holds it at zScore.
    public var zHeadroom: UInt256

    public init(
        baseMarginRatio: UInt256, zScore: UInt256, liquidationHorizon: UInt256,
        impactCoefficient: UInt256, liquidityDepth: UInt256, breakerThreshold: UInt256,
        breakerCooldown: UInt256, breakerMultiplier: UInt256,
        garchBeta: UInt256, garchAlpha: UInt256, garchOmega: UInt256, oracleCadence: UInt256,
        depthFloor: UInt256, zStep: UInt256 = .zero, zHeadroom: UInt256 = .zero
    ) {
        self.baseMarginRatio = baseMarginRatio
        self.zScore = zScore
        self.liquidationHorizon = liquidationHorizon
        self.impactCoefficient = impactCoefficient
        self.liquidityDepth = liquidityDepth
        self.breakerThreshold = breakerThreshold
        self.breakerCooldown = breakerCooldown
        self.breakerMultiplier = breakerMultiplier
        self.garchBeta = garchBeta
        self.garchAlpha = garchAlpha
        self.garchOmega = garchOmega
        self.oracleCadence = oracleCadence
        self.depthFloor = depthFloor
        self.zStep = zStep
        self.zHeadroom = zHeadroom
    }

    /// The values in table order (k = index).
    public var values: [UInt256] {
        [baseMarginRatio, zScore, liquidationHorizon, impactCoefficient, liquidityDepth,
         breakerThreshold, breakerCooldown, breakerMultiplier, garchBeta, garchAlpha, garchOmega,
         oracleCadence, depthFloor, zStep, zHeadroom]
    }

    /// From 15 values in table order; nil for another count.
    public init?(values v: [UInt256]) {
        guard v.count == 15 else { return nil }
        self.init(baseMarginRatio: v[0], zScore: v[1], liquidationHorizon: v[2],
                  impactCoefficient: v[3], liquidityDepth: v[4], breakerThreshold: v[5],
                  breakerCooldown: v[6], breakerMultiplier: v[7],
                  garchBeta: v[8], garchAlpha: v[9], garchOmega: v[10], oracleCadence: v[11],
                  depthFloor: v[12], zStep: v[13], zHeadroom: v[14])
    }

    /// Spec/operations/common.md, requireGarch: alpha + beta <= WAD, and
    /// omega = 0 when alpha + beta = WAD (no long-run level to revert to).
    public var hasValidGarch: Bool {
        guard let persistence = try? garchAlpha.checkedAdd(garchBeta) else { return false }
        return persistence < Constants.wad || (persistence == Constants.wad && garchOmega.isZero)
    }
}

extension MarketParams {
    /// Spec 1.0's parameters: its EWMA is GARCH(1,1) with beta = lambda,
    /// alpha = WAD - lambda and omega = 0 (lambda <= WAD).
    public init(
        baseMarginRatio: UInt256, zScore: UInt256, liquidationHorizon: UInt256,
        impactCoefficient: UInt256, liquidityDepth: UInt256, breakerThreshold: UInt256,
        breakerCooldown: UInt256, breakerMultiplier: UInt256, ewmaLambda: UInt256,
        oracleCadence: UInt256 = MarketParams.ewmaCadence, depthFloor: UInt256 = MarketParams.unthinnedDepthFloor
    ) {
        self.init(baseMarginRatio: baseMarginRatio, zScore: zScore, liquidationHorizon: liquidationHorizon,
                  impactCoefficient: impactCoefficient, liquidityDepth: liquidityDepth,
                  breakerThreshold: breakerThreshold, breakerCooldown: breakerCooldown,
                  breakerMultiplier: breakerMultiplier, garchBeta: .zero, garchAlpha: .zero, garchOmega: .zero,
                  oracleCadence: oracleCadence, depthFloor: depthFloor)
        useEWMA(lambda: ewmaLambda)
    }

    /// Spec 1.0's EWMA with decay lambda (<= WAD) as the GARCH weights.
    public static func ewmaWeights(lambda: UInt256) -> (beta: UInt256, alpha: UInt256, omega: UInt256) {
        (lambda, Constants.wad &- lambda, .zero)
    }

    /// Makes the variance update Spec 1.0's EWMA with decay lambda (<= WAD).
    public mutating func useEWMA(lambda: UInt256) {
        (garchBeta, garchAlpha, garchOmega) = Self.ewmaWeights(lambda: lambda)
    }

    /// Positions of the GARCH weights in `values` (table order, Spec/state.md).
    public static let garchBetaIndex = 8, garchAlphaIndex = 9, garchOmegaIndex = 10

    /// The cadence given to Spec 1.0's parameters, which have none. Any value
    /// gives the same margin: with alpha + beta = WAD the horizon variance is
    /// 1.0's variance × T whatever the cadence (Spec/margin.md).
    public static let ewmaCadence: UInt256 = 3_600

    /// From Spec 1.0's 9 values in table order, the last `ewmaLambda` (<= WAD):
    /// its EWMA as GARCH weights, cadence `ewmaCadence`, depth floor
    /// `unthinnedDepthFloor`. nil for another count.
    public init?(spec10Values v: [UInt256]) {
        guard v.count == Self.garchBetaIndex + 1 else { return nil }
        self.init(values: v.dropLast() + [.zero, .zero, .zero, Self.ewmaCadence] + Self.laterDefaults(from: 12))!
        useEWMA(lambda: v[Self.garchBetaIndex])
    }

    /// The depth floor given to parameters written before it existed (Spec
    /// 1.0 to 1.1.0-alpha.3): at WAD the depth never thins, so the impact
    /// term is theirs (Spec/margin.md, "Effective depth").
    public static let unthinnedDepthFloor = Constants.wad

    /// The values given to parameters k >= `count` that a file or call of an
    /// earlier Spec did not have, chosen so that its margins are unchanged:
    /// depth floor `unthinnedDepthFloor` (1.1.0-alpha.4), and zStep = zHeadroom
    /// = 0 (alpha.5), which keep the adaptive z at zScore.
    public static func laterDefaults(from count: Int) -> [UInt256] {
        Array([unthinnedDepthFloor, .zero, .zero].suffix(15 - count))
    }

    /// From the 12 values of Spec 1.1.0-alpha.2 and alpha.3, or the 13 of
    /// alpha.4, in table order, with `laterDefaults` for the rest. nil for
    /// another count.
    public init?(earlierValues v: [UInt256]) {
        guard v.count == 12 || v.count == 13 else { return nil }
        self.init(values: v + Self.laterDefaults(from: v.count))
    }
}
