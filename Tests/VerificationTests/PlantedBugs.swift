// Copies of single operations of the model with one planted bug each, as
// MarginSystems: the campaign must find and shrink every one. Each copy is
// the model's code with the bug marked `// BUG:`; everything else runs the
// model unchanged.
import EVMArithmetic
@testable import MarginEngine
import Verification

/// Runs `body` on a copy of the state as Engine.execute does: the copy is
/// kept on success, dropped on a revert.
func atomically(_ state: inout EngineState,
                _ body: (inout EngineState, inout EventLog) throws(Revert) -> Void) -> CallOutcome {
    var next = state
    var log = EventLog()
    do {
        try body(&next, &log)
        state = next
        return .success(returns: [], events: log.events)
    } catch {
        return .revert(error)
    }
}

/// liquidate without the close factor: any size up to the whole position.
struct LiquidationIgnoresCloseFactor: MarginSystem {
    var name: String { "liquidation ignores the close factor" }

    func execute(_ state: inout EngineState, _ call: EngineCall, _ context: CallContext) -> CallOutcome {
        guard case let .liquidate(account, market, size) = call else { return state.execute(call, context: context) }
        return atomically(&state) { (s: inout EngineState, events: inout EventLog) throws(Revert) in
            try s.liquidateIgnoringCloseFactor(account: account, market: market, size: size, context: context, events: &events)
        }
    }
}

/// withdraw that checks maintenance instead of initial margin.
struct WithdrawChecksMaintenance: MarginSystem {
    var name: String { "withdraw checks MM instead of IM" }

    func execute(_ state: inout EngineState, _ call: EngineCall, _ context: CallContext) -> CallOutcome {
        guard case let .withdraw(asset, amount) = call else { return state.execute(call, context: context) }
        return atomically(&state) { (s: inout EngineState, events: inout EventLog) throws(Revert) in
            let sender = context.sender, now = context.timestamp
            let a = try s.requireAsset(asset)
            if amount.isZero { throw .error(.zeroAmount) }
            let balance = s.account(sender).collateral[a]
            if amount > balance { throw .error(.insufficientBalance(asset: asset, balance: balance, amount: amount)) }
            let newBalance = try checked(balance.checkedSub(amount))
            s.updateAccount(sender) { $0.collateral[a] = newBalance }
            if s.hasOpenPosition(sender) || s.account(sender).cash.isNegative {
                for m in 0..<s.marketCount where !s.position(sender, m).size.isZero { try s.requireFresh(m, now: now) }
                let balances = s.account(sender).collateral
                for k in 0..<s.assetCount where !balances[k].isZero { try s.requireFreshAsset(k, now: now) }
            }
            // BUG: maintenance margin where the Spec requires initial margin.
            let e = try checked(s.equity(sender))
            let mm = try checked(s.maintenanceMargin(sender, now: now))
            if e < (try checked(toInt(mm))) { throw .error(.insufficientMargin(account: sender, equity: e, required: mm)) }
            events.emit(.withdraw(account: sender, asset: asset, amount: amount))
        }
    }
}

/// The equity view with the mark value rounded up instead of down.
struct EquityRoundedUp: MarginSystem {
    var name: String { "equity rounded up" }

    func equity(_ state: EngineState, _ account: Address) throws -> Int256 {
        var e = try toInt(state.collateralValue(account))
        e = try add(e, state.account(account).cash)
        for m in 0..<state.marketCount where !state.position(account, m).size.isZero {
            let p = state.position(account, m)
            // BUG: ceil(size * price / WAD) for a long, instead of floor.
            let mark = try abs(p.size).checkedMul(state.markets[m].price)
            let value = p.size.isNegative ? try negate(toInt(mark.checkedDiv(Constants.wad))) : try toInt(divUp(mark, Constants.wad))
            e = try add(e, sub(value, p.openNotional))
        }
        return e
    }

    func marginBreakdown(_ state: EngineState, _ account: Address, now: UInt256) throws -> MarginBreakdown {
        var b = try state.marginBreakdown(account, now: now)
        b.equity = try equity(state, account)
        return b
    }

    func isLiquidatable(_ state: EngineState, _ account: Address, now: UInt256) throws -> Bool {
        try equity(state, account) < toInt(state.maintenanceMargin(account, now: now))
    }
}

