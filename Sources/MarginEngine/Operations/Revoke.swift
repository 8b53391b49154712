import EVMArithmetic

extension EngineState {
    /// Spec/operations/revoke.md. Revoking an account without attestation
    /// is allowed and changes nothing.
    mutating func revoke(_ account: Address, context: CallContext, events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(attestor, context)                                                   // 1
        // EFFECTS
        updateAccount(account) { $0.attestation = .none }                                    // 2
        // EVENTS
        events.emit(.attestationRevoked(account: account))                                   // 3
    }
}
