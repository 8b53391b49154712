import EVMArithmetic

extension EngineState {
    /// Checks one parameter change against its bounds and guardrail;
    /// returns whether the value changes (Spec/operations/common.md, "Guardrail").
    func checkGuardrail(_ id: UInt256, current: UInt256, requested: UInt256,
                        bounds: ParameterBounds, now: UInt256) throws(Revert) -> Bool {
        if !bounds.contains(requested) {                                      // 1
            throw .error(.parameterOutOfBounds(param: id, value: requested))
        }
        if requested == current { return false }                              // 2
        let readyAt = try checked(lastChange(id).checkedAdd(Constants.guardrailCooldown))  // 3
        if now < readyAt { throw .error(.guardrailCooldown(param: id, readyAt: readyAt)) }
        let allowed = max(try checked(mulDown(current, Constants.guardrailMaxChange, Constants.wad)), bounds.minStep)  // 4
        let diff = try checked(requested > current ? requested.checkedSub(current) : current.checkedSub(requested))
        if diff > allowed {
            throw .error(.guardrailExceeded(param: id, current: current, requested: requested))
        }
        return true
    }

    /// checkGuardrail on each value of a parameter group, in table order
    /// (the loop setGlobalParams, setMarketParams and setTierParams share);
    /// returns which values change.
    func checkGuardrails(_ id: (Int) -> UInt256, current: [UInt256], requested: [UInt256],
                         bounds: [ParameterBounds], now: UInt256) throws(Revert) -> [Bool] {
        var changed = [Bool]()
        for k in 0..<requested.count {
            changed.append(try checkGuardrail(id(k), current: current[k], requested: requested[k], bounds: bounds[k], now: now))
        }
        return changed
    }

    /// The group's values with the changed ones written, each of those
    /// stamped in lastParamChange at `now`.
    mutating func applyChanges(_ id: (Int) -> UInt256, current: [UInt256], requested: [UInt256],
                               changed: [Bool], now: UInt256) -> [UInt256] {
        var values = current
        for k in 0..<requested.count where changed[k] {
            values[k] = requested[k]
            lastParamChange[id(k)] = now
        }
        return values
    }
}
