import ContractIO
import EVMArithmetic
import MarginEngine

/// Parameter changes within and beyond the guardrails, correlations and
/// asset weights, and role rotations.
extension CallGenerator {
    mutating func changeParameters(_ state: EngineState) -> Scenario.Call {
        if random.chance(50) { advance(86_400) }
        switch random.int(0...3) {
        case 0:
            let m = random.int(0...state.marketCount - 1)
            var values = state.markets[m].params.values
            for k in 0..<values.count where random.chance(30) { values[k] = nudge(values[k], ParameterBounds.market[k]) }
            return step(state.owner, .setMarketParams(market: Amounts.u(m), params: MarketParams(values: values)!))
        case 1:
            var values = state.globalParams.values
            for k in 0..<values.count where random.chance(20) { values[k] = nudge(values[k], ParameterBounds.global[k]) }
            return step(state.owner, .setGlobalParams(GlobalParams(values: values)!))
        case 2 where state.marketCount > 1:
            let a = random.int(0...state.marketCount - 1), b = (a + 1) % state.marketCount
            let current = state.correlation[a][b]
            var next = (try? current.checkedAdd(Amounts.percentWad(random.int(-30...30)))) ?? current
            if random.chance(10) { next = Amounts.percentWad(random.pick([-101, 101])) }
            return step(state.owner, .setCorrelation(marketA: Amounts.u(a), marketB: Amounts.u(b), correlation: next))
        default:
            let a = random.int(0...state.assetCount - 1)
            return step(state.owner, .setAssetWeight(asset: Amounts.u(a), weight: nudge(state.assets[a].weight, .assetWeight)))
        }
    }

    /// A new value near `value`: within the 25 % guardrail mostly, beyond
    /// it or out of bounds sometimes.
    mutating func nudge(_ value: UInt256, _ bounds: ParameterBounds) -> UInt256 {
        if random.chance(5) { return bounds.hi &+ .one }
        let quarter = Amounts.percent(value, random.int(0...(random.chance(15) ? 60 : 25)))
        let step = max(quarter, random.chance(50) ? bounds.minStep : .zero)
        if random.chance(50) { return value &+ step }
        return value > step ? value &- step : bounds.lo
    }

    mutating func setRoles(_ state: EngineState) -> Scenario.Call {
        let oracle = state.oracle == Actors.oracle ? Actors.otherOracle : Actors.oracle
        let exchange = random.chance(50) ? state.exchange : (state.exchange == Actors.exchange ? Actors.otherExchange : Actors.exchange)
        switch random.int(0...9) {
        case 0: return step(random.pick(everyone), .setRoles(oracle: oracle, exchange: exchange))          // not the owner
        case 1: return step(state.owner, .setRoles(oracle: .zero, exchange: exchange))                      // ZeroAddress
        default: return step(state.owner, .setRoles(oracle: oracle, exchange: exchange))
        }
    }
}
