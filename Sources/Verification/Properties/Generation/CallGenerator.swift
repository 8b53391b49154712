import ContractIO
import EVMArithmetic
import MarginEngine

/// Generates the calls of one property run, one at a time, looking at the
/// system's current state: a random deployment and listings, then prices
/// that drift, jump, crash and go stale, trades sized on free margin,
/// deposits and withdrawals toward the limits, liquidations and
/// deleveragings aimed with the model's margin functions, parameter changes
/// within and beyond the guardrails, role changes, views, and a share of
/// invalid calls. Everything follows from the seed and the states seen.
public struct CallGenerator {
    public let deployment: VectorCase.Deployment
    private var random: SeededRandom
    private var now: UInt256
    private let traders: [Address]
    private let keepers: [Address]
    private var setUp: [(Address, EngineCall)] = []
    /// An action waiting for fresh prices: the oracle posts first.
    private var pending: Action?
    private var refreshes = 0

    enum Action: Int, CaseIterable {
        case postPrice, postAssetPrice, settleTrade, deposit, withdraw, liquidate, deleverage
        case changeParameters, timeJump, view, invalidCall, setRoles

        static let weights = [20, 4, 26, 6, 7, 11, 6, 6, 3, 4, 6, 1]

        /// Actions that the oracle usually makes fresh prices for first.
        var wantsFreshPrices: Bool {
            switch self {
            case .settleTrade, .withdraw, .liquidate, .deleverage: return true
            default: return false
            }
        }
    }

    public init(seed: UInt64) {
        random = SeededRandom(seed: seed)
        now = Actors.startTime
        traders = (0..<random.int(2...5)).map(Actors.trader)
        keepers = (0..<random.int(1...2)).map(Actors.keeper)
        deployment = VectorCase.Deployment(deployer: Actors.owner, timestamp: Actors.startTime, oracle: Actors.oracle,
                                           exchange: Actors.exchange, globalParams: CallGenerator.randomGlobalParams(&random))
        planSetUp()
    }

    /// The next call, given the state every earlier call produced.
    public mutating func next(_ state: EngineState) -> Scenario.Call {
        if !setUp.isEmpty {
            let (from, call) = setUp.removeFirst()
            advance(random.int(0...12))
            return step(from, call)
        }
        if let action = pending {
            if let refresh = stalePriceRefresh(state) { return refresh }
            pending = nil
            return perform(action, state)
        }
        switch random.int(0...99) {
        case 0...69: advance(random.int(0...3))
        case 70...94: advance(random.int(4...30))
        default: advance(random.int(600...5000))
        }
        let action = Action(rawValue: random.weighted(Action.weights))!
        if action.wantsFreshPrices && random.chance(85) {
            pending = action
            refreshes = 0
            if let refresh = stalePriceRefresh(state) { return refresh }
            pending = nil
        }
        return perform(action, state)
    }

    // MARK: Numbers

    static func wad(_ units: UInt64) -> UInt256 { UInt256(units) &* UInt256.wad }
    /// `x` in units of 10^-n: fraction(5, 2) = 0.05 WAD.
    static func fraction(_ x: UInt64, _ n: Int) -> UInt256 { UInt256(x) &* Constants.pow10(18 - n) }
    static func e(_ n: Int) -> UInt256 { Constants.pow10(n) }
    static func u(_ x: Int) -> UInt256 { UInt256(UInt64(x)) }

    /// floor(x * percent / 100).
    static func percent(_ x: UInt256, _ percent: Int) -> UInt256 {
        (try? UInt256.mulDiv(x, u(percent), 100)) ?? x
    }

