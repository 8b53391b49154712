import ContractIO
import EVMArithmetic
import MarginEngine

/// Calls placed exactly on a limit and one wei (or second) past it,
/// computed from the model's state: guardrail allowances (with minStep and
/// rounding), price band edges, correlation bounds, the collateral cap, the
/// oracle age limit, the maintenance margin, deep water and zero equity,
/// the bounds of a listing (CallGenerator+ListingBounds), of the global
/// parameters (CallGenerator+GlobalWalk) and of an asset's weight
/// (CallGenerator+AssetWeightWalk), 1-wei positions (CallGenerator+Dust),
/// a correlation's allowance and cooldown (CallGenerator+CorrelationSteps),
/// the end of a breaker (CallGenerator+BreakerEdge) and a deleveraging's
/// counterparty (CallGenerator+DeleverageEdge). Probes take the limits in
/// turn; odd ones go past.
extension CallGenerator {
    static let probeKinds = 16

    /// A scenario of 500 calls makes about 25 probes, not enough for every
    /// kind twice: consecutive seeds start a quarter of the kinds apart, so
    /// each kind comes early in some of them.
    static func firstProbe(seed: UInt64) -> Int {
        2 * Int(truncatingIfNeeded: ((seed &- 1) &* 4) % UInt64(probeKinds))
    }

    mutating func boundaryProbe(_ state: EngineState) -> Scenario.Call {
        // A scenario makes its two global walks at its 4th and 8th probes, whatever kind its
        // rotation starts at: firstGlobalWalk's schedule over seeds counts on both.
        probesMade += 1
        if inspects, globalWalkProbes < 2, probesMade == 4 * (globalWalkProbes + 1), let walk = globalWalkProbe(state) {
            return walk
        }
        let m = random.int(0...state.marketCount - 1)
        probeCounter += 1
        let past = probeCounter % 2 == 0
        let onePast: UInt256 = past ? .one : .zero
        switch (probeCounter / 2) % CallGenerator.probeKinds {
        case 0:
            advance(86_400)
            let k = (probeCounter / 12) % ParameterBounds.market.count
            let bounds = ParameterBounds.market[k]
            func change(_ values: [UInt256]) -> EngineCall {
                .setMarketParams(market: Amounts.u(m), params: MarketParams(values: values) ?? state.markets[m].params)
            }
            func probe(_ from: [UInt256]) -> [UInt256] {
                var values = from
                let allowance = max(EVM.div(values[k], 4), bounds.minStep)
                values[k] = min(values[k] &+ allowance &+ onePast, bounds.hi &+ onePast)
                return values
            }
            let values = state.markets[m].params.values
            guard past, let odd = oddFirst(values, k, bounds) else { return step(state.owner, change(probe(values))) }
            follow(after: Int(Constants.guardrailCooldown.w0), with: (state.owner, change(probe(odd))))
            return step(state.owner, change(odd))
        case 1:
            advance(86_400)
            let k = (probeCounter / 12) % ParameterBounds.global.count
            let bounds = ParameterBounds.global[k]
            func change(_ values: [UInt256]) -> EngineCall { .setGlobalParams(GlobalParams(values: values) ?? state.globalParams) }
            func probe(_ from: [UInt256]) -> [UInt256] {
                var values = from
                let allowance = max(EVM.div(values[k], 4), bounds.minStep)
                let up = values[k] &+ allowance &+ onePast
                values[k] = up <= bounds.hi ? up : (values[k] > allowance &+ onePast ? values[k] &- allowance &- onePast : bounds.lo)
                return values
            }
            let values = state.globalParams.values
            guard past, let odd = oddFirst(values, k, bounds) else { return step(state.owner, change(probe(values))) }
            follow(after: Int(Constants.guardrailCooldown.w0), with: (state.owner, change(probe(odd))))
            return step(state.owner, change(odd))
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
            let room = Amounts.collateralRoom(state, account, asset: a)
            let amount = room.isZero ? .one : room &+ onePast
            return step(account, .deposit(asset: Amounts.u(a), amount: amount))
        case 5:
            return maintenanceMarginEdge(state, past: past) ?? view(state)
        case 6:
            return listingBoundsProbe(state) ?? view(state)
        case 7:
            return globalWalkProbe(state) ?? view(state)
        case 8:
            return dustProbe(state, strained: past) ?? view(state)
        case 9:
            return correlationStepProbe(state) ?? view(state)
        case 10:
            return breakerEdgeProbe(state) ?? view(state)
        case 11:
            return zeroEquityEdge(state, past: past) ?? view(state)
        case 12:
            return assetWeightWalk(state) ?? view(state)
        case 13:
            return deleverageEdge(state, long: past) ?? view(state)
        case 14:
            return maintenanceMarginEdge(state, past: past, deep: true) ?? view(state)
        default:
            if random.chance(50) { return assetAgeEdge(state, past: past) }
            // A trade exactly maxOracleAge seconds after the price's observation, or one second later.
            let edge = state.markets[m].priceTime &+ state.globalParams.maxOracleAge &+ onePast
            if edge > now, let wait = (edge &- now).uint64Value, wait <= UInt64(CallGenerator.longestWait) { advance(Int(wait)) }
            let (buyer, seller) = pair()
            return step(state.exchange, .settleTrade(buyer: buyer, seller: seller, market: Amounts.u(m),
                                                     size: Constants.pow10(15), price: state.markets[m].price))
        }
    }

