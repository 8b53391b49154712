import ContractIO
import EVMArithmetic
import MarginEngine

/// Calls placed exactly on a limit and one wei (or second) past it,
/// computed from the model's state: guardrail allowances (with minStep and
/// rounding), price band edges, correlation bounds, the collateral cap and
/// the oracle age limit. Probes take the limits in turn; odd ones go past.
extension CallGenerator {
    static let probeKinds = 6

    mutating func boundaryProbe(_ state: EngineState) -> Scenario.Call {
        let m = random.int(0...state.marketCount - 1)
        probeCounter += 1
        let past = probeCounter % 2 == 0
        let onePast: UInt256 = past ? .one : .zero
        switch (probeCounter / 2) % CallGenerator.probeKinds {
        case 0:
            advance(86_400)
            let k = (probeCounter / 12) % ParameterBounds.market.count
            var values = state.markets[m].params.values
            let bounds = ParameterBounds.market[k]
            let allowance = max(EVM.div(values[k], 4), bounds.minStep)
            values[k] = min(values[k] &+ allowance &+ onePast, bounds.hi &+ onePast)
            return step(state.owner, .setMarketParams(market: Amounts.u(m), params: MarketParams(values: values) ?? state.markets[m].params))
        case 1:
            advance(86_400)
            let k = (probeCounter / 12) % ParameterBounds.global.count
            var values = state.globalParams.values
            let bounds = ParameterBounds.global[k]
            let allowance = max(EVM.div(values[k], 4), bounds.minStep)
            let up = values[k] &+ allowance &+ onePast
            values[k] = up <= bounds.hi ? up : (values[k] > allowance &+ onePast ? values[k] &- allowance &- onePast : bounds.lo)
            return step(state.owner, .setGlobalParams(GlobalParams(values: values) ?? state.globalParams))
        case 2:
            let oracle = state.markets[m].price
            let band = (try? UInt256.mulDiv(oracle, state.globalParams.priceBand, .wad)) ?? .zero
            let edge = band &+ onePast
            let price = random.chance(50) ? oracle &+ edge : (oracle > edge ? oracle &- edge : Constants.minPrice)
            let (buyer, seller) = pair()
            return step(state.exchange, .settleTrade(buyer: buyer, seller: seller, market: Amounts.u(m), size: Constants.pow10(15), price: price))
        case 3:
            guard state.marketCount > 1 else { return view(state) }
            let other = (m + 1) % state.marketCount
            let wad = Int256(bitPattern: .wad)
            let rho = random.chance(50) ? (past ? wad &+ .one : wad) : (past ? wad.wrappingNegation &- .one : wad.wrappingNegation)
            advance(86_400)
            return step(random.chance(90) ? state.owner : random.pick(traders),
                        .setCorrelation(marketA: Amounts.u(m), marketB: Amounts.u(other), correlation: rho))
        case 4:
            // A deposit that fills the balance exactly to MAX_COLLATERAL (scaled to 18 decimals), or one unit past.
            let account = random.pick(everyone)
            let a = random.int(0...state.assetCount - 1)
            let capInUnits = EVM.div(Constants.maxCollateral, state.assets[a].scale)
            let balance = state.account(account).collateral[a]
            let amount = capInUnits > balance ? capInUnits &- balance &+ onePast : .one
            return step(account, .deposit(asset: Amounts.u(a), amount: amount))
        default:
            // A trade exactly maxOracleAge seconds after the price's observation, or one second later.
            let edge = state.markets[m].priceTime &+ state.globalParams.maxOracleAge &+ onePast
            if edge > now, let wait = (edge &- now).uint64Value, wait <= 3_000_000 { advance(Int(wait)) }
            let (buyer, seller) = pair()
            return step(state.exchange, .settleTrade(buyer: buyer, seller: seller, market: Amounts.u(m),
                                                     size: Constants.pow10(15), price: state.markets[m].price))
        }
    }

    /// Two different traders.
    private mutating func pair() -> (Address, Address) {
        let buyer = random.pick(traders)
        return (buyer, traders[(traders.firstIndex(of: buyer)! + 1) % traders.count])
    }
}
