import EVMArithmetic

extension EngineState {
    /// Spec/operations/settleTrade.md: both sides of one matched trade at
    /// once, so PnL is zero-sum up to 1 wei of dust for the fund.
    mutating func settleTrade(buyer: Address, seller: Address, market: UInt256, size: UInt256, price: UInt256,
                              context: CallContext, events: inout EventLog) throws {
        let now = context.timestamp
        // ACCESS
        try requireRole(exchange, context)                                                   // 1
        // CHECKS
        let m = try requireMarket(market)                                                    // 2
        if buyer == seller { throw EngineError.selfTrade(account: buyer) }                   // 3
        if size.isZero || size > Constants.maxPositionSize { throw EngineError.invalidSize(size: size) }  // 4
        try requirePriceInBounds(price)                                                      // 5
        let oraclePrice = markets[m].price                                                   // 6
        let band = try mulDown(oraclePrice, globalParams.priceBand, Constants.wad)
        let deviation = price >= oraclePrice ? try price.checkedSub(oraclePrice) : try oraclePrice.checkedSub(price)
        if deviation > band {
            throw EngineError.priceOutOfBand(market: market, price: price, oraclePrice: oraclePrice)
        }
        let d = try toInt(size)                                                              // 7
        let buyerOld = position(buyer, m).size
        let buyerNew = try add(buyerOld, d)
        if try abs(buyerNew) > Constants.maxPositionSize {
            throw EngineError.positionTooLarge(account: buyer, market: market, size: buyerNew)
        }
        let sellerOld = position(seller, m).size                                             // 8
        let sellerNew = try sub(sellerOld, d)
        if try abs(sellerNew) > Constants.maxPositionSize {
            throw EngineError.positionTooLarge(account: seller, market: market, size: sellerNew)
        }
        let buyerRI = try isRiskIncreasing(buyerOld, buyerNew)                               // 9
        let sellerRI = try isRiskIncreasing(sellerOld, sellerNew)
        if buyerRI || sellerRI {                                                             // 10
            try requireFresh(m, now: now)
            if now < markets[m].breakerUntil {
                throw EngineError.breakerActive(market: market, until: markets[m].breakerUntil)
            }
        }
        // EFFECTS
        let buyerFill = try applyFill(buyer, m, d, price)                                    // 11
        let sellerFill = try applyFill(seller, m, negate(d), price)                          // 12
        let fee = try mulUp(mulUp(size, price, Constants.wad), globalParams.feeRatio, Constants.wad)  // 13
        let feeInt = try toInt(fee)
        let buyerCash = try sub(account(buyer).cash, feeInt)                                 // 14
        updateAccount(buyer) { $0.cash = buyerCash }
        let sellerCash = try sub(account(seller).cash, try toInt(fee))                       // 15
        updateAccount(seller) { $0.cash = sellerCash }
        insuranceFund = try insuranceFund.checkedAdd(toUint(add(buyerFill.cost, sellerFill.cost)))  // 16 dust
        insuranceFund = try insuranceFund.checkedAdd(fee)                                    // 17
        insuranceFund = try insuranceFund.checkedAdd(fee)                                    // 18
        // CHECKS (post-state)
        try requireMargin(buyer, riskIncreasing: buyerRI, now: now)                          // 19
        try requireMargin(seller, riskIncreasing: sellerRI, now: now)                        // 20
        // EVENTS
        events.emit(.trade(buyer: buyer, seller: seller, market: market, size: size, price: price, fee: fee,  // 21
                           buyerRealisedPnl: buyerFill.realised, sellerRealisedPnl: sellerFill.realised))
    }
}
