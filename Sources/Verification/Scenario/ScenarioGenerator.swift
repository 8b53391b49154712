import ContractIO
import EVMArithmetic
import MarginEngine

/// Generates a random but meaningful call sequence: listings, parameter
/// changes within (and sometimes beyond) the guardrails, prices as random
/// walks with jumps that trip breakers, deposits, trades that push accounts
/// to their limits, liquidations, bad debt and deleveraging, and a share of
/// invalid calls so every revert path is exercised. The model runs along,
/// so liquidations and deleveragings target accounts that qualify.
public struct ScenarioGenerator {
    public struct Options: Sendable {
        public var seed: UInt64
        /// State-changing calls after the set-up (views come on top).
        public var calls: Int
        public var traders: Int
        public var markets: Int
        public var assets: Int

        public init(seed: UInt64, calls: Int, traders: Int = 6, markets: Int = 3, assets: Int = 2) {
            self.seed = seed
            self.calls = calls
            self.traders = traders
            self.markets = markets
            self.assets = assets
        }
    }

    public static let owner = Address(0x1000)
    public static let oracle = Address(0x2000)
    public static let exchange = Address(0x3000)
    public static let startTime = UInt256(1_700_000_000)

    private var random: SeededRandom
    private let options: Options
    private var state: EngineState
    private var now: UInt256
    private var calls: [Scenario.Call] = []
    /// Boundary probes walk through every parameter in turn.
    private var probeCounter = 0
    private let traders: [Address]
    private let keepers: [Address]

    public static func generate(_ options: Options) -> Scenario {
        var generator = ScenarioGenerator(options)
        generator.setUp()
        for _ in 0..<options.calls { generator.step() }
        return Scenario(
            description: "margin scenario --seed \(options.seed) --calls \(options.calls) --traders \(options.traders) --markets \(options.markets) --assets \(options.assets)",
            deployer: owner, deployTimestamp: startTime, oracle: oracle, exchange: exchange,
            globalParams: globalParams, calls: generator.calls)
    }

    private init(_ options: Options) {
        self.options = options
        random = SeededRandom(seed: options.seed)
        now = ScenarioGenerator.startTime
        traders = (0..<options.traders).map { Address(0xA000 + UInt64($0) + 1) }
        keepers = [Address(0xB001), Address(0xB002)]
        var log = EventLog()
        // The deployment parameters are in bounds: this cannot fail.
        state = (try? EngineState.deploy(oracle: ScenarioGenerator.oracle, exchange: ScenarioGenerator.exchange,
                                         globalParams: ScenarioGenerator.globalParams,
                                         context: CallContext(sender: ScenarioGenerator.owner, timestamp: now),
                                         events: &log))
            ?? EngineState(owner: ScenarioGenerator.owner, oracle: ScenarioGenerator.oracle,
                           exchange: ScenarioGenerator.exchange, globalParams: ScenarioGenerator.globalParams)
    }

    // MARK: Numbers

    static func wad(_ units: UInt64) -> UInt256 { UInt256(units) &* UInt256.wad }
    /// `x` in units of 10^-n of a WAD: milli(5) = 0.005.
    static func fraction(_ x: UInt64, _ n: Int) -> UInt256 { UInt256(x) &* Constants.pow10(18 - n) }

    static let globalParams = GlobalParams(
        nettingFloor: fraction(3, 1), stressGamma: wad(1), insuranceTarget: wad(50_000), imBuffer: fraction(5, 1),
        maxOracleAge: 600, priceBand: fraction(2, 2), feeRatio: fraction(5, 4), closeFactor: fraction(5, 1),
        deepUnderwaterRatio: fraction(5, 1), penaltyRatio: fraction(2, 2), liquidatorShare: fraction(5, 1))

    /// Listing prices (WAD USD) of the markets, in listing order.
    static let marketPrices: [UInt256] = [wad(2000), wad(40000), wad(150), fraction(1, 1), wad(15), wad(30), wad(1), wad(2)]
    /// (decimals, weight, price) of the collateral assets.
    static let assetListings: [(UInt256, UInt256, UInt256)] = [
        (6, wad(1), wad(1)), (18, fraction(8, 1), wad(2000)), (8, fraction(7, 1), wad(40000)), (18, fraction(95, 2), wad(1)),
    ]

    // MARK: Recording

