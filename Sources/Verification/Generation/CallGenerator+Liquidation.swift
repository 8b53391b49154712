import ContractIO
import EVMArithmetic
import MarginEngine

/// Liquidations and deleveragings aimed with the model's margin
/// functions, and the price moves that make accounts qualify.
extension CallGenerator {
    /// A price move against the open position closest to its maintenance
    /// margin, sized with the model's margin to take it just below MM or,
    /// with a larger factor, into bad debt; nil without open positions.
    mutating func pushTowardLiquidation(_ state: EngineState, intoBadDebt: Bool = false) -> Scenario.Call? {
        var closest: (account: Address, market: Int, excess: UInt256, notional: UInt256)?
        for account in everyone where state.hasOpenPositionIn(account) {
            guard let e = try? state.equity(account), let mm = try? state.maintenanceMargin(account, now: now) else { continue }
            let excess = e.isNegative ? UInt256.zero : (e.magnitude > mm ? e.magnitude &- mm : .zero)
            var largest: (Int, UInt256)?
            for m in 0..<state.marketCount {
                let size = state.account(account).positions[m].size
                guard !size.isZero, let n = try? UInt256.mulDiv(size.magnitude, state.markets[m].price, .wad) else { continue }
                if largest == nil || n > largest!.1 { largest = (m, n) }
            }
            guard let (m, n) = largest, !n.isZero else { continue }
            if closest == nil || excess < closest!.excess { closest = (account, m, excess, n) }
        }
        guard let target = closest else { return nil }
        let old = state.markets[target.market].price
        // The adverse move in WAD that eats `factor` times the excess margin.
        let factor = Amounts.u(intoBadDebt ? [30, 60, 100][random.int(0...2)] : [11, 15, 30, 60][random.weighted([4, 3, 2, 1])])
        var fraction = (try? UInt256.mulDiv(target.excess &* factor, .wad, target.notional &* 10)) ?? .wad
        fraction = max(fraction, Amounts.fraction(1, 3))
        let long = !state.account(target.account).positions[target.market].size.isNegative
        if long { fraction = min(fraction, Amounts.fraction(95, 2)) }
        let move = (try? UInt256.mulDiv(old, fraction, .wad)) ?? old
        let price = min(max(long ? old &- move : old &+ move, Constants.minPrice), Constants.maxPrice)
        let last = state.markets[target.market].priceTime
        let observed = now > last ? now : last &+ .one
        if observed > now { advance(1) }
        return step(state.oracle, .postPrice(market: Amounts.u(target.market), price: price, timestamp: observed))
    }

    mutating func liquidate(_ state: EngineState) -> Scenario.Call {
        let liquidator = random.chance(70) ? random.pick(keepers) : random.pick(everyone)
        let candidates = everyone.filter { $0 != liquidator && (try? state.isLiquidatable($0, now: now)) == true && state.hasOpenPositionIn($0) }
        if candidates.isEmpty && random.chance(60), let push = pushTowardLiquidation(state) { return push }
        let holders = everyone.filter { $0 != liquidator && state.hasOpenPositionIn($0) }
        let account = !candidates.isEmpty && !random.chance(5) ? random.pick(candidates)
            : (!holders.isEmpty && !random.chance(10) ? random.pick(holders) : random.pick(everyone))
        let open = (0..<state.marketCount).filter { !state.account(account).positions[$0].size.isZero }
        let m = open.isEmpty ? random.int(0...state.marketCount - 1) : random.pick(open)
        let size = state.account(account).positions[m].size.magnitude
        let maxClose = CallGenerator.closeFactorShare(size, state)
        var amount: UInt256
        switch random.int(0...19) {
        case 0, 1, 2: amount = size                                                // all: only deeply underwater
        case 3, 4: amount = maxClose &+ .one                                       // just beyond the close factor
        case 5: amount = maxClose &+ Amounts.percent(size > maxClose ? size &- maxClose : .zero, random.int(1...100))
        case 6...11: amount = maxClose
        default: amount = Amounts.percent(maxClose, random.int(1...100))
        }
        return step(liquidator, .liquidate(account: account, market: Amounts.u(m), size: max(amount, .one)))
    }

    /// The most of a position of `size` a liquidation may close outside
    /// deep water (liquidate step 7): ceil(size * closeFactor).
    static func closeFactorShare(_ size: UInt256, _ state: EngineState) -> UInt256 {
        (try? UInt256.mulDivUp(size, state.globalParams.closeFactor, .wad)) ?? size
    }

    /// Whether the account's deficit exceeds the insurance fund (by more
    /// than `margin`), so that it may be deleveraged (deleverage steps 6
    /// and 7); nil when its equity cannot be computed.
    static func deficitBeyondFund(_ state: EngineState, _ account: Address, by margin: UInt256 = .zero) -> Bool? {
        (try? state.equity(account)).map { $0.isNegative && $0.magnitude > state.insuranceFund &+ margin }
    }

    mutating func deleverage(_ state: EngineState) -> Scenario.Call {
        let bankrupts = everyone.filter { CallGenerator.deficitBeyondFund(state, $0) == true && state.hasOpenPositionIn($0) }
        if bankrupts.isEmpty && random.chance(60), let push = pushTowardLiquidation(state, intoBadDebt: true) { return push }
        let bankrupt = bankrupts.isEmpty || random.chance(5) ? random.pick(everyone) : random.pick(bankrupts)
        let open = (0..<state.marketCount).filter { !state.account(bankrupt).positions[$0].size.isZero }
        let m = open.isEmpty ? random.int(0...state.marketCount - 1) : random.pick(open)
        let s = state.account(bankrupt).positions[m].size
        // The keeper ranks opposite, profitable positions by adlScore.
        var best: (Address, Int256)?
        for c in everyone where c != bankrupt {
            let cs = state.account(c).positions[m].size
            guard !cs.isZero, cs.isNegative != s.isNegative, let score = try? state.adlScore(c, m) else { continue }
            if best == nil || score > best!.1 { best = (c, score) }
        }
        let counterparty = best == nil || random.chance(5) ? random.pick(everyone) : best!.0
        let available = min(s.magnitude, state.account(counterparty).positions[m].size.magnitude)
        var size = random.chance(60) ? available : Amounts.percent(available, random.int(1...100))
        if random.chance(5) { size = s.magnitude &+ .one }
        return step(random.pick(keepers), .deleverage(bankrupt: bankrupt, counterparty: counterparty, market: Amounts.u(m),
                                                      size: max(size, .one)))
    }
}
