import ContractIO
import EVMArithmetic
import MarginEngine

/// The second a market's circuit breaker ends: the breaker applies while
/// the time is before `breakerUntil`, not at it, so a fresh post, a trade
/// that opens risk and the margin views at exactly that second are where
/// `<` and `<=` part. A post that moves the price by exactly the
/// threshold trips the breaker first when none is active.
extension CallGenerator {
    mutating func breakerEdgeProbe(_ state: EngineState) -> Scenario.Call? {
        let active = (0..<state.marketCount).filter { state.markets[$0].breakerUntil > now }
        let m = active.isEmpty ? random.int(0...state.marketCount - 1) : random.pick(active)
        let market = state.markets[m]
        let oracle = state.oracle
        var price = market.price
        var first: Scenario.Call?
        let until: UInt256
        if active.isEmpty {
            if now <= market.priceTime { advance(1) }
            // rWad rounds up, so a move of ceil(price * threshold) returns at least the threshold.
            guard let move = try? UInt256.mulDivUp(price, market.params.breakerThreshold, .wad),
                  price &+ move <= Constants.maxPrice else { return nil }
            price = price &+ move
            first = step(oracle, .postPrice(market: Amounts.u(m), price: price, timestamp: now))
            until = max(market.breakerUntil, now &+ market.params.breakerCooldown)
        } else {
            until = market.breakerUntil
        }
        guard let wait = (until &- now).uint64Value, wait <= UInt64(CallGenerator.longestWait) else { return nil }
        let (buyer, seller) = (random.pick(traders), random.pick(keepers))
        if wait > 0 {
            follow(after: Int(wait), with: (oracle, .postPrice(market: Amounts.u(m), price: price, timestamp: until)))
        }
        follow(with: (keepers[0], .marginBreakdown(buyer)))
        follow(with: (state.exchange, .settleTrade(buyer: buyer, seller: seller, market: Amounts.u(m),
                                                   size: Amounts.percent(Constants.pow10(18), 1), price: price)))
        follow(with: (keepers[0], .marginBreakdown(buyer)))
        follow(with: (keepers[0], .marginBreakdown(seller)))
        return first ?? view(state)
    }
}
