import EVMArithmetic

extension EngineState {
    /// Spec/operations/deleverage.md: closes a bankrupt position the fund
    /// cannot cover against a profitable opposite one, at the bankruptcy price.
    mutating func deleverage(bankrupt: Address, counterparty: Address, market: UInt256, size: UInt256,
                             context: CallContext, events: inout EventLog) throws(Revert) {
        let now = context.timestamp, wad = Constants.wad
        // CHECKS
        let m = try requireMarket(market)                                                    // 1
        if counterparty == bankrupt { throw .error(.selfTrade(account: bankrupt)) }          // 2
        if size.isZero { throw .error(.invalidSize(size: size)) }                            // 3
        let s = position(bankrupt, m).size                                                   // 4
        if s.isZero { throw .error(.noPosition(account: bankrupt, market: market)) }
        try requireFresh(m, now: now)                                                        // 5
        let e = try checked(equity(bankrupt))                                                // 6
        if !e.isNegative { throw .error(.notBankrupt(account: bankrupt, equity: e)) }
        let deficit = try checked(toUint(negate(e)))                                         // 7
        if insuranceFund >= deficit { throw .error(.insuranceCanCover(deficit: deficit, fund: insuranceFund)) }
        if size > (try checked(abs(s))) { throw .error(.closeTooLarge(size: size, maxSize: try checked(abs(s)))) }  // 8
        let p = markets[m].price                                                             // 9
        let c = position(counterparty, m).size
        let u = try checked(unrealisedPnl(counterparty, m))
        // Short-circuit in the Spec's order: abs(c) only for a non-zero opposite c.
        var ineligible = c.isZero || c.isNegative == s.isNegative
        if !ineligible { ineligible = try checked(abs(c)) < size }
        if ineligible || u <= .zero {
            throw .error(.ineligibleCounterparty(counterparty: counterparty, size: c, unrealisedPnl: u))
        }
        let fundUsed = insuranceFund                                                         // 10
        let remaining = try checked(deficit.checkedSub(fundUsed))
        let shift = try checked(divUp(remaining.checkedAdd(.one).checkedMul(wad), size))
        let q: UInt256
        if !s.isNegative {                                                                   //   long sells above the mark
            q = try checked(p.checkedAdd(shift))
            if q > Constants.maxPrice {
                throw .error(.bankruptcyPriceOutOfRange(market: market, oraclePrice: p, shift: shift))
            }
        } else {                                                                             //   short buys below the mark
            if shift >= p { throw .error(.bankruptcyPriceOutOfRange(market: market, oraclePrice: p, shift: shift)) }
            q = try checked(p.checkedSub(shift))
        }
        // EFFECTS
        insuranceFund = .zero                                                                // 11
        let fundedCash = try checked(add(account(bankrupt).cash, toInt(fundUsed)))
        updateAccount(bankrupt) { $0.cash = fundedCash }
        let d = try checked(s.isNegative ? negate(toInt(size)) : toInt(size))                // 12 counterparty's side
        let bankruptFill = try checked(applyFill(bankrupt, m, negate(d), q))
        let counterpartyFill = try checked(applyFill(counterparty, m, d, q))
        insuranceFund = try checked(insuranceFund.checkedAdd(toUint(add(bankruptFill.cost, counterpartyFill.cost))))  // 13 dust
        let residual = try checked(equity(bankrupt))                                         // 14
        let sweptCash = try checked(sub(account(bankrupt).cash, residual))
        updateAccount(bankrupt) { $0.cash = sweptCash }
        insuranceFund = try checked(insuranceFund.checkedAdd(toUint(residual)))
        // CHECKS (post-state)
        try requireMargin(counterparty, riskIncreasing: false, now: now)                     // 15
        // EVENTS
        events.emit(.deleverage(bankrupt: bankrupt, counterparty: counterparty, market: market, size: size,  // 16
                                bankruptcyPrice: q, fundUsed: fundUsed))
    }
}
