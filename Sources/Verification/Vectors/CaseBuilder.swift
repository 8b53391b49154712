import ContractIO
import EVMArithmetic
import MarginEngine

/// Builds one vector case step by step: set-up calls run on the model as
/// they are added, so later steps can be computed from the state (for
/// example the deposit that puts equity exactly at maintenance margin).
struct CaseBuilder {
    static let owner = Address(0x1000)
    static let oracle = Address(0x2000)
    static let exchange = Address(0x3000)
    static let alice = Address(0xA001)
    static let bob = Address(0xA002)
    static let carol = Address(0xA003)
    static let keeper = Address(0xB001)
    static let stranger = Address(0xC001)
    static let start = UInt256(1_700_000_000)

    private(set) var deployment: VectorCase.Deployment
    private(set) var setup: [Scenario.Call] = []
    private(set) var state: EngineState
    private(set) var now: UInt256

    init(globalParams: GlobalParams = Fixture.globalParams, start: UInt256 = CaseBuilder.start) {
        deployment = VectorCase.Deployment(deployer: CaseBuilder.owner, timestamp: start, oracle: CaseBuilder.oracle,
                                           exchange: CaseBuilder.exchange, globalParams: globalParams)
        now = start
        switch EngineState.deploy(governance: deployment.governance, oracle: CaseBuilder.oracle, exchange: CaseBuilder.exchange,
                                  globalParams: globalParams, context: CallContext(sender: CaseBuilder.owner, timestamp: start)) {
        case let .success((deployed, _)): state = deployed
        case .failure: state = EngineState(owner: CaseBuilder.owner, oracle: CaseBuilder.oracle,
                                           exchange: CaseBuilder.exchange, globalParams: globalParams)
        }
    }

    mutating func wait(_ seconds: UInt64) { now = now &+ UInt256(seconds) }

    /// Adds a set-up call `seconds` after the previous one and runs it.
    @discardableResult
    mutating func run(_ call: EngineCall, from: Address, after seconds: UInt64 = 12) -> CallOutcome {
        wait(seconds)
        setup.append(Scenario.Call(from: from, timestamp: now, call: call, isStatic: call.function.isView))
        return state.execute(call, context: CallContext(sender: from, timestamp: now))
    }

    /// What `call` would do now (`seconds` later), without recording it.
    func probe(_ call: EngineCall, from: Address, after seconds: UInt64 = 12) -> CallOutcome {
        var copy = state
        return copy.execute(call, context: CallContext(sender: from, timestamp: now &+ UInt256(seconds)))
    }

    /// The case with `call` as the call under test, `seconds` after the set-up.
    func finish(_ operation: String, _ suite: String, _ name: String, _ description: String,
                call: EngineCall, from: Address, after seconds: UInt64 = 12,
                expect promise: VectorCase.Promise? = nil) -> VectorCase {
        var c = VectorCase(operation: operation, suite: suite, name: name, description: description,
                           deployment: deployment, setup: setup,
                           call: Scenario.Call(from: from, timestamp: now &+ UInt256(seconds), call: call,
                                               isStatic: call.function.isView))
        // An errors-suite case promises a revert unless it names which.
        c.promise = promise ?? (suite == "errors" ? .revert("") : .unspecified)
        return c
    }

    // MARK: Common set-ups

    /// Lists the fixture's assets (USDC, WETH, USD18) and markets (ETH, BTC, SOL).
    mutating func listAll(assets: Int = 3, markets: Int = 3) {
        for a in 0..<assets {
            let (decimals, weight, price) = Fixture.assets[a]
            run(.listAsset(decimals: decimals, weight: weight, price: price), from: CaseBuilder.owner)
        }
        for m in 0..<markets {
            run(.listMarket(price: Fixture.marketPrices[m], variance: Fixture.variances[m], params: Fixture.marketParams[m]),
                from: CaseBuilder.owner)
        }
    }

    /// The fixture's assets, then one ETH market at 2,000 USD with these
    /// parameters and variance: the set-up of the single-market suites.
    static func oneMarket(_ params: MarketParams, variance: UInt256) -> CaseBuilder {
        var b = CaseBuilder()
        b.listAll(assets: 3, markets: 0)
        b.run(.listMarket(price: Fixture.wad(2000), variance: variance, params: params), from: CaseBuilder.owner)
        return b
    }

    /// Funds alice and bob with 100,000 USD18 each, then alice buys `size`
    /// of market 0 from bob at the oracle price.
    mutating func openAliceLong(_ size: UInt256) {
        fund(CaseBuilder.alice, usd: 100_000)
        fund(CaseBuilder.bob, usd: 100_000)
        trade(buyer: CaseBuilder.alice, seller: CaseBuilder.bob, market: 0, size: size)
    }

    /// Deposits `usd` whole dollars of USD18 (asset 2: 18 decimals, weight 1,
    /// price 1), so equity moves by exactly the deposited wei.
    mutating func fund(_ account: Address, usd: UInt64) {
        run(.deposit(asset: 2, amount: Fixture.wad(usd)), from: account)
    }

    /// Deposits exactly `wei` of USD18.
    mutating func fundWei(_ account: Address, _ wei: UInt256) {
        if !wei.isZero { run(.deposit(asset: 2, amount: wei), from: account) }
    }

    /// The smallest deposit of USD18 wei into `account`, below `limit`, after
    /// which `holds` is true of the builder (bisection: `holds` must be
    /// monotone in the deposit, as any test of equity against a bound is,
    /// since equity moves wei for wei with USD18). `limit` if none is.
    func smallestTopUp(_ account: Address, below limit: UInt256, where holds: (CaseBuilder) -> Bool) -> UInt256 {
        var lo = UInt256.zero, hi = limit
        while lo < hi {
            let mid = lo &+ EVM.div(hi &- lo, 2)
            var b = self
            b.fundWei(account, mid)
            if holds(b) { hi = mid } else { lo = mid &+ .one }
        }
        return lo
    }

    /// A trade of `size` (WAD units) at the oracle price unless given.
    mutating func trade(buyer: Address, seller: Address, market: UInt64, size: UInt256, price: UInt256? = nil) {
        let p = price ?? state.markets[Int(market)].price
        run(.settleTrade(buyer: buyer, seller: seller, market: UInt256(market), size: size, price: p),
            from: CaseBuilder.exchange)
    }

    /// Posts a market price observed now.
    mutating func post(market: UInt64, price: UInt256, after seconds: UInt64 = 12) {
        wait(seconds)
        run(.postPrice(market: UInt256(market), price: price, timestamp: now), from: CaseBuilder.oracle, after: 0)
    }

    /// Moves the market price down (or up) by `bps` basis points every
    /// `interval` seconds, so the variance stays moderate, until `done` holds
    /// for the state 12 s later; false if it never does within `steps`.
    @discardableResult
    mutating func walk(market: UInt64, bps: UInt64, up: Bool = false, interval: UInt64 = 300, steps: Int = 400,
                       until done: (CaseBuilder) -> Bool) -> Bool {
        for _ in 0..<steps {
            if done(self) { return true }
            let p = state.markets[Int(market)].price
            let move = (try? UInt256.mulDiv(p, UInt256(bps), 10_000)) ?? .zero
            post(market: market, price: up ? p &+ move : p &- move, after: interval)
        }
        return done(self)
    }

    func equity(_ account: Address) -> Int256 { (try? state.equity(account)) ?? .zero }

    func margin(_ account: Address, after seconds: UInt64 = 12) -> MarginBreakdown? {
        try? state.marginBreakdown(account, now: now &+ UInt256(seconds))
    }
}