/// settleTrade without the circuit-breaker check.
struct TradeSkipsBreaker: MarginSystem {
    var name: String { "settleTrade skips the breaker check" }

    func execute(_ state: inout EngineState, _ call: EngineCall, _ context: CallContext) -> CallOutcome {
        guard case let .settleTrade(buyer, seller, market, size, price) = call else { return state.execute(call, context: context) }
        return atomically(&state) { (s: inout EngineState, events: inout EventLog) throws(Revert) in
            try s.settleTradeCopy(buyer: buyer, seller: seller, market: market, size: size, price: price, context: context,
                                  events: &events, checkBreaker: false, creditFees: true)
        }
    }
}

/// settleTrade that charges the fees but never credits them to the fund.
struct FeeNotCredited: MarginSystem {
    var name: String { "fee not credited to the fund" }

    func execute(_ state: inout EngineState, _ call: EngineCall, _ context: CallContext) -> CallOutcome {
        guard case let .settleTrade(buyer, seller, market, size, price) = call else { return state.execute(call, context: context) }
        return atomically(&state) { (s: inout EngineState, events: inout EventLog) throws(Revert) in
            try s.settleTradeCopy(buyer: buyer, seller: seller, market: market, size: size, price: price, context: context,
                                  events: &events, checkBreaker: true, creditFees: false)
        }
    }
}

/// setGlobalParams that forgets the guardrail cooldown.
struct GuardrailWithoutCooldown: MarginSystem {
    var name: String { "guardrail without cooldown" }

    func execute(_ state: inout EngineState, _ call: EngineCall, _ context: CallContext) -> CallOutcome {
        guard case let .setGlobalParams(params) = call else { return state.execute(call, context: context) }
        return atomically(&state) { (s: inout EngineState, events: inout EventLog) throws(Revert) in
            try s.requireRole(s.owner, context)
            var changed: [Bool] = []
            for (k, value) in params.values.enumerated() {
                let id = ParameterID.global(k), bounds = ParameterBounds.global[k], current = s.globalParams.values[k]
                if !bounds.contains(value) { throw .error(.parameterOutOfBounds(param: id, value: value)) }
                if value == current { changed.append(false); continue }
                // BUG: no cooldown check.
                let allowed = max(try checked(mulDown(current, Constants.guardrailMaxChange, Constants.wad)), bounds.minStep)
                let diff = value > current ? value &- current : current &- value
                if diff > allowed { throw .error(.guardrailExceeded(param: id, current: current, requested: value)) }
                changed.append(true)
            }
            var values = s.globalParams.values
            for k in 0..<values.count where changed[k] {
                values[k] = params.values[k]
                s.lastParamChange[ParameterID.global(k)] = context.timestamp
            }
            s.globalParams = GlobalParams(values: values)!
            events.emit(.globalParamsSet(params))
        }
    }
}

extension EngineState {
    /// Spec/operations/liquidate.md with step 7's close factor removed.
    mutating func liquidateIgnoringCloseFactor(account: Address, market: UInt256, size: UInt256,
                                               context: CallContext, events: inout EventLog) throws(Revert) {
        let liquidator = context.sender, now = context.timestamp, wad = Constants.wad
        let m = try requireMarket(market)
        if account == liquidator { throw .error(.selfTrade(account: account)) }
        let s = position(account, m).size
        if s.isZero { throw .error(.noPosition(account: account, market: market)) }
        if size.isZero { throw .error(.invalidSize(size: size)) }
        try requireFresh(m, now: now)
        let e = try checked(equity(account))
        let mm = try checked(maintenanceMargin(account, now: now))
        if e >= (try checked(toInt(mm))) { throw .error(.notLiquidatable(account: account, equity: e, maintenanceMargin: mm)) }
        // BUG: the close factor is ignored; any size up to the position goes.
        let maxClose = try checked(abs(s))
        if size > maxClose { throw .error(.closeTooLarge(size: size, maxSize: maxClose)) }
        let p = markets[m].price
        let d = try checked(s.isNegative ? negate(toInt(size)) : toInt(size))
        let liquidatorOld = position(liquidator, m).size
        let liquidatorNew = try checked(add(liquidatorOld, d))
        if try checked(abs(liquidatorNew)) > Constants.maxPositionSize {
            throw .error(.positionTooLarge(account: liquidator, market: market, size: liquidatorNew))
        }
        let liquidatorRI = try checked(isRiskIncreasing(liquidatorOld, liquidatorNew))
        let accountFill = try checked(applyFill(account, m, negate(d), p))
        let liquidatorFill = try checked(applyFill(liquidator, m, d, p))
        insuranceFund = try checked(insuranceFund.checkedAdd(toUint(add(accountFill.cost, liquidatorFill.cost))))
        let eAfter = try checked(equity(account))
        var penalty = try checked(mulUp(mulUp(size, p, wad), globalParams.penaltyRatio, wad))
        penalty = eAfter <= .zero ? .zero : min(penalty, try checked(toUint(eAfter)))
        let reward = try checked(mulDown(penalty, globalParams.liquidatorShare, wad))
        let accountCash = try checked(sub(self.account(account).cash, toInt(penalty)))
        updateAccount(account) { $0.cash = accountCash }
        let liquidatorCash = try checked(add(self.account(liquidator).cash, toInt(reward)))
        updateAccount(liquidator) { $0.cash = liquidatorCash }
        insuranceFund = try checked(insuranceFund.checkedAdd(penalty.checkedSub(reward)))
        var covered = UInt256.zero
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
        try requireMargin(liquidator, riskIncreasing: liquidatorRI, now: now)
        events.emit(.liquidation(account: account, liquidator: liquidator, market: market, size: size,
                                 price: p, penalty: penalty, liquidatorReward: reward, badDebtCovered: covered))
    }

