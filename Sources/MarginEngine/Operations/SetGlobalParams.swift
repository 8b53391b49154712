import EVMArithmetic

extension EngineState {
    /// Spec/operations/setGlobalParams.md.
    mutating func setGlobalParams(_ params: GlobalParams, context: CallContext, events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        let current = globalParams.values, requested = params.values
        let changed = try checkGuardrails(ParameterID.global, current: current, requested: requested,      // 2
                                          bounds: ParameterBounds.global, now: context.timestamp)
        // EFFECTS
        let values = applyChanges(ParameterID.global, current: current, requested: requested,             // 3
                                  changed: changed, now: context.timestamp)
        globalParams = GlobalParams(values: values) ?? globalParams
        // EVENTS
        events.emit(.globalParamsSet(params))                                                // 4
    }
}
