import EVMArithmetic

extension EngineState {
    /// Spec/operations/setCorrelation.md. The first setting of a pair is
    /// free within [-WAD, WAD]; later ones are guardrailed.
    mutating func setCorrelation(marketA: UInt256, marketB: UInt256, correlation rho: Int256,
                                 context: CallContext, events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        let a = try requireMarket(marketA)                                                   // 2
        let b = try requireMarket(marketB)                                                   // 3
        if a == b { throw .error(.invalidCorrelationPair(marketA: marketA, marketB: marketB)) }  // 4
        let wad = Int256(bitPattern: Constants.wad)
        if rho < wad.wrappingNegation || rho > wad {                                         // 5
            throw .error(.correlationOutOfBounds(marketA: marketA, marketB: marketB, correlation: rho))
        }
        let lo = min(a, b), hi = max(a, b)                                                   // 6
        let id = ParameterID.correlation(lo, hi)
        let current = correlation[lo][hi]
        let wasSet = correlationSet[lo][hi]
        if wasSet && rho != current {                                                        // 7
            let readyAt = try checked(lastChange(id).checkedAdd(Constants.guardrailCooldown))
            if context.timestamp < readyAt { throw .error(.guardrailCooldown(param: id, readyAt: readyAt)) }
            let allowed = max(try checked(mulDown(abs(current), Constants.guardrailMaxChange, Constants.wad)),
                              ParameterBounds.correlationMinStep)
            if try checked(abs(sub(rho, current))) > allowed {
                throw .error(.correlationGuardrailExceeded(marketA: marketA, marketB: marketB,
                                                           current: current, requested: rho))
            }
        }
        // EFFECTS
        if !wasSet || rho != current { lastParamChange[id] = context.timestamp }             // 8
        correlation[a][b] = rho                                                              // 9
        correlation[b][a] = rho
        correlationSet[lo][hi] = true
        // EVENTS
        events.emit(.correlationSet(marketA: marketA, marketB: marketB, correlation: rho))   // 10
    }
}