    static func randomGlobalParams(_ r: inout SeededRandom) -> GlobalParams {
        GlobalParams(
            nettingFloor: r.pick([.zero, fraction(1, 1), fraction(3, 1), e(18)]),
            stressGamma: r.pick([.zero, fraction(5, 1), e(18), e(19)]),
            insuranceTarget: r.pick([.zero, wad(1_000), wad(50_000), wad(1_000_000)]),
            imBuffer: r.pick([.zero, fraction(25, 2), fraction(5, 1), e(19)]),
            maxOracleAge: [1, 60, 600, 3600, 86_400][r.weighted([5, 25, 35, 25, 10])],
            priceBand: r.pick([.zero, fraction(5, 3), fraction(2, 2), fraction(1, 1), e(18)]),
            feeRatio: r.pick([.zero, fraction(1, 4), fraction(5, 4), fraction(1, 2), e(17)]),
            closeFactor: r.pick([e(16), fraction(25, 2), fraction(5, 1), e(18)]),
            deepUnderwaterRatio: [.zero, fraction(5, 1), fraction(9, 1), e(18)][r.weighted([3, 3, 2, 1])],
            penaltyRatio: r.pick([.zero, fraction(1, 2), fraction(5, 2), fraction(2, 1)]),
            liquidatorShare: r.pick([.zero, fraction(5, 1), e(18)]))
    }

    /// Mostly a realistic market; one in five mixes in unusual values, one
    /// in ten puts every parameter at a bound.
    static func randomMarketParams(_ random: inout SeededRandom) -> MarketParams {
        switch random.int(0...9) {
        case 0:
            return MarketParams(
                baseMarginRatio: random.pick([.zero, e(18)]), zScore: random.pick([.zero, e(19)]),
                liquidationHorizon: random.pick([.zero, 604_800]), impactCoefficient: random.pick([.zero, e(19)]),
                liquidityDepth: random.pick([e(18), e(36)]), breakerThreshold: random.pick([e(15), e(19)]),
                breakerCooldown: random.pick([.zero, 604_800]), breakerMultiplier: random.pick([e(18), e(19)]),
                ewmaLambda: random.pick([.zero, e(18)]))
        case 1, 2:
            return MarketParams(
                baseMarginRatio: random.pick([.zero, fraction(1, 2), fraction(5, 2), fraction(1, 1)]),
                zScore: random.pick([.zero, fraction(233, 2), wad(5), e(19)]),
                liquidationHorizon: random.pick([.zero, 60, 3600, 86_400]),
                impactCoefficient: random.pick([.zero, fraction(1, 1), e(18), e(19)]),
                liquidityDepth: random.pick([wad(1_000), wad(100_000), wad(1_000_000), wad(100_000_000)]),
                breakerThreshold: random.pick([e(15), fraction(2, 2), fraction(1, 1), fraction(3, 1)]),
                breakerCooldown: random.pick([.zero, 600, 1800, 86_400]),
                breakerMultiplier: random.pick([e(18), wad(2), e(19)]),
                ewmaLambda: random.pick([.zero, fraction(5, 1), fraction(94, 2), e(18)]))
        default:
            return MarketParams(
                baseMarginRatio: random.pick([fraction(5, 3), fraction(1, 2), fraction(5, 2)]),
                zScore: random.pick([fraction(233, 2), wad(3)]),
                liquidationHorizon: random.pick([60, 600, 3600]),
                impactCoefficient: random.pick([.zero, fraction(1, 1), e(18)]),
                liquidityDepth: random.pick([wad(1_000_000), wad(100_000_000), wad(1_000_000_000)]),
                breakerThreshold: random.pick([fraction(2, 2), fraction(1, 1), fraction(3, 1)]),
                breakerCooldown: random.pick([600, 1800]),
                breakerMultiplier: random.pick([wad(2), wad(3)]),
                ewmaLambda: random.pick([fraction(94, 2), fraction(97, 2)]))
        }
    }

    // MARK: Set-up

    private static let listingPrices: [UInt256] = [
        wad(2000), wad(40_000), wad(150), fraction(1, 1), wad(15), wad(1), fraction(1, 6), e(25), u(1_000),
    ]
    private static let assetListings: [(UInt256, UInt256, UInt256)] = [
        (6, e(18), e(18)), (18, fraction(8, 1), wad(2000)), (8, fraction(7, 1), wad(40_000)), (0, fraction(5, 1), wad(3)),
    ]

