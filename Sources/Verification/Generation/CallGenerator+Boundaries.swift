import ContractIO
import EVMArithmetic
import MarginEngine

/// Calls placed exactly on a limit and one wei (or second) past it,
/// computed from the model's state: guardrail allowances (with minStep and
/// rounding), price band edges, correlation bounds, the collateral cap, the
/// oracle age limit, the maintenance margin itself, the bounds of a
/// listing (CallGenerator+ListingBounds) and of the global parameters
/// (CallGenerator+GlobalWalk). Probes take the
/// limits in turn; odd ones go past.
extension CallGenerator {
    static let probeKinds = 9

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
        case 5:
            return maintenanceMarginEdge(state, past: past) ?? view(state)
        case 6:
            return listingBoundsProbe(state) ?? view(state)
        case 7:
            return globalWalkProbe(state) ?? view(state)
        default:
            // A trade exactly maxOracleAge seconds after the price's observation, or one second later.
            let edge = state.markets[m].priceTime &+ state.globalParams.maxOracleAge &+ onePast
            if edge > now, let wait = (edge &- now).uint64Value, wait <= 3_000_000 { advance(Int(wait)) }
            let (buyer, seller) = pair()
            return step(state.exchange, .settleTrade(buyer: buyer, seller: seller, market: Amounts.u(m),
                                                     size: Constants.pow10(15), price: state.markets[m].price))
        }
    }

    /// The oracle price at which an open position's account turns
    /// liquidatable, found by bisection on the model (the post itself moves
    /// the variance and may trip the breaker, so each probe price is posted
    /// on a copy of the state): the last price at which equity >= MM, or the
    /// first below it when `past`. A liquidation of the account follows at
    /// the same time. nil without open positions or a flip in range.
    mutating func maintenanceMarginEdge(_ state: EngineState, past: Bool) -> Scenario.Call? {
        let holders = everyone.filter { state.hasOpenPositionIn($0) }
        guard !holders.isEmpty else { return nil }
        let account = random.pick(holders)
        guard let m = (0..<state.marketCount).first(where: { !state.account(account).positions[$0].size.isZero }) else { return nil }
        if now <= state.markets[m].priceTime { advance(1) }
        let at = now, oracle = state.oracle
        let long = !state.account(account).positions[m].size.isNegative
        func liquidatable(_ price: UInt256) -> Bool? {
            var copy = state
            guard case .success = copy.execute(.postPrice(market: Amounts.u(m), price: price, timestamp: at),
                                               context: CallContext(sender: oracle, timestamp: at)) else { return nil }
            return try? copy.isLiquidatable(account, now: at)
        }
        // safe: not liquidatable; unsafe: liquidatable; the move goes against the position.
        var safe = state.markets[m].price
        var unsafe = long ? Constants.minPrice : Constants.maxPrice
        guard liquidatable(safe) == false, liquidatable(unsafe) == true else { return nil }
        for _ in 0..<256 {
            let gap = safe > unsafe ? safe &- unsafe : unsafe &- safe
            guard gap > .one else { break }
            let mid = safe > unsafe ? unsafe &+ gap.shiftedRight(by: 1) : safe &+ gap.shiftedRight(by: 1)
            switch liquidatable(mid) {
            case true?: unsafe = mid
            case false?: safe = mid
            case nil: return nil
            }
        }
        let size = state.account(account).positions[m].size.magnitude
        let maxClose = (try? UInt256.mulDivUp(size, state.globalParams.closeFactor, .wad)) ?? size
        follow(with: (random.pick(keepers), .liquidate(account: account, market: Amounts.u(m), size: max(maxClose, .one))))
        return step(oracle, .postPrice(market: Amounts.u(m), price: past ? unsafe : safe, timestamp: at))
    }

    /// Two different traders.
    private mutating func pair() -> (Address, Address) {
        let buyer = random.pick(traders)
        return (buyer, traders[(traders.firstIndex(of: buyer)! + 1) % traders.count])
    }
}
