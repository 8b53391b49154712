import EVMArithmetic

extension EngineState {
    /// Spec/operations/setMarketParams.md.
    mutating func setMarketParams(market: UInt256, params: MarketParams, context: CallContext, events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        let m = try requireMarket(market)                                                    // 2
        let current = markets[m].params.values, requested = params.values
        let id = { (k: Int) in ParameterID.market(m, k) }
        let changed = try checkGuardrails(id, current: current, requested: requested,                      // 3
                                          bounds: ParameterBounds.market, now: context.timestamp)
        try requireGarch(params)                                                             // 3a
        // EFFECTS
        let values = applyChanges(id, current: current, requested: requested, changed: changed, now: context.timestamp)  // 4
        markets[m].params = MarketParams(values: values) ?? markets[m].params
        try checked(markets[m].clampAdaptiveZ())                                             // 4a
        // EVENTS
        events.emit(.marketParamsSet(market: market, params: params))                        // 5
    }
}