    private mutating func planSetUp() {
        let assets = random.chance(10) ? 4 : random.int(1...3)
        let markets = random.chance(10) ? random.int(5...8) : random.int(1...4)
        for a in 0..<assets {
            let (decimals, weight, price) = CallGenerator.assetListings[a]
            setUp.append((Actors.owner, .listAsset(decimals: decimals, weight: random.chance(10) ? .zero : weight, price: price)))
        }
        for _ in 0..<markets {
            let price = random.pick(CallGenerator.listingPrices)
            // About 3 % daily volatility is 1e10 per second; from none to the cap.
            let variance = [.zero, CallGenerator.e(8), CallGenerator.e(9), CallGenerator.e(10), CallGenerator.e(11),
                            CallGenerator.e(12), Constants.maxVariance][random.weighted([5, 20, 25, 25, 12, 8, 5])]
            setUp.append((Actors.owner, .listMarket(price: price, variance: variance, params: CallGenerator.randomMarketParams(&random))))
        }
        for a in 0..<markets {
            for b in (a + 1)..<max(a + 1, markets) where random.chance(70) {
                let rho = random.chance(15) ? random.pick([-1, 1]) * 100 : random.int(-40...95)
                setUp.append((Actors.owner, .setCorrelation(marketA: CallGenerator.u(a), marketB: CallGenerator.u(b),
                                                             correlation: CallGenerator.percentWad(rho))))
            }
        }
        for account in traders + keepers {
            let usd = account.word.w0 >= 0xB001 ? 500_000 : random.int(1...50) * 1_000
            setUp.append((account, .deposit(asset: 0, amount: CallGenerator.u(usd) &* Constants.pow10(6))))
        }
    }

    /// `percent` % of WAD as an int256.
    static func percentWad(_ percent: Int) -> Int256 {
        Int256(Int64(percent) * 10_000_000_000_000_000)
    }

    // MARK: Recording

    private mutating func advance(_ seconds: Int) {
        now = now &+ CallGenerator.u(seconds)
    }

    private func step(_ from: Address, _ call: EngineCall) -> Scenario.Call {
        Scenario.Call(from: from, timestamp: now, call: call, isStatic: call.function.isView)
    }

    private var everyone: [Address] { traders + keepers }

    private mutating func perform(_ action: Action, _ state: EngineState) -> Scenario.Call {
        guard state.marketCount > 0, state.assetCount > 0 else { return invalidCall(state) }
        switch action {
        case .postPrice: return postPrice(state, market: random.int(0...state.marketCount - 1), jumps: true)
        case .postAssetPrice: return postAssetPrice(state, asset: random.int(0...state.assetCount - 1))
        case .settleTrade: return settleTrade(state)
        case .deposit: return deposit(state)
        case .withdraw: return withdraw(state)
        case .liquidate: return liquidate(state)
        case .deleverage: return deleverage(state)
        case .changeParameters: return changeParameters(state)
        case .timeJump:
            advance(random.chance(70) ? 86_400 : random.int(86_400...3_000_000))
            return postPrice(state, market: random.int(0...state.marketCount - 1), jumps: false)
        case .view: return view(state)
        case .invalidCall: return invalidCall(state)
        case .setRoles: return setRoles(state)
        }
    }

    // MARK: Prices

    /// A post for the first market (or, before a withdrawal, asset) whose
    /// price is older than half the freshness limit; nil when all are fresh
    /// enough or the oracle already posted three times for this action.
    private mutating func stalePriceRefresh(_ state: EngineState) -> Scenario.Call? {
        guard refreshes < 3 else { return nil }
        let half = state.globalParams.maxOracleAge.shiftedRight(by: 1)
        for m in 0..<state.marketCount where now > state.markets[m].priceTime && now >= state.markets[m].priceTime &+ half {
            refreshes += 1
            return postPrice(state, market: m, jumps: false)
        }
        guard pending == .withdraw else { return nil }
        for a in 0..<state.assetCount where now > state.assets[a].priceTime && now >= state.assets[a].priceTime &+ half {
            refreshes += 1
            return postAssetPrice(state, asset: a)
        }
        return nil
    }

