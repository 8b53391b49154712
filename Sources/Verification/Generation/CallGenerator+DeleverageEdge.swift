import ContractIO
import EVMArithmetic
import MarginEngine

/// A deleveraging against a counterparty at the edge of eligibility: a
/// 1-wei position taken opposite an account, then the first price at
/// which the account's deficit exceeds the insurance fund (so it may be
/// deleveraged), and a deleveraging of that one wei. The counterparty is
/// eligible, its profit a wei for every unit of price the move took; its
/// side and size are where comparisons of a size with zero part from
/// comparisons with one. (A counterparty at exactly zero PnL cannot be
/// opened there: the move trips the breaker, which refuses new risk.)
extension CallGenerator {
    mutating func deleverageEdge(_ state: EngineState) -> Scenario.Call? {
        let holders = everyone.filter { state.hasOpenPositionIn($0) }
        guard !holders.isEmpty else { return nil }
        let account = random.pick(holders)
        guard let m = (0..<state.marketCount).first(where: { !state.account(account).positions[$0].size.isZero }) else { return nil }
        let flat = traders.filter { $0 != account && state.account($0).positions[m].size.isZero }
        guard let dust = flat.first else { return nil }
        let keeper = random.pick(keepers), market = Amounts.u(m)
        let long = !state.account(account).positions[m].size.isNegative
        let price = state.markets[m].price
        let dustTrade: EngineCall = long ? .settleTrade(buyer: keeper, seller: dust, market: market, size: .one, price: price)
                                         : .settleTrade(buyer: dust, seller: keeper, market: market, size: .one, price: price)
        if now <= state.markets[m].priceTime { advance(1) }
        var traded = state
        guard case .success = traded.execute(dustTrade, context: CallContext(sender: state.exchange, timestamp: now)),
              let post = priceEdge(traded, account: account, market: m, past: true,
                                   crossed: { state, _ in CallGenerator.deficitBeyondFund(state, account) })
        else { return nil }
        follow(with: (post.from, post.call))
        follow(with: (keeper, .unrealisedPnl(dust, market: market)))
        follow(with: (keeper, .deleverage(bankrupt: account, counterparty: dust, market: market, size: .one)))
        follow(with: (keeper, .adlScore(account, market: market)))
        return step(state.exchange, dustTrade)
    }
}