    private mutating func advance(_ seconds: Int) {
        now = now &+ UInt256(UInt64(seconds))
    }

    /// Records a call and runs it on the model.
    @discardableResult
    private mutating func record(_ call: EngineCall, from: Address) -> CallOutcome {
        calls.append(Scenario.Call(from: from, timestamp: now, call: call, isStatic: call.function.isView))
        return state.execute(call, context: CallContext(sender: from, timestamp: now))
    }

    /// Views that expose the hidden state of the accounts a call touched.
    private mutating func inspect(_ accounts: [Address]) {
        for account in accounts {
            record(.marginBreakdown(account), from: keepers[0])
            if random.chance(15) { record(.equity(account), from: keepers[1]) }
            if random.chance(10) { record(.isLiquidatable(account), from: keepers[1]) }
            if random.chance(10), state.marketCount > 0 {
                record(.adlScore(account, market: UInt256(UInt64(random.int(0...state.marketCount - 1)))), from: keepers[0])
            }
            if random.chance(25), state.marketCount > 0 {
                // Getters, now and then with an id one past the last listed.
                let m = UInt256(UInt64(random.int(0...state.marketCount)))
                let n = UInt256(UInt64(random.int(0...state.marketCount - 1)))
                switch random.int(0...4) {
                case 0: record(.position(account, market: m), from: keepers[1])
                case 1: record(.marketState(market: m), from: keepers[1])
                case 2: record(.correlation(marketA: n, marketB: m), from: keepers[1])
                case 3: record(.correlationSet(marketA: m, marketB: n), from: keepers[1])
                default: record(.collateral(account, asset: UInt256(UInt64(random.int(0...state.assetCount)))), from: keepers[1])
                }
            }
        }
    }

    // MARK: Set-up

    private mutating func setUp() {
        for a in 0..<options.assets {
            let (decimals, weight, price) = ScenarioGenerator.assetListings[a]
            advance(12)
            record(.listAsset(decimals: decimals, weight: weight, price: price), from: ScenarioGenerator.owner)
        }
        for m in 0..<options.markets {
            advance(12)
            let depth = ScenarioGenerator.wad(UInt64(random.int(1...20)) * 1_000_000)
            let params = MarketParams(
                baseMarginRatio: ScenarioGenerator.fraction(1, 2), zScore: ScenarioGenerator.fraction(233, 2),
                liquidationHorizon: 3600, impactCoefficient: ScenarioGenerator.fraction(1, 1), liquidityDepth: depth,
                breakerThreshold: ScenarioGenerator.fraction(1, 1), breakerCooldown: 1800,
                breakerMultiplier: ScenarioGenerator.wad(2), ewmaLambda: ScenarioGenerator.fraction(94, 2))
            // About 3 % daily volatility: 0.03^2 / 86400 per second.
            let variance = UInt256(UInt64(random.int(5_000...20_000)) * 1_000_000)
            record(.listMarket(price: ScenarioGenerator.marketPrices[m], variance: variance, params: params),
                   from: ScenarioGenerator.owner)
        }
        for a in 0..<options.markets {
            for b in (a + 1)..<max(a + 1, options.markets) {
                advance(12)
                let rho = Int64(random.int(-30...90)) * 10_000_000_000_000_000
                record(.setCorrelation(marketA: UInt256(UInt64(a)), marketB: UInt256(UInt64(b)), correlation: Int256(rho)),
                       from: ScenarioGenerator.owner)
            }
        }
        for trader in traders {
            advance(12)
            deposit(trader, usd: UInt64(random.int(1...50)) * 1_000)
        }
        for keeper in keepers {
            advance(12)
            deposit(keeper, usd: 200_000)
        }
    }

    private mutating func deposit(_ account: Address, usd: UInt64) {
        // Asset 0 is USDC (6 decimals, 1 USD).
        record(.deposit(asset: 0, amount: UInt256(usd) &* Constants.pow10(6)), from: account)
        inspect([account])
    }

    // MARK: Steps

    private mutating func step() {
        advance(random.chance(3) ? random.int(700...4000) : random.int(0...40))
        switch random.weighted([24, 4, 30, 7, 5, 9, 5, 4, 8, 8]) {
        case 0: postPrice()
        case 1: postAssetPrice()
        case 2: settleTrade()
        case 3: depositMore()
        case 4: withdraw()
        case 5: liquidate()
        case 6: deleverage()
        case 7: changeParameters()
        case 8: invalidCall()
        default: boundaryProbe()
        }
    }

