import EVMArithmetic

extension EngineState {
    /// Spec/operations/setAttestor.md. Zero removes the attestor; neither a
    /// removal nor a replacement touches any attestation.
    mutating func setAttestor(_ attestor: Address, context: CallContext, events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        if attestor == owner || account(attestor).attestation.isLive(at: context.timestamp) {  // 2
            throw .error(.invalidAttestor(attestor: attestor))
        }
        // EFFECTS
        self.attestor = attestor                                                             // 3
        // EVENTS
        events.emit(.attestorSet(attestor: attestor))                                        // 4
    }
}