    private mutating func postPrice(_ state: EngineState, market m: Int, jumps: Bool) -> Scenario.Call {
        let old = state.markets[m].price
        var price: UInt256
        switch jumps ? random.int(0...99) : 99 {
        case 0...3:   // crash or spike: creates bad debt
            price = random.chance(60) ? CallGenerator.percent(old, random.int(10...50)) : CallGenerator.percent(old, random.int(200...400))
        case 4...13:  // a jump that trips breakers
            let move = CallGenerator.percent(old, random.int(10...40))
            price = random.chance(50) ? old &+ move : old &- move
        default:      // random walk, in basis points
            let move = (try? UInt256.mulDiv(old, CallGenerator.u(random.int(0...150)), 10_000)) ?? .zero
            price = random.chance(50) ? old &+ move : old &- move
        }
        price = min(max(price, Constants.minPrice), Constants.maxPrice)
        let latency = CallGenerator.u(random.int(0...5))
        let last = state.markets[m].priceTime
        let observed = now > last &+ latency ? now &- latency : now
        return step(state.oracle, .postPrice(market: CallGenerator.u(m), price: price, timestamp: observed))
    }

    private mutating func postAssetPrice(_ state: EngineState, asset a: Int) -> Scenario.Call {
        let old = state.assets[a].price
        let bps = random.chance(5) ? random.int(500...5000) : random.int(0...50)
        let move = (try? UInt256.mulDiv(old, CallGenerator.u(bps), 10_000)) ?? .zero
        let price = max(random.chance(50) ? min(old &+ move, Constants.maxPrice) : old &- move, Constants.minPrice)
        return step(state.oracle, .postAssetPrice(asset: CallGenerator.u(a), price: price, timestamp: now))
    }

    // MARK: Trading

    /// Equity above initial margin (0 when none), by the model's margin.
    private func freeMargin(_ state: EngineState, _ account: Address) -> UInt256 {
        guard let e = try? state.equity(account), !e.isNegative,
              let im = try? state.initialMargin(account, now: now), e.magnitude > im else { return .zero }
        return e.magnitude &- im
    }

    private mutating func settleTrade(_ state: EngineState) -> Scenario.Call {
        // Mostly between accounts with free margin: a few draws to find them.
        var buyer = random.pick(everyone), seller = random.pick(everyone)
        for _ in 0..<3 where freeMargin(state, buyer).isZero && random.chance(80) { buyer = random.pick(everyone) }
        for _ in 0..<3 where (seller == buyer || freeMargin(state, seller).isZero) && random.chance(80) { seller = random.pick(everyone) }
        if seller == buyer && random.chance(90) { seller = everyone[(everyone.firstIndex(of: buyer)! + 1) % everyone.count] }
        let m = random.int(0...state.marketCount - 1)
        let oracle = state.markets[m].price
        let free = min(freeMargin(state, buyer), freeMargin(state, seller))
        // Notional as a multiple of the weaker side's free margin, from a
        // fifth (mostly accepted) to 40x (mostly refused by initial margin).
        let tenths = CallGenerator.u([2, 5, 10, 20, 40, 80, 160, 400][random.weighted([10, 14, 14, 12, 10, 8, 5, 3])])
        let notional = random.chance(8) || free.isZero ? CallGenerator.wad(UInt64(random.int(1...100)))
            : ((try? UInt256.mulDiv(free, tenths, 10)) ?? free)
        var size = (try? UInt256.mulDiv(notional, .wad, oracle)) ?? Constants.maxPositionSize
        let sellerSize = state.account(seller).positions[m].size
        let buyerSize = state.account(buyer).positions[m].size
        switch random.int(0...9) {
        case 0 where sellerSize.signum > 0: size = sellerSize.magnitude                                 // seller closes
        case 1 where buyerSize.signum < 0: size = buyerSize.magnitude                                   // buyer closes
        case 2 where sellerSize.signum > 0: size = sellerSize.magnitude &+ CallGenerator.percent(sellerSize.magnitude, 50)  // flip
        case 3: size = CallGenerator.u(random.int(1...1000))                                            // dust
        default: break
        }
        size = max(min(size, Constants.maxPositionSize), .one)
        let band = (try? UInt256.mulDiv(oracle, state.globalParams.priceBand, .wad)) ?? .zero
        var offset: UInt256
        switch random.int(0...9) {
        case 0: offset = band                                         // at the band's edge
        case 1: offset = band &+ .one                                 // just outside
        default: offset = CallGenerator.percent(band, random.int(0...100))
        }
        let price = random.chance(50) ? min(oracle &+ offset, Constants.maxPrice &+ .one) : (oracle > offset ? oracle &- offset : .one)
        return step(state.exchange, .settleTrade(buyer: buyer, seller: seller, market: CallGenerator.u(m), size: size, price: price))
    }

