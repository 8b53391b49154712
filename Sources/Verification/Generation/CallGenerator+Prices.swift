import ContractIO
import EVMArithmetic
import MarginEngine

/// Oracle posts: random walks in basis points with jumps that trip
/// breakers and crashes that create bad debt, odd wei and one-second
/// observations where rounding shows, and the refreshes that keep prices
/// fresh enough for the calls that need them.
extension CallGenerator {
    /// A post for the first market (or, before a withdrawal, asset) whose
    /// price is older than half the freshness limit; nil when all are fresh
    /// enough or the oracle already posted three times for this action.
    mutating func stalePriceRefresh(_ state: EngineState, forWithdrawal: Bool) -> Scenario.Call? {
        guard refreshCount < 3 else { return nil }
        let half = state.globalParams.maxOracleAge.shiftedRight(by: 1)
        for m in 0..<state.marketCount where now > state.markets[m].priceTime && now >= state.markets[m].priceTime &+ half {
            return postPrice(state, market: m, jumps: false)
        }
        guard forWithdrawal else { return nil }
        for a in 0..<state.assetCount where now > state.assets[a].priceTime && now >= state.assets[a].priceTime &+ half {
            return postAssetPrice(state, asset: a)
        }
        return nil
    }

    mutating func postPrice(_ state: EngineState, market m: Int, jumps: Bool) -> Scenario.Call {
        let old = state.markets[m].price
        var price: UInt256
        switch jumps ? random.int(0...99) : 99 {
        case 0...3:   // crash or spike: creates bad debt
            price = random.chance(60) ? Amounts.percent(old, random.int(10...50)) : Amounts.percent(old, random.int(200...400))
        case 4...13:  // a jump that trips breakers
            let move = Amounts.percent(old, random.int(10...40))
            price = random.chance(50) ? old &+ move : old &- move
        default:      // random walk, in basis points
            let move = Amounts.basisPoints(old, random.int(0...150))
            price = random.chance(50) ? old &+ move : old &- move
        }
        // Odd wei now and then, so rounding of returns and bands shows.
        if random.chance(30) { price = price &+ Amounts.u(random.int(1...9)) }
        price = min(max(price, Constants.minPrice), Constants.maxPrice)
        let latency = Amounts.u(random.int(0...5))
        let last = state.markets[m].priceTime
        var observed = now > last &+ latency ? now &- latency : now
        // Sometimes the observation right after the last one (dt = 1): the
        // EWMA sample's rounding matters most there.
        if random.chance(20), last &+ .one <= now { observed = last &+ .one }
        return step(state.oracle, .postPrice(market: Amounts.u(m), price: price, timestamp: observed))
    }

    mutating func postAssetPrice(_ state: EngineState, asset a: Int) -> Scenario.Call {
        let old = state.assets[a].price
        let move = Amounts.basisPoints(old, random.chance(5) ? random.int(500...5000) : random.int(0...50))
        let price = max(random.chance(50) ? min(old &+ move, Constants.maxPrice) : old &- move, Constants.minPrice)
        return step(state.oracle, .postAssetPrice(asset: Amounts.u(a), price: price, timestamp: now))
    }
}
