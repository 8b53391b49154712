import EVMArithmetic

extension EngineState {
    /// Spec/operations/setTierParams.md.
    mutating func setTierParams(_ params: TierParams, context: CallContext, events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        let current = tierParams.values, requested = params.values
        let changed = try checkGuardrails(ParameterID.tier, current: current, requested: requested,        // 2
                                          bounds: ParameterBounds.tier, now: context.timestamp)
        for (i, discount) in params.discounts.enumerated() where discount > params.maxTierDiscount {  // 3
            throw .error(.tierDiscountAboveCap(tier: UInt256(UInt64(i + 1)), discount: discount, cap: params.maxTierDiscount))
        }
        // EFFECTS
        let values = applyChanges(ParameterID.tier, current: current, requested: requested,               // 4
                                  changed: changed, now: context.timestamp)
        tierParams = TierParams(values: values) ?? tierParams
        // EVENTS
        events.emit(.tierParamsSet(params))                                                  // 5
    }
}