    private mutating func deposit(_ state: EngineState) -> Scenario.Call {
        let account = random.pick(everyone)
        let a = random.int(0...state.assetCount - 1)
        let decimals = Int(state.assets[a].decimals.w0)
        let amount: UInt256
        switch random.int(0...19) {
        case 0: amount = Constants.maxCollateral                                  // at the cap (scaled beyond it unless 18 decimals)
        case 1: amount = CallGenerator.u(random.int(1...9))                      // a few base units
        default: amount = CallGenerator.u(random.int(1...(a == 0 ? 20_000 : 10))) &* Constants.pow10(decimals)
        }
        return step(account, .deposit(asset: CallGenerator.u(a), amount: amount))
    }

    private mutating func withdraw(_ state: EngineState) -> Scenario.Call {
        let account = random.pick(everyone)
        let a = random.int(0...state.assetCount - 1)
        let balance = state.account(account).collateral[a]
        var amount: UInt256
        switch random.int(0...9) {
        case 0: amount = balance &+ .one                                          // more than the balance
        case 1, 2:
            // As much as free margin allows, in the asset's units (at its haircut value).
            let asset = state.assets[a]
            let free = freeMargin(state, account)
            let perUnit = (try? UInt256.mulDiv(asset.price, asset.weight, .wad)) ?? .zero
            let units = perUnit.isZero ? balance : ((try? UInt256.mulDiv(free, .wad, perUnit)) ?? balance)
            amount = min(balance, (try? UInt256.mulDiv(units, .one, asset.scale)) ?? balance)
            if random.chance(30) { amount = amount &+ .one }
        case 3: amount = balance
        default: amount = CallGenerator.percent(balance, random.int(1...100))
        }
        return step(account, .withdraw(asset: CallGenerator.u(a), amount: max(amount, .one)))
    }

    // MARK: Liquidation and deleveraging

    /// A price move against the open position closest to its maintenance
    /// margin, sized with the model's margin to take it just below MM or,
    /// with a larger factor, into bad debt; nil without open positions.
    private mutating func pushTowardLiquidation(_ state: EngineState, intoBadDebt: Bool = false) -> Scenario.Call? {
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
        let factor = CallGenerator.u(intoBadDebt ? [30, 60, 100][random.int(0...2)] : [11, 15, 30, 60][random.weighted([4, 3, 2, 1])])
        var fraction = (try? UInt256.mulDiv(target.excess &* factor, .wad, target.notional &* 10)) ?? .wad
        fraction = max(fraction, CallGenerator.fraction(1, 3))
        let long = !state.account(target.account).positions[target.market].size.isNegative
        if long { fraction = min(fraction, CallGenerator.fraction(95, 2)) }
        let move = (try? UInt256.mulDiv(old, fraction, .wad)) ?? old
        let price = min(max(long ? old &- move : old &+ move, Constants.minPrice), Constants.maxPrice)
        let last = state.markets[target.market].priceTime
        let observed = now > last ? now : last &+ .one
        if observed > now { advance(1) }
        return step(state.oracle, .postPrice(market: CallGenerator.u(target.market), price: price, timestamp: observed))
    }

