import EVMArithmetic

/// The `[lo, hi]` range and guardrail `minStep` of one risk parameter
/// (Spec/state.md, the parameter tables).
public struct ParameterBounds: Sendable, Hashable {
    public let name: String
    public let lo: UInt256
    public let hi: UInt256
    public let minStep: UInt256

    init(_ name: String, _ lo: UInt256, _ hi: UInt256, _ minStep: UInt256) {
        self.name = name
        self.lo = lo
        self.hi = hi
        self.minStep = minStep
    }

    public func contains(_ value: UInt256) -> Bool { value >= lo && value <= hi }
}

extension ParameterBounds {
    private static func e(_ n: Int) -> UInt256 { Constants.pow10(n) }

    /// Global parameters, id k = row.
    public static let global: [ParameterBounds] = [
        ParameterBounds("nettingFloor", 0, e(18), e(16)),
        ParameterBounds("stressGamma", 0, e(19), e(17)),
        ParameterBounds("insuranceTarget", 0, e(36), e(22)),
        ParameterBounds("imBuffer", 0, e(19), e(16)),
        ParameterBounds("maxOracleAge", 1, 86_400, 60),
        ParameterBounds("priceBand", 0, e(18), e(15)),
        ParameterBounds("feeRatio", 0, e(17), e(14)),
        ParameterBounds("closeFactor", e(16), e(18), e(16)),
        ParameterBounds("deepUnderwaterRatio", 0, e(18), e(16)),
        ParameterBounds("penaltyRatio", 0, UInt256(2) &* e(17), e(15)),
        ParameterBounds("liquidatorShare", 0, e(18), e(16)),
    ]

    /// Market parameters, id `256 * (m + 1) + k`.
    public static let market: [ParameterBounds] = [
        ParameterBounds("baseMarginRatio", 0, e(18), e(15)),
        ParameterBounds("zScore", 0, e(19), e(17)),
        ParameterBounds("liquidationHorizon", 0, 604_800, 60),
        ParameterBounds("impactCoefficient", 0, e(19), e(15)),
        ParameterBounds("liquidityDepth", e(18), e(36), e(18)),
        ParameterBounds("breakerThreshold", e(15), e(19), e(15)),
        ParameterBounds("breakerCooldown", 0, 604_800, 60),
        ParameterBounds("breakerMultiplier", e(18), e(19), e(17)),
        ParameterBounds("garchBeta", 0, e(18), e(16)),
        ParameterBounds("garchAlpha", 0, e(18), e(16)),
        ParameterBounds("garchOmega", 0, e(13), e(6)),
        ParameterBounds("oracleCadence", 1, 86_400, 60),
        ParameterBounds("depthFloor", e(16), e(18), e(16)),
        ParameterBounds("zStep", 0, e(18), e(17)),
        ParameterBounds("zHeadroom", 0, e(19), e(17)),
    ]

    /// Asset weight, id `4096 + a`.
    public static let assetWeight = ParameterBounds("weight", 0, e(18), e(16))

    /// Identity tiers, id `12288 + k`: the cap, then tiers 1...3's discounts.
    public static let tier: [ParameterBounds] = [
        ParameterBounds("maxTierDiscount", 0, Constants.maxTierDiscount, e(16)),
        ParameterBounds("discount1", 0, Constants.maxTierDiscount, e(16)),
        ParameterBounds("discount2", 0, Constants.maxTierDiscount, e(16)),
        ParameterBounds("discount3", 0, Constants.maxTierDiscount, e(16)),
    ]

    /// Correlation minStep (bounds are [-WAD, WAD]), id `8192 + 8 * lo + hi`.
    public static let correlationMinStep = UInt256(50_000_000_000_000_000)
}

/// Parameter ids (Spec/state.md), as the errors and `lastParamChange` use them.
public enum ParameterID {
    public static func global(_ k: Int) -> UInt256 { UInt256(UInt64(k)) }
    public static func market(_ m: Int, _ k: Int) -> UInt256 { UInt256(UInt64(256 * (m + 1) + k)) }
    public static func assetWeight(_ a: Int) -> UInt256 { UInt256(UInt64(4096 + a)) }
    public static func correlation(_ lo: Int, _ hi: Int) -> UInt256 { UInt256(UInt64(8192 + 8 * lo + hi)) }
    public static func tier(_ k: Int) -> UInt256 { UInt256(UInt64(12288 + k)) }
}