    private var marketIDs: [Int] { Array(0..<state.marketCount) }

    private mutating func postPrice() {
        postPrice(market: random.pick(marketIDs), jumps: true)
    }

    private mutating func postPrice(market m: Int, jumps: Bool) {
        let old = state.markets[m].price
        // A random walk in basis points, with rare jumps that trip the breaker.
        let bps: Int = jumps && random.chance(5) ? random.int(1000...4000) : random.int(0...80)
        let up = random.chance(50)
        let move = (try? UInt256.mulDiv(old, UInt256(UInt64(bps)), 10_000)) ?? .zero
        var price = up ? old &+ move : (old > move ? old &- move : old)
        // Odd wei now and then, so rounding of returns and bands shows.
        if random.chance(30) { price = price &+ UInt256(UInt64(random.int(1...9))) }
        price = max(min(price, Constants.maxPrice), Constants.minPrice)
        let latency = random.int(0...5)
        var observed = now > state.markets[m].priceTime &+ UInt256(UInt64(latency)) ? now &- UInt256(UInt64(latency)) : now
        // Sometimes the observation right after the last one (dt = 1): the
        // EWMA sample's rounding matters most there.
        if random.chance(20), state.markets[m].priceTime &+ .one <= now { observed = state.markets[m].priceTime &+ .one }
        record(.postPrice(market: UInt256(UInt64(m)), price: price, timestamp: observed), from: ScenarioGenerator.oracle)
    }

    /// Most of the time the oracle keeps up: prices older than half the
    /// freshness limit are re-posted before a call that needs them.
    private mutating func refreshStalePrices() {
        guard random.chance(85) else { return }
        let half = EVM.div(state.globalParams.maxOracleAge, 2)
        for m in marketIDs where now >= state.markets[m].priceTime &+ half {
            postPrice(market: m, jumps: false)
        }
        for a in 0..<state.assetCount where now >= state.assets[a].priceTime &+ half {
            postAssetPrice(asset: a)
        }
    }

    private mutating func postAssetPrice() {
        postAssetPrice(asset: random.int(0...state.assetCount - 1))
    }

    private mutating func postAssetPrice(asset a: Int) {
        let old = state.assets[a].price
        let bps = random.chance(5) ? random.int(500...3000) : random.int(0...50)
        let move = (try? UInt256.mulDiv(old, UInt256(UInt64(bps)), 10_000)) ?? .zero
        let price = random.chance(50) ? old &+ move : max(old &- move, Constants.minPrice)
        record(.postAssetPrice(asset: UInt256(UInt64(a)), price: price, timestamp: now), from: ScenarioGenerator.oracle)
    }

    /// A trade sized against the accounts' equity, from cautious to beyond
    /// what initial margin allows, at a price within (mostly) the band.
    private mutating func settleTrade() {
        refreshStalePrices()
        let buyer = random.pick(traders)
        var seller = random.pick(traders)
        if seller == buyer { seller = random.chance(80) ? traders[(traders.firstIndex(of: buyer)! + 1) % traders.count] : buyer }
        let m = random.pick(marketIDs)
        let oracle = state.markets[m].price
        let equity = min(freeMargin(buyer), freeMargin(seller))
        // Leverage up to ~25x on the weaker side's equity; sometimes a tiny trade.
        let leverage = UInt256(UInt64(random.chance(15) ? random.int(15...30) : random.int(1...14)))
        let notional = random.chance(10) || equity.isZero ? ScenarioGenerator.wad(UInt64(random.int(1...100))) : equity &* leverage
        var size = (try? UInt256.mulDiv(notional, UInt256.wad, oracle)) ?? .zero
        if random.chance(30), let existing = state.account(seller).positions[m].size.magnitude as UInt256?, !existing.isZero {
            size = existing  // close or flip the seller's position exactly
        }
        size = max(min(size, Constants.maxPositionSize), .one)
        let bandBps = UInt64(random.int(0...(random.chance(8) ? 300 : 190)))
        let offset = (try? UInt256.mulDiv(oracle, UInt256(bandBps), 10_000)) ?? .zero
        let price = random.chance(50) ? oracle &+ offset : max(oracle &- offset, Constants.minPrice)
        record(.settleTrade(buyer: buyer, seller: seller, market: UInt256(UInt64(m)), size: size, price: price),
               from: ScenarioGenerator.exchange)
        inspect([buyer, seller])
    }

