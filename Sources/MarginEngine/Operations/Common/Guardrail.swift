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
}
