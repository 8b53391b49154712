import EVMArithmetic

/// An account's identity tier, as the attestor posted it (Spec/state.md,
/// "Identity tiers"). Tier and expiry are 0 together: no attestation.
public struct Attestation: Sendable, Hashable {
    /// 0 for none, else 1...Constants.maxTier.
    public var tier: UInt256
    /// The attestation counts while block.timestamp < expiry.
    public var expiry: UInt256

    public init(tier: UInt256 = .zero, expiry: UInt256 = .zero) {
        self.tier = tier
        self.expiry = expiry
    }

    public static let none = Attestation()

    /// Whether it grants its tier at `now`: up to, not at, the second of expiry.
    public func isLive(at now: UInt256) -> Bool { now < expiry }
}