    /// Equity above initial margin, 0 when there is none.
    private func freeMargin(_ account: Address) -> UInt256 {
        guard let e = try? state.equity(account), !e.isNegative,
              let im = try? state.initialMargin(account, now: now), e.bitPattern > im else { return .zero }
        return e.bitPattern &- im
    }

    private mutating func depositMore() {
        let account = random.pick(traders)
        let a = random.int(0...state.assetCount - 1)
        let decimals = Int(state.assets[a].decimals.w0)
        let whole = UInt256(UInt64(random.int(1...(a == 0 || a == 3 ? 20_000 : 5))))
        record(.deposit(asset: UInt256(UInt64(a)), amount: whole &* Constants.pow10(decimals)), from: account)
        inspect([account])
    }

    private mutating func withdraw() {
        refreshStalePrices()
        let account = random.pick(traders)
        let a = random.int(0...state.assetCount - 1)
        let balance = state.account(account).collateral[a]
        let amount: UInt256
        if balance.isZero || random.chance(15) {
            amount = balance &+ UInt256(UInt64(random.int(1...1000)))  // more than the balance
        } else {
            amount = (try? UInt256.mulDiv(balance, UInt256(UInt64(random.int(1...100))), 100)) ?? balance
        }
        record(.withdraw(asset: UInt256(UInt64(a)), amount: max(amount, .one)), from: account)
        inspect([account])
    }

    /// Liquidates an account below maintenance margin when there is one,
    /// within (and sometimes beyond) the close factor.
    private mutating func liquidate() {
        refreshStalePrices()
        let liquidator = random.chance(70) ? random.pick(keepers) : random.pick(traders)
        let candidates = traders.filter { (try? state.isLiquidatable($0, now: now)) == true && $0 != liquidator }
        let account = candidates.isEmpty ? random.pick(traders) : random.pick(candidates)
        let open = marketIDs.filter { !state.account(account).positions[$0].size.isZero }
        let m = open.isEmpty ? random.pick(marketIDs) : random.pick(open)
        let size = state.account(account).positions[m].size.magnitude
        let closeFactor = state.globalParams.closeFactor
        var amount = (try? UInt256.mulDiv(size, closeFactor, UInt256.wad)) ?? size
        if random.chance(25) { amount = size }                 // full close: allowed only deep underwater
        if random.chance(30) { amount = (try? UInt256.mulDiv(amount, UInt256(UInt64(random.int(1...100))), 100)) ?? amount }
        record(.liquidate(account: account, market: UInt256(UInt64(m)), size: max(amount, .one)), from: liquidator)
        inspect([account, liquidator])
    }

    /// Deleverages a bankrupt account the fund cannot cover against the
    /// opposite position with the highest ADL score.
    private mutating func deleverage() {
        refreshStalePrices()
        let bankrupt = traders.first { account in
            guard let e = try? state.equity(account), e.isNegative else { return false }
            return state.insuranceFund < e.magnitude
        } ?? random.pick(traders)
        let open = marketIDs.filter { !state.account(bankrupt).positions[$0].size.isZero }
        let m = open.isEmpty ? random.pick(marketIDs) : random.pick(open)
        let s = state.account(bankrupt).positions[m].size
        var best: (Address, Int256)?
        for c in traders where c != bankrupt {
            let cs = state.account(c).positions[m].size
            guard !cs.isZero, cs.isNegative != s.isNegative, let score = try? state.adlScore(c, m) else { continue }
            if best == nil || score > best!.1 { best = (c, score) }
        }
        let counterparty = best?.0 ?? random.pick(traders)
        let available = min(s.magnitude, state.account(counterparty).positions[m].size.magnitude)
        var size = random.chance(60) ? available : (try? UInt256.mulDiv(available, UInt256(UInt64(random.int(1...100))), 100)) ?? available
        size = max(size, .one)
        record(.deleverage(bankrupt: bankrupt, counterparty: counterparty, market: UInt256(UInt64(m)), size: size),
               from: random.pick(keepers))
        inspect([bankrupt, counterparty])
        // A partially deleveraged bankrupt sits at exactly zero equity: its score must be 0.
        record(.adlScore(bankrupt, market: UInt256(UInt64(m))), from: keepers[0])
    }

