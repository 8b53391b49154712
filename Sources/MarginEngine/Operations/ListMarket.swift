import ContractABI
import EVMArithmetic

extension EngineState {
    /// Spec/operations/listMarket.md. Returns the new market id.
    mutating func listMarket(price: UInt256, variance: UInt256, params: MarketParams,
                             context: CallContext, events: inout EventLog) throws(Revert) -> [ABIValue] {
        // ACCESS
        try requireRole(owner, context)                                                      // 1
        // CHECKS
        if marketCount == Constants.maxMarkets { throw .error(.tooManyMarkets) }             // 2
        let m = marketCount                                                                  // 3
        try requirePriceInBounds(price)                                                      // 4
        if variance > Constants.maxVariance { throw .error(.varianceOutOfBounds(variance: variance)) }  // 5
        for (k, value) in params.values.enumerated() where !ParameterBounds.market[k].contains(value) {  // 6
            throw .error(.parameterOutOfBounds(param: ParameterID.market(m, k), value: value))
        }
        try requireGarch(params)                                                             // 6a
        // EFFECTS
        markets.append(Market(price: price, priceTime: context.timestamp, variance: variance,  // 7, 8, 10
                              breakerUntil: .zero, openInterest: .zero, params: params))
        for k in 0..<ParameterBounds.market.count {
            lastParamChange[ParameterID.market(m, k)] = context.timestamp
        }
        correlation[m][m] = Int256(bitPattern: Constants.wad)                                // 9
        // EVENTS
        let id = UInt256(UInt64(m))
        events.emit(.marketListed(market: id, price: price, variance: variance))             // 11
        events.emit(.marketParamsSet(market: id, params: params))                            // 12
        // RETURNS
        return [.uint256(id)]                                                                // 13
    }
}
