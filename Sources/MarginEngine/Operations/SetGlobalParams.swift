import EVMArithmetic

extension EngineState {
    /// Spec/operations/setGlobalParams.md.
    mutating func setGlobalParams(_ params: GlobalParams, context: CallContext, events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        let current = globalParams.values, requested = params.values
        var changed = [Bool]()
        for k in 0..<requested.count {                                                       // 2
            changed.append(try checkGuardrail(ParameterID.global(k), current: current[k], requested: requested[k],
                                              bounds: ParameterBounds.global[k], now: context.timestamp))
        }
        // EFFECTS
        var values = current
        for k in 0..<requested.count where changed[k] {                                      // 3
            values[k] = requested[k]
            lastParamChange[ParameterID.global(k)] = context.timestamp
        }
        globalParams = GlobalParams(values: values) ?? globalParams
        // EVENTS
        events.emit(.globalParamsSet(params))                                                // 4
    }
}