    /// A governance change: mostly within the guardrail, sometimes too
    /// large, too early or out of bounds.
    private mutating func changeParameters() {
        switch random.int(0...3) {
        case 0:
            let m = random.pick(marketIDs)
            let current = state.markets[m].params.values
            var values = current
            for k in 0..<values.count where random.chance(30) { values[k] = nudge(values[k], ParameterBounds.market[k]) }
            advance(random.chance(50) ? 86_400 : 0)
            record(.setMarketParams(market: UInt256(UInt64(m)), params: MarketParams(values: values) ?? state.markets[m].params),
                   from: ScenarioGenerator.owner)
        case 1:
            let current = state.globalParams.values
            var values = current
            for k in 0..<values.count where random.chance(20) { values[k] = nudge(values[k], ParameterBounds.global[k]) }
            advance(random.chance(50) ? 86_400 : 0)
            record(.setGlobalParams(GlobalParams(values: values) ?? state.globalParams), from: ScenarioGenerator.owner)
        case 2 where state.marketCount > 1:
            let a = random.int(0...state.marketCount - 1), b = (a + 1) % state.marketCount
            let current = state.correlation[a][b]
            let delta = Int64(random.int(-30...30)) * 10_000_000_000_000_000
            let next = (try? current.checkedAdd(Int256(delta))) ?? current
            advance(random.chance(50) ? 86_400 : 0)
            record(.setCorrelation(marketA: UInt256(UInt64(a)), marketB: UInt256(UInt64(b)), correlation: next),
                   from: ScenarioGenerator.owner)
        default:
            let a = random.int(0...state.assetCount - 1)
            let weight = nudge(state.assets[a].weight, .assetWeight)
            advance(random.chance(50) ? 86_400 : 0)
            record(.setAssetWeight(asset: UInt256(UInt64(a)), weight: weight), from: ScenarioGenerator.owner)
        }
    }

    /// A new value near `value`: within the 25 % guardrail mostly, beyond
    /// it or out of bounds sometimes.
    private mutating func nudge(_ value: UInt256, _ bounds: ParameterBounds) -> UInt256 {
        if random.chance(5) { return bounds.hi &+ .one }
        let percent = UInt256(UInt64(random.int(0...(random.chance(15) ? 60 : 25))))
        let quarter = (try? UInt256.mulDiv(value, percent, 100)) ?? .zero
        let step = max(quarter, random.chance(50) ? bounds.minStep : .zero)
        if random.chance(50) { return value &+ step }
        return value > step ? value &- step : bounds.lo
    }

    /// Calls placed exactly on a limit and one step past it, computed from
    /// the model's state: guardrail allowances (with minStep and rounding),
    /// price band edges, correlation bounds.
    private mutating func boundaryProbe() {
        let m = random.pick(marketIDs)
        probeCounter += 1
        let past = probeCounter % 2 == 0
        switch (probeCounter / 2) % 4 {
        case 0:
            advance(86_400)
            let k = (probeCounter / 8) % ParameterBounds.market.count
            var values = state.markets[m].params.values
            let bounds = ParameterBounds.market[k]
            let allowance = max(EVM.div(values[k], 4), bounds.minStep)
            let target = values[k] &+ allowance &+ (past ? .one : .zero)
            values[k] = min(target, bounds.hi &+ (past ? .one : .zero))
            record(.setMarketParams(market: UInt256(UInt64(m)), params: MarketParams(values: values) ?? state.markets[m].params),
                   from: ScenarioGenerator.owner)
        case 1:
            advance(86_400)
            let k = (probeCounter / 8) % ParameterBounds.global.count
            var values = state.globalParams.values
            let bounds = ParameterBounds.global[k]
            let allowance = max(EVM.div(values[k], 4), bounds.minStep)
            let up = values[k] &+ allowance &+ (past ? .one : .zero)
            values[k] = up <= bounds.hi ? up : (values[k] > allowance ? values[k] &- allowance &- (past ? .one : .zero) : bounds.lo)
            record(.setGlobalParams(GlobalParams(values: values) ?? state.globalParams), from: ScenarioGenerator.owner)
        case 2:
            refreshStalePrices()
            let oracle = state.markets[m].price
            let band = (try? UInt256.mulDiv(oracle, state.globalParams.priceBand, .wad)) ?? .zero
            let edge = band &+ (past ? .one : .zero)
            let price = random.chance(50) ? oracle &+ edge : (oracle > edge ? oracle &- edge : Constants.minPrice)
            let buyer = random.pick(traders)
            let seller = traders[(traders.firstIndex(of: buyer)! + 1) % traders.count]
            record(.settleTrade(buyer: buyer, seller: seller, market: UInt256(UInt64(m)), size: Constants.pow10(15), price: price),
                   from: ScenarioGenerator.exchange)
            inspect([buyer, seller])
        default:
            guard state.marketCount > 1 else { return }
            let other = (m + 1) % state.marketCount
            let wad = Int256(bitPattern: .wad)
            let rho = random.chance(50) ? (past ? wad &+ .one : wad) : (past ? wad.wrappingNegation &- .one : wad.wrappingNegation)
            advance(86_400)
            record(.setCorrelation(marketA: UInt256(UInt64(m)), marketB: UInt256(UInt64(other)), correlation: rho),
                   from: random.chance(90) ? ScenarioGenerator.owner : random.pick(traders))
        }
    }

