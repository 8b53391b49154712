import ContractIO
import EVMArithmetic
import MarginEngine

/// Deleveragings at the edges of their checks, against an account of the
/// side asked for (long when `long`) and counterparties of a few wei
/// opposite it, in one burst:
/// 1. far past the edge, at a whole price: a 1-wei close whose bankruptcy
///    price leaves the range (above MAX_PRICE for a long, at or below zero
///    for a short);
/// 2. once the breaker that move tripped has ended, a fresh 1-wei
///    counterparty opened at that whole price: at a PnL of exactly 0 it is
///    ineligible, one unit of price its way (a PnL of exactly 1 wei) it is
///    not;
/// 3. back at the first price at which the account's deficit exceeds the
///    fund: a 1-wei close that goes through;
/// 4. the account liquidated down to one wei; at the last price where the
///    fund covers its deficit (exactly, unless the fund is empty) the close
///    is refused, and a short's last wei is liquidated with bad debt of
///    all the fund has; a long's is closed at the first price past it: a
///    bankrupt that holds exactly one wei.
extension CallGenerator {
    mutating func deleverageEdge(_ state: EngineState, long wanted: Bool) -> Scenario.Call? {
        func side(_ account: Address) -> (m: Int, long: Bool)? {
            (0..<state.marketCount).first { !state.account(account).positions[$0].size.isZero }
                .map { ($0, !state.account(account).positions[$0].size.isNegative) }
        }
        // An account that this market's price alone can take beyond the fund, of the side asked for if any.
        func reachable(_ account: Address) -> Bool {
            guard let (m, long) = side(account), CallGenerator.deficitBeyondFund(state, account) == false else { return false }
            var moved = state
            let extreme = long ? Constants.minPrice : Constants.maxPrice
            let at = max(now, state.markets[m].priceTime &+ .one)
            guard case .success = moved.execute(.postPrice(market: Amounts.u(m), price: extreme, timestamp: at),
                                                context: CallContext(sender: state.oracle, timestamp: at)) else { return false }
            return CallGenerator.deficitBeyondFund(moved, account) == true
        }
        let candidates = everyone.filter(reachable)
        let preferred = candidates.filter { side($0)?.long == wanted }
        guard !candidates.isEmpty else { return nil }
        let account = random.pick(preferred.isEmpty ? candidates : preferred)
        guard let (m, long) = side(account) else { return nil }
        let flat = traders.filter { $0 != account && state.account($0).positions[m].size.isZero }
        guard let dust = flat.first else { return nil }
        let keeper = random.pick(keepers), market = Amounts.u(m), start = state.markets[m].price
        // A counterparty takes the side opposite the account's, from a keeper.
        func trade(_ counterparty: Address, size: UInt256, price: UInt256) -> EngineCall {
            .trade(counterparty, buys: !long, against: keeper, market: market, size: size, price: price)
        }
        func close(_ counterparty: Address) -> EngineCall {
            .deleverage(bankrupt: account, counterparty: counterparty, market: market, size: .one)
        }
        func beyondFund(by margin: UInt256) -> (EngineState, UInt256) -> Bool? {
            { state, _ in CallGenerator.deficitBeyondFund(state, account, by: margin) }
        }
        // A fresh post of the same price once any breaker has ended: the trades open risk.
        let begin = max(now &+ Amounts.u(ProbeScript.breakerWait(state, m, at: now)), state.markets[m].priceTime &+ .one)
        var script = ProbeScript(state, at: begin)
        guard script.run(state.oracle, .postPrice(market: market, price: start, timestamp: begin)),
              script.run(state.exchange, trade(dust, size: 3, price: start)) else { return nil }

        // 1. A deficit at least 10^9 wei beyond the fund, at a whole price further out: a 1-wei close
        // shifts the bankruptcy price by (remaining + 1) * WAD, past MAX_PRICE (10^26) once the
        // remaining deficit reaches 10^8.
        if let edge = CallGenerator.edgePrice(script.state, account: account, market: m, past: true, at: script.time &+ .one,
                                              crossed: beyondFund(by: Amounts.e(9))),
           let far = CallGenerator.wholePrice(edge, down: long), far != start, script.post(m, far) {
            script.run(keeper, .unrealisedPnl(dust, market: market))
            script.run(keeper, close(dust))
            // 2. A fresh counterparty at a PnL of 0, then of 1 wei.
            if let fresh = flat.dropFirst().first, script.post(m, far, after: max(script.breakerWait(m), 1)),
               script.run(state.exchange, trade(fresh, size: .one, price: far)) {
                script.run(keeper, .unrealisedPnl(fresh, market: market))
                script.run(keeper, close(fresh))
                let next = long ? far &- UInt256.wad : far &+ UInt256.wad
                if next >= UInt256.wad, next <= Constants.maxPrice, script.post(m, next) {
                    script.run(keeper, .unrealisedPnl(fresh, market: market))
                    script.run(keeper, close(fresh))
                }
            }
        }
        // 3. The edge itself, approached from the price before the move.
        guard let edge = CallGenerator.edgePrice(script.state, account: account, market: m, past: true, at: script.time &+ .one,
                                                 safe: start, crossed: beyondFund(by: .zero)),
              script.post(m, edge) else { return play(script) }
        script.run(keeper, .unrealisedPnl(dust, market: market))
        guard script.run(keeper, close(dust)) else { return play(script) }
        script.run(keeper, .adlScore(account, market: market))
        // 4. The account down to one wei, bankrupt again. At equity near 0 a liquidation of all but a
        // wei needs the deep-water rule (deepUnderwaterRatio above 0); without it every liquidator is
        // refused (CloseTooLarge) and the burst ends at step 3.
        let held = script.state.account(account).positions[m].size.magnitude
        guard held > .one else { return play(script) }
        let liquidated = everyone.lazy.filter { $0 != account && $0 != dust }.compactMap { liquidator -> (Address, ProbeScript)? in
            var trial = script
            return trial.run(liquidator, .liquidate(account: account, market: market, size: held &- .one)) ? (liquidator, trial) : nil
        }.first
        guard let (liquidator, afterLiquidation) = liquidated else { return play(script) }
        script = afterLiquidation
        script.run(keeper, .equity(account))
        // The last price at which the fund covers the deficit (on one wei, exactly, unless the fund is
        // empty): the close is refused; a short's last wei is liquidated there instead, its bad debt all
        // the fund has.
        if let covered = CallGenerator.edgePrice(script.state, account: account, market: m, past: false,
                                                 at: script.time &+ .one, crossed: beyondFund(by: .zero)),
           covered != script.state.markets[m].price, script.post(m, covered) {
            script.run(keeper, close(dust))
            if !long {
                script.run(liquidator, .liquidate(account: account, market: market, size: .one))
                script.run(keeper, .insuranceFund)
                return play(script)
            }
        }
        if let last = CallGenerator.edgePrice(script.state, account: account, market: m, past: true, at: script.time &+ .one,
                                              crossed: beyondFund(by: .zero)),
           script.post(m, last) {
            script.run(keeper, close(dust))
            script.run(keeper, .insuranceFund)
        }
        return play(script)
    }

    /// `price` rounded to a whole number of units, down or up; nil outside
    /// the price range.
    static func wholePrice(_ price: UInt256, down: Bool) -> UInt256? {
        guard let remainder = price.quotientAndRemainder(dividingBy: .wad)?.remainder else { return nil }
        let whole = remainder.isZero ? price : (down ? price &- remainder : price &+ (UInt256.wad &- remainder))
        return whole >= UInt256.wad && whole <= Constants.maxPrice ? whole : nil
    }
}
