import EVMArithmetic

extension EngineState {
    /// Spec/operations/setMarketParams.md.
    mutating func setMarketParams(market: UInt256, params: MarketParams, context: CallContext, events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        let m = try requireMarket(market)                                                    // 2
        let current = markets[m].params.values, requested = params.values
        var changed = [Bool]()
        for k in 0..<requested.count {                                                       // 3
            changed.append(try checkGuardrail(ParameterID.market(m, k), current: current[k], requested: requested[k],
                                              bounds: ParameterBounds.market[k], now: context.timestamp))
        }
        try requireGarch(params)                                                             // 3a
        // EFFECTS
        var values = current
        for k in 0..<requested.count where changed[k] {                                      // 4
            values[k] = requested[k]
            lastParamChange[ParameterID.market(m, k)] = context.timestamp
        }
        markets[m].params = MarketParams(values: values) ?? markets[m].params
        try checked(markets[m].clampAdaptiveZ())                                             // 4a
        // EVENTS
        events.emit(.marketParamsSet(market: market, params: params))                        // 5
    }
}
