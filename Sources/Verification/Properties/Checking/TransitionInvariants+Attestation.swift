import ContractIO
import EVMArithmetic
import MarginEngine

// attestor-separation and attestation-writes: who attests, and what may
// change an attestation.

extension TransitionInvariants {
    /// The attestor is never the owner and never holds a live attestation.
    static func attestorSeparation(_ c: CallCheck) -> Violation? {
        let attestor = c.post.attestor
        if attestor == .zero { return nil }
        if attestor == c.post.owner {
            return Violation(.attestorSeparation, "after \(c.call.function.name) the attestor is the owner \(attestor)")
        }
        let own = c.post.account(attestor).attestation
        if own.isLive(at: c.now) {
            return Violation(.attestorSeparation, "after \(c.call.function.name) the attestor \(attestor) holds a live attestation "
                             + "(tier \(own.tier), expiry \(own.expiry) > now \(c.now))")
        }
        return nil
    }

    /// Only attest and revoke change an attestation, only the named
    /// account's, to what they promise; setAttestor changes nothing but the
    /// role, so removing or replacing the attestor revokes nothing.
    static func attestationWrites(_ c: CallCheck) -> Violation? {
        guard c.succeeded else { return nil }
        if case let .setAttestor(attestor) = c.call {
            var expected = c.pre
            expected.attestor = attestor
            if c.post == expected { return nil }
            return Violation(.attestationWrites, "setAttestor(\(attestor)) changed more than the attestor: "
                             + StateDiff.describe(expected, c.post))
        }
        // The account attest or revoke names: what it promises, whether or not that changed anything.
        var named: Address?
        switch c.call {
        case let .attest(account, tier, expiry):
            named = account
            let after = c.post.account(account).attestation
            let latest = c.now.addingReportingOverflow(Constants.maxAttestationTerm)
            let inTerm = c.now < expiry && !latest.overflow && expiry <= latest.partialValue
            let validTier = !tier.isZero && tier <= UInt256(UInt64(Constants.maxTier))
            if after != Attestation(tier: tier, expiry: expiry) || !inTerm || !validTier {
                return Violation(.attestationWrites, "attest(\(account), tier \(tier), expiry \(expiry)) succeeded at now \(c.now) and left "
                                 + "(tier \(after.tier), expiry \(after.expiry)): expected that tier in 1 to 3 and now < expiry <= now + 365 days")
            }
        case let .revoke(account):
            named = account
            let after = c.post.account(account).attestation
            if after != .none {
                return Violation(.attestationWrites, "revoke(\(account)) left (tier \(after.tier), expiry \(after.expiry)), expected (0, 0)")
            }
        default:
            break
        }
        // Every other account keeps its attestation.
        for account in c.changedAccounts where account != named {
            let before = c.pre.account(account).attestation, after = c.post.account(account).attestation
            if before == after { continue }
            return Violation(.attestationWrites, "\(c.call.function.name) changed the attestation of \(account) "
                             + "(tier \(before.tier), expiry \(before.expiry)) -> (tier \(after.tier), expiry \(after.expiry))")
        }
        return nil
    }
}
