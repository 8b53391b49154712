import EVMArithmetic

extension EngineState {
    /// Spec/operations/attest.md.
    mutating func attest(_ account: Address, tier: UInt256, expiry: UInt256, context: CallContext,
                         events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(attestor, context)                                                   // 1
        // CHECKS
        if account == .zero { throw .error(.zeroAddress) }                                   // 2
        if account == context.sender { throw .error(.selfAttestation(account: account)) }    // 3
        if tier.isZero || tier > UInt256(UInt64(Constants.maxTier)) {                        // 4
            throw .error(.invalidTier(tier: tier))
        }
        var outOfTerm = expiry <= context.timestamp                                          // 5
        if !outOfTerm {   // Vyper's `or` short-circuits: the sum is formed only for an expiry after now
            outOfTerm = expiry > (try checked(context.timestamp.checkedAdd(Constants.maxAttestationTerm)))
        }
        if outOfTerm { throw .error(.invalidExpiry(expiry: expiry, blockTimestamp: context.timestamp)) }
        // EFFECTS
        updateAccount(account) { $0.attestation = Attestation(tier: tier, expiry: expiry) }  // 6
        // EVENTS
        events.emit(.attested(account: account, tier: tier, expiry: expiry))                 // 7
    }
}
