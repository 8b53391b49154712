import EVMArithmetic

extension EngineState {
    /// Spec/margin.md, "Tier discount": the share of the risk term the
    /// account's attestation takes off at `now` (WAD), 0 without a live one.
    func tierDiscount(of holder: Account, now: UInt256) -> UInt256 {
        guard holder.attestation.isLive(at: now) else { return .zero }      // 1 until the second of expiry
        return tierParams.discount(ofTier: holder.attestation.tier)        // 2
    }
}
