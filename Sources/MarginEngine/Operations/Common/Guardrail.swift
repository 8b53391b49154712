import EVMArithmetic

extension EngineState {
    /// Checks one parameter change against its bounds and guardrail;
    /// returns whether the value changes (Spec/operations/common.md, "Guardrail").
    func checkGuardrail(_ id: UInt256, current: UInt256, requested: UInt256,
                        bounds: ParameterBounds, now: UInt256) throws -> Bool {
        if !bounds.contains(requested) {                                      // 1
            throw EngineError.parameterOutOfBounds(param: id, value: requested)
        }
        if requested == current { return false }                              // 2
        let readyAt = try lastChange(id).checkedAdd(Constants.guardrailCooldown)  // 3
        if now < readyAt { throw EngineError.guardrailCooldown(param: id, readyAt: readyAt) }
        let allowed = max(try mulDown(current, Constants.guardrailMaxChange, Constants.wad), bounds.minStep)  // 4
        let diff = requested > current ? try requested.checkedSub(current) : try current.checkedSub(requested)
        if diff > allowed {
            throw EngineError.guardrailExceeded(param: id, current: current, requested: requested)
        }
        return true
    }
}
