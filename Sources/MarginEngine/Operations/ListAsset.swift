import ContractABI
import EVMArithmetic

extension EngineState {
    /// Spec/operations/listAsset.md. Returns the new asset id.
    mutating func listAsset(decimals: UInt256, weight: UInt256, price: UInt256,
                            context: CallContext, events: inout EventLog) throws(Revert) -> [ABIValue] {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        if assetCount == Constants.maxAssets { throw .error(.tooManyAssets) }                // 2
        let a = assetCount                                                                   // 3
        if decimals > 18 { throw .error(.invalidDecimals(decimals: decimals)) }              // 4
        if !ParameterBounds.assetWeight.contains(weight) {                                   // 5
            throw .error(.parameterOutOfBounds(param: ParameterID.assetWeight(a), value: weight))
        }
        try requirePriceInBounds(price)                                                      // 6
        // EFFECTS
        assets.append(Asset(decimals: decimals, weight: weight, price: price,                // 7, 8, 10
                            priceTime: context.timestamp))
        lastParamChange[ParameterID.assetWeight(a)] = context.timestamp                      // 9
        // EVENTS
        let id = UInt256(UInt64(a))
        events.emit(.assetListed(asset: id, decimals: decimals, weight: weight, price: price))  // 11
        // RETURNS
        return [.uint256(id)]                                                                // 12
    }
}
