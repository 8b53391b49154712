import EVMArithmetic

/// The four guardrailed identity-tier parameters, in table order
/// (Spec/state.md, "Identity tiers"): the cap, then each tier's discount of
/// the risk term. Parameter id 12288 + index.
public struct TierParams: Sendable, Hashable {
    public var maxTierDiscount: UInt256
    /// Tiers 1...Constants.maxTier, each at most maxTierDiscount.
    public var discounts: [UInt256]

    public init(maxTierDiscount: UInt256, discounts: [UInt256]) {
        self.maxTierDiscount = maxTierDiscount
        self.discounts = discounts
    }

    /// No tier grants anything: a new contract, and every state before 1.1.0-alpha.6.
    public static let zero = TierParams(maxTierDiscount: .zero, discounts: Array(repeating: .zero, count: Constants.maxTier))

    /// The values in table order (id 12288 + index).
    public var values: [UInt256] { [maxTierDiscount] + discounts }

    /// From 1 + maxTier values in table order; nil for another count.
    public init?(values v: [UInt256]) {
        guard v.count == 1 + Constants.maxTier else { return nil }
        self.init(maxTierDiscount: v[0], discounts: Array(v[1...]))
    }

    /// Tier `tier`'s discount (1...maxTier); 0 for any other tier.
    public func discount(ofTier tier: UInt256) -> UInt256 {
        guard let t = tier.uint64Value, t >= 1, t <= UInt64(discounts.count) else { return .zero }
        return discounts[Int(t) - 1]
    }

    /// Every discount is at most the cap (setTierParams' step 3).
    public var discountsWithinCap: Bool { discounts.allSatisfy { $0 <= maxTierDiscount } }
}
