import EVMArithmetic

/// The constants of Spec/state.md. WAD is 10^18 throughout.
public enum Constants {
    public static let wad = UInt256.wad
    public static let maxMarkets = 8
    public static let maxAssets = 4
    public static let minPrice = UInt256(1)
    /// 10^26: 10^8 USD per unit.
    public static let maxPrice = pow10(26)
    /// 10^26 units.
    public static let maxPositionSize = pow10(26)
    /// 10^30, per asset per account, scaled to 18 decimals.
    public static let maxCollateral = pow10(30)
    /// 10^13 WAD per second.
    public static let maxVariance = pow10(13)
    /// 10 WAD: cap on the return fed into the variance.
    public static let maxReturn = UInt256(10_000_000_000_000_000_000)
    /// 30 days: cap on the oracle age used in the margin.
    public static let maxMarginOracleAge = UInt256(2_592_000)
    /// Bits of the horizon's full-step count (T - 1) / oracleCadence: T is
    /// at most 604,800 + 2,592,000 seconds < 2^22 (Spec/margin.md).
    public static let horizonStepBits = 22
    /// 0.25 WAD: a parameter moves at most 25 % of its value per cooldown.
    public static let guardrailMaxChange = UInt256(250_000_000_000_000_000)
    /// One day between two changes of one parameter.
    public static let guardrailCooldown = UInt256(86_400)
    /// 10^16 (1 %): the share of observations the adaptive z aims to see
    /// exceed it, the tail of the 99 % quantile (Spec/operations/postPrice.md).
    public static let adaptiveZTail = UInt256(10_000_000_000_000_000)
    /// Identity tiers 1...3 (Spec/state.md, "Identity tiers"); 0 is none.
    public static let maxTier = 3
    /// 0.3 WAD: the hard bound of the tier cap and of every tier's discount.
    public static let maxTierDiscount = UInt256(300_000_000_000_000_000)
    /// 365 days: the longest an attestation can run from the moment it is posted.
    public static let maxAttestationTerm = UInt256(31_536_000)
    /// 10^24: cap on each factor of the ADL score.
    public static let maxADLFactor = pow10(24)

    /// 10^n for n <= 77, exactly.
    public static func pow10(_ n: Int) -> UInt256 {
        var value = UInt256.one
        for _ in 0..<n { value = value &* UInt256(10) }
        return value
    }
}