    /// Spec/operations/settleTrade.md with two switches for planted bugs.
    mutating func settleTradeCopy(buyer: Address, seller: Address, market: UInt256, size: UInt256, price: UInt256,
                                  context: CallContext, events: inout EventLog, checkBreaker: Bool, creditFees: Bool) throws(Revert) {
        let now = context.timestamp
        try requireRole(exchange, context)
        let m = try requireMarket(market)
        if buyer == seller { throw .error(.selfTrade(account: buyer)) }
        if size.isZero || size > Constants.maxPositionSize { throw .error(.invalidSize(size: size)) }
        try requirePriceInBounds(price)
        let oraclePrice = markets[m].price
        let band = try checked(mulDown(oraclePrice, globalParams.priceBand, Constants.wad))
        let deviation = try checked(price >= oraclePrice ? price.checkedSub(oraclePrice) : oraclePrice.checkedSub(price))
        if deviation > band { throw .error(.priceOutOfBand(market: market, price: price, oraclePrice: oraclePrice)) }
        let d = try checked(toInt(size))
        let buyerOld = position(buyer, m).size
        let buyerNew = try checked(add(buyerOld, d))
        if try checked(abs(buyerNew)) > Constants.maxPositionSize {
            throw .error(.positionTooLarge(account: buyer, market: market, size: buyerNew))
        }
        let sellerOld = position(seller, m).size
        let sellerNew = try checked(sub(sellerOld, d))
        if try checked(abs(sellerNew)) > Constants.maxPositionSize {
            throw .error(.positionTooLarge(account: seller, market: market, size: sellerNew))
        }
        let buyerRI = try checked(isRiskIncreasing(buyerOld, buyerNew))
        let sellerRI = try checked(isRiskIncreasing(sellerOld, sellerNew))
        if buyerRI || sellerRI {
            try requireFresh(m, now: now)
            // BUG (checkBreaker == false): a risk-increasing trade during an active breaker.
            if checkBreaker && now < markets[m].breakerUntil {
                throw .error(.breakerActive(market: market, until: markets[m].breakerUntil))
            }
        }
        let buyerFill = try checked(applyFill(buyer, m, d, price))
        let sellerFill = try checked(applyFill(seller, m, negate(d), price))
        let fee = try checked(mulUp(mulUp(size, price, Constants.wad), globalParams.feeRatio, Constants.wad))
        let buyerCash = try checked(sub(account(buyer).cash, toInt(fee)))
        updateAccount(buyer) { $0.cash = buyerCash }
        let sellerCash = try checked(sub(account(seller).cash, toInt(fee)))
        updateAccount(seller) { $0.cash = sellerCash }
        insuranceFund = try checked(insuranceFund.checkedAdd(toUint(add(buyerFill.cost, sellerFill.cost))))
        // BUG (creditFees == false): the fees leave the accounts but never reach the fund.
        if creditFees {
            insuranceFund = try checked(insuranceFund.checkedAdd(fee))
            insuranceFund = try checked(insuranceFund.checkedAdd(fee))
        }
        try requireMargin(buyer, riskIncreasing: buyerRI, now: now)
        try requireMargin(seller, riskIncreasing: sellerRI, now: now)
        events.emit(.trade(buyer: buyer, seller: seller, market: market, size: size, price: price, fee: fee,
                           buyerRealisedPnl: buyerFill.realised, sellerRealisedPnl: sellerFill.realised))
    }
}

