import ContractIO
import EVMArithmetic
import MarginEngine

/// A liquidator at the size limit: it takes a position of MAX_POSITION_SIZE
/// less one wei on the side an account holds (both it and its counterparty
/// deposit up to the collateral cap), then the account's price edge makes
/// the account liquidatable: liquidating two wei of it takes the liquidator
/// one wei past the limit (PositionTooLarge), one wei exactly to the limit,
/// which is allowed. Trades that size only fit where the price is low: the
/// holdings are tried in increasing order of price, those whose close
/// factor lets a liquidation close two wei.
extension CallGenerator {
    mutating func liquidatorAtSizeLimit(_ state: EngineState) -> Scenario.Call? {
        let holdings = everyone.flatMap { account in
            (0..<state.marketCount).filter { CallGenerator.closeFactorShare(state.account(account).positions[$0].size.magnitude, state) >= 2 }
                .map { (account, $0) }
        }.sorted { state.markets[$0.1].price < state.markets[$1.1].price }
        for (account, m) in holdings.prefix(8) {
            if let script = sizeLimitScript(state, account: account, market: m) { return play(script) }
        }
        return nil
    }

    private func sizeLimitScript(_ state: EngineState, account: Address, market m: Int) -> ProbeScript? {
        let flat = everyone.filter { $0 != account && state.account($0).positions[m].size.isZero }
        guard flat.count >= 2 else { return nil }
        let (liquidator, counterparty) = (flat[0], flat[1])
        let long = !state.account(account).positions[m].size.isNegative
        let market = Amounts.u(m), size = Constants.maxPositionSize &- .one, price = state.markets[m].price
        let start = max(now &+ Amounts.u(ProbeScript.breakerWait(state, m, at: now)), state.markets[m].priceTime &+ .one)
        var script = ProbeScript(state, at: start)
        guard script.run(state.oracle, .postPrice(market: market, price: price, timestamp: start)) else { return nil }
        for holder in [liquidator, counterparty] {
            for a in 0..<state.assetCount {
                let room = Amounts.collateralRoom(script.state, holder, asset: a)
                if !room.isZero { script.run(holder, .deposit(asset: Amounts.u(a), amount: room)) }
            }
        }
        let trade: EngineCall = .trade(liquidator, buys: long, against: counterparty, market: market, size: size, price: price)
        // Then the first price at which the account may be liquidated.
        guard script.run(state.exchange, trade),
              let edge = CallGenerator.edgePrice(script.state, account: account, market: m, past: true, at: script.time &+ .one,
                                                 crossed: { state, time in try? state.isLiquidatable(account, now: time) }),
              script.post(m, edge) else { return nil }
        guard script.raises(liquidator, .liquidate(account: account, market: market, size: 2), "PositionTooLarge"),
              script.run(liquidator, .liquidate(account: account, market: market, size: .one)) else { return nil }
        script.run(liquidator, .position(liquidator, market: market))
        return script
    }
}
