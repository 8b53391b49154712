import EVMArithmetic

extension EngineState {
    /// Spec/operations/postPrice.md: a new observation updates the GARCH(1,1)
    /// variance of the simple return per second and may trip the breaker.
    mutating func postPrice(market: UInt256, price: UInt256, timestamp: UInt256,
                            context: CallContext, events: inout EventLog) throws(Revert) {
        let now = context.timestamp
        // ACCESS
        try requireRole(oracle, context)                                                     // 1
        // CHECKS
        let m = try requireMarket(market)                                                    // 2
        try requirePriceInBounds(price)                                                      // 3
        let lastTime = markets[m].priceTime
        if timestamp <= lastTime {                                                           // 4
            throw .error(.observationNotNewer(timestamp: timestamp, lastTimestamp: lastTime))
        }
        if timestamp > now { throw .error(.observationInFuture(timestamp: timestamp, blockTimestamp: now)) }  // 5
        // EFFECTS: GARCH(1,1) variance of the simple return, per second
        let pOld = markets[m].price                                                          // 6
        let dt = try checked(timestamp.checkedSub(lastTime))                                 // 7
        let move = try checked(price >= pOld ? price.checkedSub(pOld) : pOld.checkedSub(price))  // 8
        let rWad = try checked(divUp(move.checkedMul(Constants.wad), pOld))                  // 9
        let rVar = min(rWad, Constants.maxReturn)                                            // 10
        let sample = try checked(divUp(divUp(rVar.checkedMul(rVar), Constants.wad), dt))     // 11
        let mixed = try checked(markets[m].params.garchBeta.checkedMul(markets[m].variance)  // 12, 13
            .checkedAdd(markets[m].params.garchAlpha.checkedMul(sample)))
        let newVariance = min(try checked(divUp(mixed, Constants.wad).checkedAdd(markets[m].params.garchOmega)),  // 14
                              Constants.maxVariance)
        // EFFECTS: adaptive z of each side, against the variance before this update
        try checked(markets[m].updateAdaptiveZ(pOld: pOld, price: price, sample: sample))    // 14a-14d
        markets[m].price = price                                                             // 15
        markets[m].priceTime = timestamp
        markets[m].variance = newVariance
        // EFFECTS: circuit breaker
        let tripped = rWad >= markets[m].params.breakerThreshold                             // 16
        if tripped {                                                                         // 17
            let until = try checked(now.checkedAdd(markets[m].params.breakerCooldown))
            markets[m].breakerUntil = max(markets[m].breakerUntil, until)
        }
        // EVENTS
        events.emit(.priceUpdate(market: market, price: price, timestamp: timestamp, variance: newVariance,  // 18
                                 zLong: markets[m].zLong, zShort: markets[m].zShort))
        if tripped {                                                                         // 19
            events.emit(.breakerTripped(market: market, returnWad: rWad, until: markets[m].breakerUntil))
        }
    }
}
