import EVMArithmetic

extension EngineState {
    /// Spec/operations/liquidate.md: the liquidator takes over up to `size`
    /// units of an account below maintenance margin at the oracle price.
    mutating func liquidate(account: Address, market: UInt256, size: UInt256,
                            context: CallContext, events: inout EventLog) throws {
        let liquidator = context.sender, now = context.timestamp
        let wad = Constants.wad
        // CHECKS
        let m = try requireMarket(market)                                                    // 1
        if account == liquidator { throw EngineError.selfTrade(account: account) }           // 2
        let s = position(account, m).size                                                    // 3
        if s.isZero { throw EngineError.noPosition(account: account, market: market) }
        if size.isZero { throw EngineError.invalidSize(size: size) }                         // 4
        try requireFresh(m, now: now)                                                        // 5
        let e = try equity(account)                                                          // 6
        let mm = try maintenanceMargin(account, now: now)
        if e >= (try toInt(mm)) { throw EngineError.notLiquidatable(account: account, equity: e, maintenanceMargin: mm) }
        var maxClose = try mulUp(abs(s), globalParams.closeFactor, wad)                      // 7
        if e < (try toInt(mulUp(mm, globalParams.deepUnderwaterRatio, wad))) {
            maxClose = try abs(s)                                                            //   deeply underwater
        }
        if size > maxClose { throw EngineError.closeTooLarge(size: size, maxSize: maxClose) }
        let p = markets[m].price                                                             // 8
        let d = s.isNegative ? try negate(toInt(size)) : try toInt(size)                     //   liquidator's side
        let liquidatorOld = position(liquidator, m).size
        let liquidatorNew = try add(liquidatorOld, d)
        if try abs(liquidatorNew) > Constants.maxPositionSize {
            throw EngineError.positionTooLarge(account: liquidator, market: market, size: liquidatorNew)
        }
        let liquidatorRI = try isRiskIncreasing(liquidatorOld, liquidatorNew)
        // EFFECTS: transfer of the position at the oracle price
        let accountFill = try applyFill(account, m, negate(d), p)                            // 9
        let liquidatorFill = try applyFill(liquidator, m, d, p)                              // 10
        insuranceFund = try insuranceFund.checkedAdd(toUint(add(accountFill.cost, liquidatorFill.cost)))  // 11 dust
        // EFFECTS: penalty, capped at what the account still has
        let eAfter = try equity(account)                                                     // 12
        var penalty = try mulUp(mulUp(size, p, wad), globalParams.penaltyRatio, wad)         // 13
        if eAfter <= .zero {
            penalty = .zero
        } else {
            penalty = min(penalty, try toUint(eAfter))
        }
        let reward = try mulDown(penalty, globalParams.liquidatorShare, wad)                 // 14
        let accountCash = try sub(self.account(account).cash, toInt(penalty))                // 15
        updateAccount(account) { $0.cash = accountCash }
        let liquidatorCash = try add(self.account(liquidator).cash, toInt(reward))           // 16
        updateAccount(liquidator) { $0.cash = liquidatorCash }
        insuranceFund = try insuranceFund.checkedAdd(penalty.checkedSub(reward))             // 17
        // EFFECTS: bad debt, only once the account has no position left
        var covered = UInt256.zero                                                           // 18
        if !hasOpenPosition(account) {
            let e2 = try equity(account)
            if e2.isNegative {
                let deficit = try toUint(negate(e2))
                if insuranceFund < deficit {
                    throw EngineError.insuranceInsufficient(account: account, deficit: deficit, fund: insuranceFund)
                }
                insuranceFund = try insuranceFund.checkedSub(deficit)
                let coveredCash = try add(self.account(account).cash, toInt(deficit))
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
