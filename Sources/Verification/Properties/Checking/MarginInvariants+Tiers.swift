import EVMArithmetic
import MarginEngine

// tier-discount-capped and expired-attestation-grants-nothing: what an
// identity tier may take off the margin, and until when.

extension MarginInvariants {
    /// Each discount is at most the cap, the cap at most 0.3 WAD, and the
    /// margin lies between the undiscounted one (`deep`: one more margin
    /// evaluation) and ⌈(Σbase + Σimpact)·S⌉.
    static func tierDiscountCapped(_ r: MarginReader, _ account: Address, deep: Bool) throws -> Violation? {
        let params = r.state.tierParams
        if !params.discountsWithinCap || params.maxTierDiscount > Constants.maxTierDiscount {
            return Violation(.tierDiscountCapped, "tierParams: maxTierDiscount \(params.maxTierDiscount), discounts "
                             + "\(params.discounts): expected each discount <= the cap <= \(Constants.maxTierDiscount)")
        }
        let b = try r.breakdown(account)
        if b.tierDiscount > params.maxTierDiscount {
            return Violation(.tierDiscountCapped, "\(account): tierDiscount \(b.tierDiscount) > maxTierDiscount \(params.maxTierDiscount)")
        }
        let (core, carry) = b.sumBase.addingReportingOverflow(b.sumImpact)
        if !carry, let least = Reference.mulUp(core, b.stressMultiplier, .wad), b.maintenanceMargin < least {
            return Violation(.tierDiscountCapped, "\(account): MM \(b.maintenanceMargin) < (sumBase \(b.sumBase) + sumImpact "
                             + "\(b.sumImpact)) x S \(b.stressMultiplier) = \(least): a discount reached base or impact")
        }
        guard deep, !b.tierDiscount.isZero else { return nil }
        var untiered = r.state
        untiered.accounts[account]?.attestation = .none
        let full = try r.system.marginBreakdown(untiered, account, now: r.now).maintenanceMargin
        if b.maintenanceMargin <= full { return nil }
        return Violation(.tierDiscountCapped, "\(account): MM \(b.maintenanceMargin) with tier discount \(b.tierDiscount) > "
                         + "MM \(full) without the attestation")
    }

    /// The breakdown's tierDiscount is the tier's while now < expiry and 0
    /// from the second of expiry; `deep` also evaluates a live attestation
    /// at its last second and at its expiry.
    static func expiredAttestationGrantsNothing(_ r: MarginReader, _ account: Address, deep: Bool) throws -> Violation? {
        let attestation = r.state.account(account).attestation
        func expected(at now: UInt256) -> UInt256 {
            guard now < attestation.expiry, let t = attestation.tier.uint64Value, t >= 1, t <= UInt64(Constants.maxTier) else { return .zero }
            return r.state.tierParams.values[Int(t)]
        }
        func check(_ b: MarginBreakdown, at now: UInt256) -> Violation? {
            let want = expected(at: now)
            if b.tierDiscount == want { return nil }
            return Violation(.expiredAttestationGrantsNothing, "\(account) (tier \(attestation.tier), expiry \(attestation.expiry)) "
                             + "at \(now): tierDiscount \(b.tierDiscount), expected \(want)")
        }
        if let v = check(try r.breakdown(account), at: r.now) { return v }
        guard deep, attestation.isLive(at: r.now) else { return nil }
        for now in [attestation.expiry &- .one, attestation.expiry] {
            if let v = check(try r.system.marginBreakdown(r.state, account, now: now), at: now) { return v }
        }
        return nil
    }
}