    private mutating func liquidate(_ state: EngineState) -> Scenario.Call {
        let liquidator = random.chance(70) ? random.pick(keepers) : random.pick(everyone)
        let candidates = everyone.filter { $0 != liquidator && (try? state.isLiquidatable($0, now: now)) == true && state.hasOpenPositionIn($0) }
        if candidates.isEmpty && random.chance(60), let push = pushTowardLiquidation(state) { return push }
        let holders = everyone.filter { $0 != liquidator && state.hasOpenPositionIn($0) }
        let account = !candidates.isEmpty && !random.chance(5) ? random.pick(candidates)
            : (!holders.isEmpty && !random.chance(10) ? random.pick(holders) : random.pick(everyone))
        let open = (0..<state.marketCount).filter { !state.account(account).positions[$0].size.isZero }
        let m = open.isEmpty ? random.int(0...state.marketCount - 1) : random.pick(open)
        let size = state.account(account).positions[m].size.magnitude
        let maxClose = (try? UInt256.mulDivUp(size, state.globalParams.closeFactor, .wad)) ?? size
        var amount: UInt256
        switch random.int(0...19) {
        case 0, 1, 2: amount = size                                                // all: only deeply underwater
        case 3, 4: amount = maxClose &+ .one                                       // just beyond the close factor
        case 5: amount = maxClose &+ CallGenerator.percent(size > maxClose ? size &- maxClose : .zero, random.int(1...100))
        case 6...11: amount = maxClose
        default: amount = CallGenerator.percent(maxClose, random.int(1...100))
        }
        return step(liquidator, .liquidate(account: account, market: CallGenerator.u(m), size: max(amount, .one)))
    }

    private mutating func deleverage(_ state: EngineState) -> Scenario.Call {
        let bankrupts = everyone.filter { account in
            guard let e = try? state.equity(account), e.isNegative else { return false }
            return state.insuranceFund < e.magnitude && state.hasOpenPositionIn(account)
        }
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
        var size = random.chance(60) ? available : CallGenerator.percent(available, random.int(1...100))
        if random.chance(5) { size = s.magnitude &+ .one }
        return step(random.pick(keepers), .deleverage(bankrupt: bankrupt, counterparty: counterparty, market: CallGenerator.u(m),
                                                      size: max(size, .one)))
    }

    // MARK: Governance

    private mutating func changeParameters(_ state: EngineState) -> Scenario.Call {
        if random.chance(50) { advance(86_400) }
        switch random.int(0...3) {
        case 0:
            let m = random.int(0...state.marketCount - 1)
            var values = state.markets[m].params.values
            for k in 0..<values.count where random.chance(30) { values[k] = nudge(values[k], ParameterBounds.market[k]) }
            return step(state.owner, .setMarketParams(market: CallGenerator.u(m), params: MarketParams(values: values)!))
        case 1:
            var values = state.globalParams.values
            for k in 0..<values.count where random.chance(20) { values[k] = nudge(values[k], ParameterBounds.global[k]) }
            return step(state.owner, .setGlobalParams(GlobalParams(values: values)!))
        case 2 where state.marketCount > 1:
            let a = random.int(0...state.marketCount - 1), b = (a + 1) % state.marketCount
            let current = state.correlation[a][b]
            var next = (try? current.checkedAdd(CallGenerator.percentWad(random.int(-30...30)))) ?? current
            if random.chance(10) { next = CallGenerator.percentWad(random.pick([-101, 101])) }
            return step(state.owner, .setCorrelation(marketA: CallGenerator.u(a), marketB: CallGenerator.u(b), correlation: next))
        default:
            let a = random.int(0...state.assetCount - 1)
            return step(state.owner, .setAssetWeight(asset: CallGenerator.u(a), weight: nudge(state.assets[a].weight, .assetWeight)))
        }
    }

    /// A new value near `value`: within the 25 % guardrail mostly, beyond
    /// it or out of bounds sometimes.
    private mutating func nudge(_ value: UInt256, _ bounds: ParameterBounds) -> UInt256 {
        if random.chance(5) { return bounds.hi &+ .one }
        let quarter = CallGenerator.percent(value, random.int(0...(random.chance(15) ? 60 : 25)))
        let step = max(quarter, random.chance(50) ? bounds.minStep : .zero)
        if random.chance(50) { return value &+ step }
        return value > step ? value &- step : bounds.lo
    }

