// Copies of single operations of the model with one planted bug each, as
// MarginSystems: the campaign must find and shrink every one. Each copy is
// the model's code with the bug marked `// BUG:`; everything else runs the
// model unchanged.
import EVMArithmetic
@testable import MarginEngine
import Verification

/// Runs `body` on a copy of the state as Engine.execute does: the copy is
/// kept on success, dropped on a revert. The copies below throw the model's
/// `Revert` (from its require helpers), or a bare `EngineError` or
/// `ArithmeticFailure` where they inline the model's steps.
func atomically(_ state: inout EngineState,
                _ body: (inout EngineState, inout EventLog) throws -> Void) -> CallOutcome {
    var next = state
    var log = EventLog()
    do {
        try body(&next, &log)
        state = next
        return .success(returns: [], events: log.events)
    } catch let revert as Revert {
        return .revert(revert)
    } catch let error as EngineError {
        return .revert(.error(error))
    } catch let failure as ArithmeticFailure {
        return .revert(.arithmetic(failure))
    } catch {
        preconditionFailure("a planted bug threw \(error), which is no revert of the contract")
    }
}

/// liquidate without the close factor: any size up to the whole position.
struct LiquidationIgnoresCloseFactor: MarginSystem {
    var name: String { "liquidation ignores the close factor" }

    func execute(_ state: inout EngineState, _ call: EngineCall, _ context: CallContext) -> CallOutcome {
        guard case let .liquidate(account, market, size) = call else { return state.execute(call, context: context) }
        return atomically(&state) { s, events in
            try s.liquidateIgnoringCloseFactor(account: account, market: market, size: size, context: context, events: &events)
        }
    }
}

/// withdraw that checks maintenance instead of initial margin.
struct WithdrawChecksMaintenance: MarginSystem {
    var name: String { "withdraw checks MM instead of IM" }

