import EVMArithmetic

extension EngineState {
    /// Spec/operations/setAssetWeight.md.
    mutating func setAssetWeight(asset: UInt256, weight: UInt256, context: CallContext, events: inout EventLog) throws(Revert) {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        let a = try requireAsset(asset)                                                      // 2
        let id = ParameterID.assetWeight(a)
        let changed = try checkGuardrail(id, current: assets[a].weight, requested: weight,   // 3
                                         bounds: .assetWeight, now: context.timestamp)
        // EFFECTS
        if changed {                                                                         // 4
            assets[a].weight = weight
            lastParamChange[id] = context.timestamp
        }
        // EVENTS
        events.emit(.assetWeightSet(asset: asset, weight: weight))                           // 5
    }
}