/// The notional of a position rounded down instead of up, in the margin
/// views (positionTerms and the breakdown built from it).
struct NotionalRoundedDown: MarginSystem {
    var name: String { "notional rounded down" }

    func positionTerms(_ state: EngineState, _ account: Address, _ m: Int, now: UInt256) throws -> PositionTerms {
        var terms = try state.positionTerms(account, m, now: now)
        let s = state.position(account, m).size
        let market = state.markets[m], params = market.params
        // BUG: floor(|size| * price / WAD) where the Spec rounds up.
        let n = try mulDown(abs(s), market.price, Constants.wad)
        var r = try mulUp(mulUp(n, params.zScore, Constants.wad), terms.horizonVolatility, Constants.wad)
        if now < market.breakerUntil { r = try mulUp(r, params.breakerMultiplier, Constants.wad) }
        terms.notional = n
        terms.risk = r
        terms.base = try mulUp(n, params.baseMarginRatio, Constants.wad)
        terms.impact = try mulUp(mulUp(n, params.impactCoefficient, Constants.wad), n, terms.effectiveDepth)
        return terms
    }

    /// Spec/margin.md `marginBreakdown`, steps 1 to 6, on these position terms.
    func marginBreakdown(_ state: EngineState, _ account: Address, now: UInt256) throws -> MarginBreakdown {
        let stress = try state.stressMultiplier()
        var sumBase = UInt256.zero, sumImpact = UInt256.zero, sumRisk = UInt256.zero
        var signedRisk = [Int256](repeating: .zero, count: Constants.maxMarkets)
        for m in 0..<state.marketCount {
            let size = state.position(account, m).size
            if size.isZero { continue }
            let terms = try positionTerms(state, account, m, now: now)
            sumBase = try sumBase.checkedAdd(terms.base)
            sumImpact = try sumImpact.checkedAdd(terms.impact)
            sumRisk = try sumRisk.checkedAdd(terms.risk)
            signedRisk[m] = size.isNegative ? try negate(toInt(terms.risk)) : try toInt(terms.risk)
        }
        var q = Int256.zero
        for i in 0..<state.marketCount where !signedRisk[i].isZero {
            for j in 0..<state.marketCount where !signedRisk[j].isZero {
                q = try add(q, correlationTerm(signedRisk[i], state.correlation[i][j], signedRisk[j]))
            }
        }
        let quadraticVaR = min(sqrtUp(try toUint(max(q, .zero))), sumRisk)
        let nettingFloorVaR = try mulUp(sumRisk, state.globalParams.nettingFloor, Constants.wad)
        let portfolioVaR = max(quadraticVaR, nettingFloorVaR)
        let discount = state.tierDiscount(of: state.account(account), now: now)
        let core = try sumBase.checkedAdd(sumImpact).checkedAdd(portfolioVaR.checkedSub(mulDown(portfolioVaR, discount, Constants.wad)))
        let mm = try mulUp(core, stress, Constants.wad)
        let im = try mulUp(mm, Constants.wad.checkedAdd(state.globalParams.imBuffer), Constants.wad)
        return MarginBreakdown(
            equity: try state.equity(account), collateralValue: try state.collateralValue(account), sumBase: sumBase,
            sumImpact: sumImpact, sumRisk: sumRisk, quadraticVaR: quadraticVaR, nettingFloorVaR: nettingFloorVaR,
            portfolioVaR: portfolioVaR, stressMultiplier: stress, maintenanceMargin: mm, initialMargin: im,
            tierDiscount: discount)
    }

    func isLiquidatable(_ state: EngineState, _ account: Address, now: UInt256) throws -> Bool {
        try state.equity(account) < toInt(marginBreakdown(state, account, now: now).maintenanceMargin)
    }
}
