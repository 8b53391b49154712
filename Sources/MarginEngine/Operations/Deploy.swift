import EVMArithmetic

extension EngineState {
    /// The constructor (Spec/operations/constructor.md): the deployer
    /// becomes owner; the global parameters are set freely within bounds.
    /// `governance` is the extension the engine delegates governance to
    /// (abi.md, "Deployment"): checked here, kept in the code, not in state.
    public static func deploy(governance: Address, oracle: Address, exchange: Address, globalParams: GlobalParams,
                              context: CallContext, events: inout EventLog) throws(EngineError) -> EngineState {
        // CHECKS
        if governance == .zero || oracle == .zero || exchange == .zero { throw EngineError.zeroAddress }   // 1
        for (k, value) in globalParams.values.enumerated()                                    // 2
        where !ParameterBounds.global[k].contains(value) {
            throw EngineError.parameterOutOfBounds(param: ParameterID.global(k), value: value)
        }
        // EFFECTS
        var state = EngineState(owner: context.sender, oracle: oracle, exchange: exchange,     // 3
                                globalParams: globalParams)
        for k in 0..<ParameterBounds.global.count {                                           // 4
            state.lastParamChange[ParameterID.global(k)] = context.timestamp
        }
        // EVENTS
        events.emit(.rolesSet(oracle: oracle, exchange: exchange))                            // 5
        events.emit(.globalParamsSet(globalParams))                                           // 6
        return state
    }
}