    private mutating func setRoles(_ state: EngineState) -> Scenario.Call {
        let oracle = state.oracle == Actors.oracle ? Actors.otherOracle : Actors.oracle
        let exchange = random.chance(50) ? state.exchange : (state.exchange == Actors.exchange ? Actors.otherExchange : Actors.exchange)
        switch random.int(0...9) {
        case 0: return step(random.pick(everyone), .setRoles(oracle: oracle, exchange: exchange))          // not the owner
        case 1: return step(state.owner, .setRoles(oracle: .zero, exchange: exchange))                      // ZeroAddress
        default: return step(state.owner, .setRoles(oracle: oracle, exchange: exchange))
        }
    }

    // MARK: Views and invalid calls

    private mutating func view(_ state: EngineState) -> Scenario.Call {
        let account = random.pick(everyone)
        let m = CallGenerator.u(random.int(0...state.marketCount))   // sometimes an unknown market
        let call: EngineCall
        switch random.int(0...6) {
        case 0: call = .marginBreakdown(account)
        case 1: call = .equity(account)
        case 2: call = .isLiquidatable(account)
        case 3: call = .adlScore(account, market: m)
        case 4: call = .unrealisedPnl(account, market: m)
        case 5: call = .maintenanceMargin(account)
        default: call = .initialMargin(account)
        }
        return step(random.pick(keepers), call)
    }

    private mutating func invalidCall(_ state: EngineState) -> Scenario.Call {
        let trader = random.pick(everyone)
        let other = everyone.first { $0 != trader } ?? Actors.stranger
        let m = CallGenerator.u(random.int(0...max(state.marketCount - 1, 0)))
        let price = state.marketCount > 0 ? state.markets[Int(m.w0)].price : CallGenerator.wad(1)
        let huge = UInt256.max &- CallGenerator.u(random.int(0...3))
        let wrong = random.pick([Actors.stranger, trader, state.oracle, state.exchange].filter { $0 != state.owner })
        switch random.int(0...16) {
        case 0: return step(wrong == state.oracle ? trader : wrong, .postPrice(market: m, price: price, timestamp: now))
        case 1: return step(wrong, .setGlobalParams(state.globalParams))
        case 2: return step(wrong == state.exchange ? trader : wrong,
                            .settleTrade(buyer: trader, seller: other, market: m, size: CallGenerator.wad(1), price: price))
        case 3: return step(state.oracle, .postPrice(market: huge, price: CallGenerator.wad(1), timestamp: now))
        case 4: return step(trader, .deposit(asset: 0, amount: .zero))
        case 5: return step(trader, .deposit(asset: CallGenerator.u(state.assetCount), amount: 1))
        case 6: return step(state.oracle, .postPrice(market: m, price: random.chance(50) ? .zero : Constants.maxPrice &+ .one, timestamp: now))
        case 7: return step(state.oracle, .postPrice(market: m, price: price, timestamp: now &+ 100))
        case 8:
            let last = state.marketCount > 0 ? state.markets[Int(m.w0)].priceTime : now
            return step(state.oracle, .postPrice(market: m, price: price, timestamp: last))
        case 9: return step(state.exchange, .settleTrade(buyer: trader, seller: trader, market: m, size: 1, price: price))
        case 10: return step(state.exchange, .settleTrade(buyer: trader, seller: other, market: m,
                                                          size: random.chance(50) ? .zero : Constants.maxPositionSize &+ .one, price: price))
        case 11: return step(random.pick(keepers), .liquidate(account: trader, market: m, size: .zero))
        case 12: return step(state.owner, .setCorrelation(marketA: m, marketB: m, correlation: .zero))
        case 13: return step(wrong, .listMarket(price: CallGenerator.wad(1), variance: .zero, params: CallGenerator.randomMarketParams(&random)))
        case 14: return step(wrong, .listAsset(decimals: 18, weight: .wad, price: .wad))
        case 15: return step(trader, .liquidate(account: trader, market: m, size: 1))
        default: return step(state.owner, .listMarket(price: random.chance(50) ? .zero : CallGenerator.wad(1),
                                                      variance: random.chance(50) ? Constants.maxVariance &+ .one : .zero,
                                                      params: CallGenerator.randomMarketParams(&random)))
        }
    }
}
