import EVMArithmetic

extension EngineState {
    /// Spec/operations/setRoles.md.
    mutating func setRoles(oracle: Address, exchange: Address, context: CallContext, events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        if oracle == .zero || exchange == .zero { throw .error(.zeroAddress) }               // 2
        // EFFECTS
        self.oracle = oracle                                                                 // 3
        self.exchange = exchange
        // EVENTS
        events.emit(.rolesSet(oracle: oracle, exchange: exchange))                           // 4
    }
}
