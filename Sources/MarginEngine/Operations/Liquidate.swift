import EVMArithmetic

extension EngineState {
    /// Spec/operations/liquidate.md: the liquidator takes over up to `size`
    /// units of an account below maintenance margin at the oracle price.
    mutating func liquidate(account: Address, market: UInt256, size: UInt256,
                            context: CallContext, events: inout EventLog) throws(Revert) {
        let liquidator = context.sender, now = context.timestamp
        let wad = Constants.wad
        // CHECKS
        let m = try requireMarket(market)                                                    // 1
        if account == liquidator { throw .error(.selfTrade(account: account)) }              // 2
        let s = position(account, m).size                                                    // 3
        if s.isZero { throw .error(.noPosition(account: account, market: market)) }
        if size.isZero { throw .error(.invalidSize(size: size)) }                            // 4
        try requireFresh(m, now: now)                                                        // 5
        let e = try checked(equity(account))                                                 // 6
        let mm = try checked(maintenanceMargin(account, now: now))
        if e >= (try checked(toInt(mm))) { throw .error(.notLiquidatable(account: account, equity: e, maintenanceMargin: mm)) }
        var maxClose = try checked(mulUp(abs(s), globalParams.closeFactor, wad))             // 7
        if e < (try checked(toInt(mulUp(mm, globalParams.deepUnderwaterRatio, wad)))) {
            maxClose = try checked(abs(s))                                                   //   deeply underwater
        }
        if size > maxClose { throw .error(.closeTooLarge(size: size, maxSize: maxClose)) }
        let p = markets[m].price                                                             // 8
        let d = try checked(s.isNegative ? negate(toInt(size)) : toInt(size))                //   liquidator's side
        let liquidatorOld = position(liquidator, m).size
        let liquidatorNew = try checked(add(liquidatorOld, d))
        if try checked(abs(liquidatorNew)) > Constants.maxPositionSize {
            throw .error(.positionTooLarge(account: liquidator, market: market, size: liquidatorNew))
        }
        let liquidatorRI = try checked(isRiskIncreasing(liquidatorOld, liquidatorNew))
        // EFFECTS: transfer of the position at the oracle price
        let accountFill = try checked(applyFill(account, m, negate(d), p))                   // 9
        let liquidatorFill = try checked(applyFill(liquidator, m, d, p))                     // 10
        insuranceFund = try checked(insuranceFund.checkedAdd(toUint(add(accountFill.cost, liquidatorFill.cost))))  // 11 dust
        // EFFECTS: penalty, capped at what the account still has
        let eAfter = try checked(equity(account))                                            // 12
        var penalty = try checked(mulUp(mulUp(size, p, wad), globalParams.penaltyRatio, wad))  // 13
        if eAfter <= .zero {
            penalty = .zero
        } else {
            penalty = min(penalty, try checked(toUint(eAfter)))
        }
        let reward = try checked(mulDown(penalty, globalParams.liquidatorShare, wad))        // 14
        let accountCash = try checked(sub(self.account(account).cash, toInt(penalty)))       // 15
        updateAccount(account) { $0.cash = accountCash }
        let liquidatorCash = try checked(add(self.account(liquidator).cash, toInt(reward)))  // 16
        updateAccount(liquidator) { $0.cash = liquidatorCash }
        insuranceFund = try checked(insuranceFund.checkedAdd(penalty.checkedSub(reward)))    // 17
        // EFFECTS: bad debt, only once the account has no position left
        var covered = UInt256.zero                                                           // 18
        if !hasOpenPosition(account) {
            let e2 = try checked(equity(account))
            if e2.isNegative {
                let deficit = try checked(toUint(negate(e2)))
                if insuranceFund < deficit {
                    throw .error(.insuranceInsufficient(account: account, deficit: deficit, fund: insuranceFund))
                }
                insuranceFund = try checked(insuranceFund.checkedSub(deficit))
                let coveredCash = try checked(add(self.account(account).cash, toInt(deficit)))
                updateAccount(account) { $0.cash = coveredCash }
                covered = deficit
            }
        }
        // CHECKS (post-state)
        try requireMargin(liquidator, riskIncreasing: liquidatorRI, now: now)                // 19
        // EVENTS
        events.emit(.liquidation(account: account, liquidator: liquidator, market: market, size: size,  // 20
                                 price: p, penalty: penalty, liquidatorReward: reward, badDebtCovered: covered))
    }
}