    /// A call that must revert: wrong role, unknown ids, zero or
    /// out-of-bounds amounts, stale or future observations, self-trades.
    private mutating func invalidCall() {
        let trader = random.pick(traders)
        let m = UInt256(UInt64(random.pick(marketIDs)))
        let huge = UInt256.max &- UInt256(UInt64(random.int(0...3)))
        switch random.int(0...16) {
        case 0: record(.postPrice(market: m, price: ScenarioGenerator.wad(100), timestamp: now), from: trader)
        case 1: record(.setGlobalParams(state.globalParams), from: ScenarioGenerator.oracle)
        case 2: record(.settleTrade(buyer: trader, seller: traders[0] == trader ? traders[1] : traders[0], market: m,
                                    size: ScenarioGenerator.wad(1), price: state.markets[Int(m.w0)].price), from: trader)
        case 3: record(.postPrice(market: huge, price: ScenarioGenerator.wad(1), timestamp: now), from: ScenarioGenerator.oracle)
        case 4: record(.deposit(asset: 0, amount: .zero), from: trader)
        case 5: record(.deposit(asset: UInt256(UInt64(state.assetCount)), amount: 1), from: trader)
        case 6: record(.postPrice(market: m, price: random.chance(50) ? .zero : Constants.maxPrice &+ .one, timestamp: now),
                       from: ScenarioGenerator.oracle)
        case 7: record(.postPrice(market: m, price: state.markets[Int(m.w0)].price, timestamp: now &+ 100),
                       from: ScenarioGenerator.oracle)
        case 8: record(.postPrice(market: m, price: state.markets[Int(m.w0)].price,
                                  timestamp: state.markets[Int(m.w0)].priceTime), from: ScenarioGenerator.oracle)
        case 9: record(.settleTrade(buyer: trader, seller: trader, market: m, size: 1, price: state.markets[Int(m.w0)].price),
                       from: ScenarioGenerator.exchange)
        case 10: record(.settleTrade(buyer: trader, seller: keepers[0], market: m,
                                     size: random.chance(50) ? .zero : Constants.maxPositionSize &+ .one,
                                     price: state.markets[Int(m.w0)].price), from: ScenarioGenerator.exchange)
        case 11: record(.liquidate(account: trader, market: m, size: .zero), from: keepers[0])
        case 12: record(.setCorrelation(marketA: m, marketB: m, correlation: .zero), from: ScenarioGenerator.owner)
        case 13: record(.setCorrelation(marketA: m, marketB: UInt256(UInt64(state.marketCount)), correlation: .zero),
                        from: ScenarioGenerator.owner)
        case 14: record(.setCorrelation(marketA: m, marketB: m &+ .one, correlation: .zero), from: trader)
        case 15: record(.setAssetWeight(asset: 0, weight: .wad), from: random.chance(50) ? trader : ScenarioGenerator.oracle)
        default: record(.listMarket(price: .zero, variance: Constants.maxVariance &+ .one,
                                    params: state.markets[0].params), from: ScenarioGenerator.owner)
        }
    }
}