    /// The oracle price at which an open position's account turns
    /// liquidatable (the last price at which equity >= MM, or the first
    /// below it when `past`), or, when `deep`, deeply underwater (equity
    /// below MM times deepUnderwaterRatio, where a liquidation may close
    /// the whole position), then a liquidation of the account at the same
    /// time: of the close factor's share, or, when `deep`, of the whole
    /// position. The account's smallest position moves, so the edge is
    /// exact. nil without open positions or a flip in range.
    mutating func maintenanceMarginEdge(_ state: EngineState, past: Bool, deep: Bool = false, of holder: Address? = nil) -> Scenario.Call? {
        let ratio = state.globalParams.deepUnderwaterRatio
        guard let (account, m) = holderAndSmallestPosition(state, holder),
              let post = priceEdge(state, account: account, market: m, past: past, crossed: { state, now in
                  guard deep else { return try? state.isLiquidatable(account, now: now) }
                  guard let e = try? state.equity(account), let mm = try? state.maintenanceMargin(account, now: now),
                        let threshold = try? UInt256.mulDivUp(mm, ratio, .wad) else { return nil }
                  return e.isNegative || e.magnitude < threshold
              }) else { return nil }
        let size = state.account(account).positions[m].size.magnitude
        let maxClose = deep ? size : CallGenerator.closeFactorShare(size, state)
        follow(with: (random.pick(keepers), .liquidate(account: account, market: Amounts.u(m), size: max(maxClose, .one))))
        return post
    }

    /// The oracle price at which an account's equity turns negative (the
    /// last price at which it is >= 0, where it is a few wei at most, or
    /// the first below when `past`), after one just short of it where the
    /// account's ADL score caps leverage over equity that small, then a
    /// deleveraging of it, refused at zero equity (NotBankrupt) and while
    /// the fund covers the deficit (InsuranceCanCover), and liquidations
    /// of every position whole, whose bad debt past the edge the fund
    /// covers.
    mutating func zeroEquityEdge(_ state: EngineState, past: Bool, of holder: Address? = nil) -> Scenario.Call? {
        guard let (account, m) = holderAndSmallestPosition(state, holder),
              let post = priceEdge(state, account: account, market: m, past: past, crossed: { state, _ in
                  (try? state.equity(account)).map(\.isNegative)
              }),
              case let .postPrice(market, edge, at) = post.call else { return nil }
        let s = state.account(account).positions[m].size
        let keeper = random.pick(keepers)
        let counterparty = everyone.first { $0 != account && state.account($0).positions[m].size.isNegative != s.isNegative
            && !state.account($0).positions[m].size.isZero } ?? keeper
        // First a price 10^12 wei short of the edge, where equity is small but positive: the ADL score's
        // leverage, notional over equity, is capped there. The edge a second later.
        let current = state.markets[m].price
        let shift = min(current > edge ? current &- edge : edge &- current, Amounts.e(12))
        let near = current > edge ? edge &+ shift : edge &- shift
        follow(with: (keeper, .adlScore(account, market: market)))
        follow(after: 1, with: (post.from, .postPrice(market: market, price: edge, timestamp: at &+ .one)))
        follow(with: (keeper, .equity(account)))
        follow(with: (keeper, .adlScore(account, market: market)))
        follow(with: (keeper, .deleverage(bankrupt: account, counterparty: counterparty, market: market, size: .one)))
        // Deep underwater at once: every position may go whole, this market's last; past the edge the fund
        // covers the few wei of bad debt left when none is open.
        let positions = state.account(account).positions
        for other in positions.indices where !positions[other].size.isZero && other != m {
            follow(with: (keeper, .liquidate(account: account, market: Amounts.u(other), size: positions[other].size.magnitude)))
        }
        follow(with: (keeper, .liquidate(account: account, market: market, size: s.magnitude)))
        follow(with: (keeper, .insuranceFund))
        return step(post.from, .postPrice(market: market, price: near, timestamp: at))
    }

    /// An account with open positions, and the market of its smallest:
    /// a position of at most a unit moves equity by at most a wei per wei
    /// of price, so a price edge found on it is exact to the wei.
    /// An account with a position (`holder`, or one drawn at random) and its smallest one.
    private mutating func holderAndSmallestPosition(_ state: EngineState, _ holder: Address? = nil) -> (Address, Int)? {
        let holders = everyone.filter { state.hasOpenPositionIn($0) }
        guard !holders.isEmpty else { return nil }
        let account = holder ?? random.pick(holders)
        let sizes = state.account(account).positions.map(\.size.magnitude)
        guard let m = sizes.indices.filter({ !sizes[$0].isZero }).min(by: { sizes[$0] < sizes[$1] }) else { return nil }
        return (account, m)
    }

