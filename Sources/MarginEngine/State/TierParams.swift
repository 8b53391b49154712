import EVMArithmetic

/// The four guardrailed identity-tier parameters, in table order
/// (Spec/state.md, "Identity tiers"): the cap, then each tier's discount of
/// the risk term. Parameter id 12288 + index.
public struct TierParams: Sendable, Hashable {
    public var maxTierDiscount: UInt256
    /// Tiers 1, 2 and 3's discounts, each at most maxTierDiscount.
    public var discount1: UInt256
    public var discount2: UInt256
    public var discount3: UInt256

    public init(maxTierDiscount: UInt256, discount1: UInt256, discount2: UInt256, discount3: UInt256) {
        self.maxTierDiscount = maxTierDiscount
        self.discount1 = discount1
        self.discount2 = discount2
        self.discount3 = discount3
    }

    /// No tier grants anything: a new contract, and every state before 1.1.0-alpha.6.
    public static let zero = TierParams(maxTierDiscount: .zero, discount1: .zero, discount2: .zero, discount3: .zero)

    /// The values in table order (id 12288 + index).
    public var values: [UInt256] { [maxTierDiscount, discount1, discount2, discount3] }

    /// Tiers 1...3's discounts in order.
    public var discounts: [UInt256] { [discount1, discount2, discount3] }

    /// From 4 values in table order; nil for another count.
    public init?(values v: [UInt256]) {
        guard v.count == 1 + Constants.maxTier else { return nil }
        self.init(maxTierDiscount: v[0], discount1: v[1], discount2: v[2], discount3: v[3])
    }

    /// Tier `tier`'s discount (1...3); 0 for any other tier.
    public func discount(ofTier tier: UInt256) -> UInt256 {
        switch tier.uint64Value {
        case 1: return discount1
        case 2: return discount2
        case 3: return discount3
        default: return .zero
        }
    }

    /// Every discount is at most the cap (setTierParams' step 3).
    public var discountsWithinCap: Bool { discounts.allSatisfy { $0 <= maxTierDiscount } }
}
