import EVMArithmetic

extension EngineState {
    /// Spec/operations/settleTrade.md: both sides of one matched trade at
    /// once, so PnL is zero-sum up to 1 wei of dust for the fund.
    mutating func settleTrade(buyer: Address, seller: Address, market: UInt256, size: UInt256, price: UInt256,
                              context: CallContext, events: inout EventLog) throws(Revert) {
        let now = context.timestamp
        // ACCESS
        try requireRole(exchange, context)                                                   // 1
        // CHECKS
        let m = try requireMarket(market)                                                    // 2
        if buyer == seller { throw .error(.selfTrade(account: buyer)) }                      // 3
        if size.isZero || size > Constants.maxPositionSize { throw .error(.invalidSize(size: size)) }  // 4
        try requirePriceInBounds(price)                                                      // 5
        let oraclePrice = markets[m].price                                                   // 6
        let band = try checked(mulDown(oraclePrice, globalParams.priceBand, Constants.wad))
        let deviation = try checked(price >= oraclePrice ? price.checkedSub(oraclePrice) : oraclePrice.checkedSub(price))
        if deviation > band {
            throw .error(.priceOutOfBand(market: market, price: price, oraclePrice: oraclePrice))
        }
        let d = try checked(toInt(size))                                                     // 7
        let buyerOld = position(buyer, m).size
        let buyerNew = try checked(add(buyerOld, d))
        if try checked(abs(buyerNew)) > Constants.maxPositionSize {
            throw .error(.positionTooLarge(account: buyer, market: market, size: buyerNew))
        }
        let sellerOld = position(seller, m).size                                             // 8
        let sellerNew = try checked(sub(sellerOld, d))
        if try checked(abs(sellerNew)) > Constants.maxPositionSize {
            throw .error(.positionTooLarge(account: seller, market: market, size: sellerNew))
        }
        let buyerRI = try checked(isRiskIncreasing(buyerOld, buyerNew))                      // 9
        let sellerRI = try checked(isRiskIncreasing(sellerOld, sellerNew))
        if buyerRI || sellerRI {                                                             // 10
            try requireFresh(m, now: now)
            if now < markets[m].breakerUntil {
                throw .error(.breakerActive(market: market, until: markets[m].breakerUntil))
            }
        }
        // EFFECTS
        let buyerFill = try checked(applyFill(buyer, m, d, price))                           // 11
        let sellerFill = try checked(applyFill(seller, m, negate(d), price))                 // 12
        let fee = try checked(mulUp(mulUp(size, price, Constants.wad), globalParams.feeRatio, Constants.wad))  // 13
        let feeInt = try checked(toInt(fee))
        let buyerCash = try checked(sub(account(buyer).cash, feeInt))                        // 14
        updateAccount(buyer) { $0.cash = buyerCash }
        let sellerCash = try checked(sub(account(seller).cash, try toInt(fee)))              // 15
        updateAccount(seller) { $0.cash = sellerCash }
        insuranceFund = try checked(insuranceFund.checkedAdd(toUint(add(buyerFill.cost, sellerFill.cost))))  // 16 dust
        insuranceFund = try checked(insuranceFund.checkedAdd(fee))                           // 17
        insuranceFund = try checked(insuranceFund.checkedAdd(fee))                           // 18
        // CHECKS (post-state)
        try requireMargin(buyer, riskIncreasing: buyerRI, now: now)                          // 19
        try requireMargin(seller, riskIncreasing: sellerRI, now: now)                        // 20
        // EVENTS
        events.emit(.trade(buyer: buyer, seller: seller, market: market, size: size, price: price, fee: fee,  // 21
                           buyerRealisedPnl: buyerFill.realised, sellerRealisedPnl: sellerFill.realised))
    }
}