    /// A post of market m's price at the edge where `crossed` turns true
    /// for the account, found by bisection on the model (the post itself
    /// moves the variance and may trip the breaker, so each probe price is
    /// posted on a copy of the state): the last price before the edge, or
    /// the first past it. The move goes against the account's position.
    mutating func priceEdge(_ state: EngineState, account: Address, market m: Int, past: Bool,
                            crossed: (EngineState, UInt256) -> Bool?) -> Scenario.Call? {
        if now <= state.markets[m].priceTime { advance(1) }
        guard let price = CallGenerator.edgePrice(state, account: account, market: m, past: past, at: now, crossed: crossed)
        else { return nil }
        return step(state.oracle, .postPrice(market: Amounts.u(m), price: price, timestamp: now))
    }

    /// The price of that post, posted at `at`; the search starts from the
    /// current price, or from `safe` (a price where `crossed` is false).
    static func edgePrice(_ state: EngineState, account: Address, market m: Int, past: Bool, at: UInt256,
                          safe start: UInt256? = nil, crossed: (EngineState, UInt256) -> Bool?) -> UInt256? {
        let oracle = state.oracle
        let long = !state.account(account).positions[m].size.isNegative
        func isCrossed(_ price: UInt256) -> Bool? {
            var copy = state
            guard case .success = copy.execute(.postPrice(market: Amounts.u(m), price: price, timestamp: at),
                                               context: CallContext(sender: oracle, timestamp: at)) else { return nil }
            return crossed(copy, at)
        }
        // safe: not crossed; unsafe: crossed.
        var safe = start ?? state.markets[m].price
        var unsafe = long ? Constants.minPrice : Constants.maxPrice
        guard isCrossed(safe) == false, isCrossed(unsafe) == true else { return nil }
        for _ in 0..<256 {
            let gap = safe > unsafe ? safe &- unsafe : unsafe &- safe
            guard gap > .one else { break }
            let mid = safe > unsafe ? unsafe &+ gap.shiftedRight(by: 1) : safe &+ gap.shiftedRight(by: 1)
            switch isCrossed(mid) {
            case true?: unsafe = mid
            case false?: safe = mid
            case nil: return nil
            }
        }
        return past ? unsafe : safe
    }

    /// A withdrawal by an account with positions exactly maxOracleAge
    /// seconds after the observation of the asset's price, or one second
    /// later: a post of the asset now,
    /// then, that long after, fresh posts of every market (a withdrawal
    /// checks them too) and the withdrawal of one unit.
    mutating func assetAgeEdge(_ state: EngineState, past: Bool) -> Scenario.Call {
        // An asset held by an account with an open position: the balance is checked first, and the
        // prices' age only for an account with positions.
        let holders = everyone.filter { state.hasOpenPositionIn($0) }
        func holds(_ account: Address, _ a: Int) -> Bool { !state.account(account).collateral[a].isZero }
        let held = (0..<state.assetCount).filter { a in holders.contains { holds($0, a) } }
        let a = held.isEmpty ? random.int(0...state.assetCount - 1) : random.pick(held)
        let account = holders.first { holds($0, a) } ?? random.pick(everyone)
        if now <= state.assets[a].priceTime { advance(1) }
        let age = state.globalParams.maxOracleAge &+ (past ? .one : .zero)
        guard let wait = age.uint64Value, wait <= UInt64(CallGenerator.longestWait) else { return view(state) }
        for m in 0..<state.marketCount {
            let post = EngineCall.postPrice(market: Amounts.u(m), price: state.markets[m].price, timestamp: now &+ age)
            if m == 0 { follow(after: Int(wait), with: (state.oracle, post)) } else { follow(with: (state.oracle, post)) }
        }
        follow(with: (account, .withdraw(asset: Amounts.u(a), amount: .one)))
        return step(state.oracle, .postAssetPrice(asset: Amounts.u(a), price: state.assets[a].price, timestamp: now))
    }

    /// The values with parameter k one wei higher, when its quarter is a
    /// whole number of wei and the quarter, not the minimum step, sets the
    /// allowance: from there the allowance floor(current / 4) rounds down,
    /// and a change one wei past it is where rounding up would differ. nil
    /// otherwise.
    private func oddFirst(_ values: [UInt256], _ k: Int, _ bounds: ParameterBounds) -> [UInt256]? {
        guard EVM.mod(values[k], 4).isZero, values[k] < bounds.hi, EVM.div(values[k], 4) > bounds.minStep else { return nil }
        var odd = values
        odd[k] = values[k] &+ .one
        return odd
    }

    /// Two different traders.
    private mutating func pair() -> (Address, Address) {
        let buyer = random.pick(traders)
        return (buyer, traders[(traders.firstIndex(of: buyer)! + 1) % traders.count])
    }
}