    func execute(_ state: inout EngineState, _ call: EngineCall, _ context: CallContext) -> CallOutcome {
        guard case let .withdraw(asset, amount) = call else { return state.execute(call, context: context) }
        return atomically(&state) { s, events in
            let sender = context.sender, now = context.timestamp
            let a = try s.requireAsset(asset)
            if amount.isZero { throw EngineError.zeroAmount }
            let balance = s.account(sender).collateral[a]
            if amount > balance { throw EngineError.insufficientBalance(asset: asset, balance: balance, amount: amount) }
            let newBalance = try balance.checkedSub(amount)
            s.updateAccount(sender) { $0.collateral[a] = newBalance }
            if s.hasOpenPosition(sender) || s.account(sender).cash.isNegative {
                for m in 0..<s.marketCount where !s.position(sender, m).size.isZero { try s.requireFresh(m, now: now) }
                let balances = s.account(sender).collateral
                for k in 0..<s.assetCount where !balances[k].isZero { try s.requireFreshAsset(k, now: now) }
            }
            // BUG: maintenance margin where the Spec requires initial margin.
            let e = try s.equity(sender)
            let mm = try s.maintenanceMargin(sender, now: now)
            if e < (try toInt(mm)) { throw EngineError.insufficientMargin(account: sender, equity: e, required: mm) }
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
        return atomically(&state) { s, events in
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
        return atomically(&state) { s, events in
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
        return atomically(&state) { s, events in
            try s.requireRole(s.owner, context)
            var changed: [Bool] = []
            for (k, value) in params.values.enumerated() {
                let id = ParameterID.global(k), bounds = ParameterBounds.global[k], current = s.globalParams.values[k]
                if !bounds.contains(value) { throw EngineError.parameterOutOfBounds(param: id, value: value) }
                if value == current { changed.append(false); continue }
                // BUG: no cooldown check.
                let allowed = max(try mulDown(current, Constants.guardrailMaxChange, Constants.wad), bounds.minStep)
                let diff = value > current ? value &- current : current &- value
                if diff > allowed { throw EngineError.guardrailExceeded(param: id, current: current, requested: value) }
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
                                               context: CallContext, events: inout EventLog) throws {
        let liquidator = context.sender, now = context.timestamp, wad = Constants.wad
        let m = try requireMarket(market)
        if account == liquidator { throw EngineError.selfTrade(account: account) }
        let s = position(account, m).size
        if s.isZero { throw EngineError.noPosition(account: account, market: market) }
        if size.isZero { throw EngineError.invalidSize(size: size) }
        try requireFresh(m, now: now)
        let e = try equity(account)
        let mm = try maintenanceMargin(account, now: now)
        if e >= (try toInt(mm)) { throw EngineError.notLiquidatable(account: account, equity: e, maintenanceMargin: mm) }
        // BUG: the close factor is ignored; any size up to the position goes.
        let maxClose = try abs(s)
        if size > maxClose { throw EngineError.closeTooLarge(size: size, maxSize: maxClose) }
        let p = markets[m].price
        let d = s.isNegative ? try negate(toInt(size)) : try toInt(size)
        let liquidatorOld = position(liquidator, m).size
        let liquidatorNew = try add(liquidatorOld, d)
        if try abs(liquidatorNew) > Constants.maxPositionSize {
            throw EngineError.positionTooLarge(account: liquidator, market: market, size: liquidatorNew)
        }
        let liquidatorRI = try isRiskIncreasing(liquidatorOld, liquidatorNew)
        let accountFill = try applyFill(account, m, negate(d), p)
        let liquidatorFill = try applyFill(liquidator, m, d, p)
        insuranceFund = try insuranceFund.checkedAdd(toUint(add(accountFill.cost, liquidatorFill.cost)))
        let eAfter = try equity(account)
        var penalty = try mulUp(mulUp(size, p, wad), globalParams.penaltyRatio, wad)
        penalty = eAfter <= .zero ? .zero : min(penalty, try toUint(eAfter))
        let reward = try mulDown(penalty, globalParams.liquidatorShare, wad)
        let accountCash = try sub(self.account(account).cash, toInt(penalty))
        updateAccount(account) { $0.cash = accountCash }
        let liquidatorCash = try add(self.account(liquidator).cash, toInt(reward))
        updateAccount(liquidator) { $0.cash = liquidatorCash }
        insuranceFund = try insuranceFund.checkedAdd(penalty.checkedSub(reward))
        var covered = UInt256.zero
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
        try requireMargin(liquidator, riskIncreasing: liquidatorRI, now: now)
        events.emit(.liquidation(account: account, liquidator: liquidator, market: market, size: size,
                                 price: p, penalty: penalty, liquidatorReward: reward, badDebtCovered: covered))
    }

    /// Spec/operations/settleTrade.md with two switches for planted bugs.
    mutating func settleTradeCopy(buyer: Address, seller: Address, market: UInt256, size: UInt256, price: UInt256,
                                  context: CallContext, events: inout EventLog, checkBreaker: Bool, creditFees: Bool) throws {
        let now = context.timestamp
        try requireRole(exchange, context)
        let m = try requireMarket(market)
        if buyer == seller { throw EngineError.selfTrade(account: buyer) }
        if size.isZero || size > Constants.maxPositionSize { throw EngineError.invalidSize(size: size) }
        try requirePriceInBounds(price)
        let oraclePrice = markets[m].price
        let band = try mulDown(oraclePrice, globalParams.priceBand, Constants.wad)
        let deviation = price >= oraclePrice ? try price.checkedSub(oraclePrice) : try oraclePrice.checkedSub(price)
        if deviation > band { throw EngineError.priceOutOfBand(market: market, price: price, oraclePrice: oraclePrice) }
        let d = try toInt(size)
        let buyerOld = position(buyer, m).size
        let buyerNew = try add(buyerOld, d)
        if try abs(buyerNew) > Constants.maxPositionSize {
            throw EngineError.positionTooLarge(account: buyer, market: market, size: buyerNew)
        }
        let sellerOld = position(seller, m).size
        let sellerNew = try sub(sellerOld, d)
        if try abs(sellerNew) > Constants.maxPositionSize {
            throw EngineError.positionTooLarge(account: seller, market: market, size: sellerNew)
        }
        let buyerRI = try isRiskIncreasing(buyerOld, buyerNew)
        let sellerRI = try isRiskIncreasing(sellerOld, sellerNew)
        if buyerRI || sellerRI {
            try requireFresh(m, now: now)
            // BUG (checkBreaker == false): a risk-increasing trade during an active breaker.
            if checkBreaker && now < markets[m].breakerUntil {
                throw EngineError.breakerActive(market: market, until: markets[m].breakerUntil)
            }
        }
        let buyerFill = try applyFill(buyer, m, d, price)
        let sellerFill = try applyFill(seller, m, negate(d), price)
        let fee = try mulUp(mulUp(size, price, Constants.wad), globalParams.feeRatio, Constants.wad)
        let buyerCash = try sub(account(buyer).cash, toInt(fee))
        updateAccount(buyer) { $0.cash = buyerCash }
        let sellerCash = try sub(account(seller).cash, toInt(fee))
        updateAccount(seller) { $0.cash = sellerCash }
        insuranceFund = try insuranceFund.checkedAdd(toUint(add(buyerFill.cost, sellerFill.cost)))
        // BUG (creditFees == false): the fees leave the accounts but never reach the fund.
        if creditFees {
            insuranceFund = try insuranceFund.checkedAdd(fee)
            insuranceFund = try insuranceFund.checkedAdd(fee)
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
        terms.impact = try mulUp(mulUp(n, params.impactCoefficient, Constants.wad), n, params.liquidityDepth)
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
        let core = try sumBase.checkedAdd(sumImpact).checkedAdd(portfolioVaR)
        let mm = try mulUp(core, stress, Constants.wad)
        let im = try mulUp(mm, Constants.wad.checkedAdd(state.globalParams.imBuffer), Constants.wad)
        return MarginBreakdown(
            equity: try state.equity(account), collateralValue: try state.collateralValue(account), sumBase: sumBase,
            sumImpact: sumImpact, sumRisk: sumRisk, quadraticVaR: quadraticVaR, nettingFloorVaR: nettingFloorVaR,
            portfolioVaR: portfolioVaR, stressMultiplier: stress, maintenanceMargin: mm, initialMargin: im)
    }

    func isLiquidatable(_ state: EngineState, _ account: Address, now: UInt256) throws -> Bool {
        try state.equity(account) < toInt(marginBreakdown(state, account, now: now).maintenanceMargin)
    }
}
