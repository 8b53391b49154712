import EVMArithmetic

extension EngineState {
    /// Spec/operations/postAssetPrice.md.
    mutating func postAssetPrice(asset: UInt256, price: UInt256, timestamp: UInt256,
                                 context: CallContext, events: inout EventLog) throws(Revert) {
        let now = context.timestamp
        // ACCESS
        try requireRole(oracle, context)                                                     // 1
        // CHECKS
        let a = try requireAsset(asset)                                                      // 2
        try requirePriceInBounds(price)                                                      // 3
        let lastTime = assets[a].priceTime
        if timestamp <= lastTime {                                                           // 4
            throw .error(.observationNotNewer(timestamp: timestamp, lastTimestamp: lastTime))
        }
        if timestamp > now { throw .error(.observationInFuture(timestamp: timestamp, blockTimestamp: now)) }  // 5
        // EFFECTS
        assets[a].price = price                                                              // 6
        assets[a].priceTime = timestamp
        // EVENTS
        events.emit(.assetPriceUpdate(asset: asset, price: price, timestamp: timestamp))     // 7
    }
}
