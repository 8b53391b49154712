// Every revert of every operation, reached by a call sequence from
// deployment: one row per check of Spec/operations/*.md, with the exact
// revert expected. Every reverting call must leave the state untouched and
// emit nothing (Chain.call checks both). The set of errors produced must be
// all 37 of EngineError, plus the checked-arithmetic class.
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic
import Testing

/// What a reverting call must return.
enum ExpectedRevert: CustomStringConvertible {
    case exactly(Revert)
    /// When an argument is a post-state value: the name, and a law on the arguments.
    case matching(String, @Sendable (Revert) -> Bool)

    var name: String {
        switch self {
        case let .exactly(revert): return revert.name
        case let .matching(name, _): return name
        }
    }

    func accepts(_ revert: Revert) -> Bool {
        switch self {
        case let .exactly(expected): return revert == expected
        case let .matching(name, law): return revert.name == name && law(revert)
        }
    }

    var description: String {
        switch self {
        case let .exactly(revert): return "\(revert)"
        case let .matching(name, _): return "\(name)(…)"
        }
    }
}

/// One row of the table: an operation's check, the state before, the call.
struct RevertCase: @unchecked Sendable, CustomStringConvertible {
    let operation: String
    let check: String
    let expected: ExpectedRevert
    let sender: Address
    let call: EngineCall
    let setup: () -> Chain

    var description: String { "\(operation): \(check)" }
}

extension Revert {
    /// The InsufficientMargin arguments, if this is one.
    var insufficientMargin: (account: Address, equity: Int256, required: UInt256)? {
        if case let .error(.insufficientMargin(account, equity, required)) = self { return (account, equity, required) }
        return nil
    }
}

enum RevertTable {
    static let max = UInt256.max
    static func err(_ e: EngineError) -> ExpectedRevert { .exactly(.error(e)) }

    /// A chain with `n` assets listed (USDC first).
    static func withAssets(_ n: Int) -> Chain {
        var chain = Chain()
        for _ in 0..<n { chain.listUSDC() }
        return chain
    }

    static func withMarkets(_ n: Int) -> Chain {
        var chain = Chain()
        for _ in 0..<n { chain.listMarket() }
        return chain
    }

    /// A chain deployed so close to 2^256 that `now + 604800` overflows.
    static func endOfTime() -> Chain {
        Chain(at: UInt256.max &- 1000)
    }

    /// Alice long 10^25 units of a cheap market (price 10^9 wei), underwater after a 5 % drop,
    /// and the liquidator already long 10^26 - 10^24 units: taking alice's position would
    /// exceed MAX_POSITION_SIZE.
    static func cheapMarketWithFullLiquidator() -> Chain {
        var chain = Chain()
        chain.listUSDC()
        chain.listMarket(price: 1_000_000_000)
        chain.succeed(.deposit(asset: 0, amount: 300), from: Actor.alice)          // 3·10^14 wei of USD
        chain.depositUSDC(Actor.bob, 1)
        chain.depositUSDC(Actor.dave, 1)
        chain.depositUSDC(Actor.liquidator, 1000)
        chain.trade(buyer: Actor.alice, seller: Actor.bob, size: pow10(25), price: 1_000_000_000)
        chain.trade(buyer: Actor.liquidator, seller: Actor.dave, size: pow10(26) &- pow10(24), price: 1_000_000_000)
        chain.advance(60)
        chain.post(price: 950_000_000)
        return chain
    }

    /// Alice long 10 at 2000 marked at 1800 (equity -1410, fund 20), and dave short 1 at 2000 with
    /// only 100 USDC: as counterparty for 1 unit at q = 1800 + 1388.000000000000000001 he ends below 0.
    static func poorCounterparty() -> Chain {
        var chain = Scenario.listed()
        chain.depositUSDC(Actor.dave, 100)
        chain.trade(buyer: Actor.alice, seller: Actor.bob, size: wad("10"), price: wad("2000"))
        chain.trade(buyer: Actor.liquidator, seller: Actor.dave, size: wad("1"), price: wad("2000"))
        chain.advance(60)
        chain.post(price: wad("1800"))
        return chain
    }

    /// `aliceLong(markedAt: "1900")` plus dave short 1 opened at `entry` after the mark (to the liquidator).
    static func bankruptWithDaveShortAt(_ entry: String) -> Chain {
        var chain = Scenario.aliceLong(markedAt: "1900")
        chain.depositUSDC(Actor.dave, 1000)
        chain.trade(buyer: Actor.liquidator, seller: Actor.dave, size: wad("1"), price: wad(entry))
        return chain
    }

    static var cases: [RevertCase] {
        let (owner, oracle, exchange) = (Actor.owner, Actor.oracle, Actor.exchange)
        let (alice, bob, carol, dave, liquidator, stranger) = (Actor.alice, Actor.bob, Actor.carol, Actor.dave, Actor.liquidator, Actor.stranger)
        let t0 = Chain.genesis, day = UInt256(86_400)
        let std = MarketParams.standard, g = GlobalParams.standard
        func c(_ op: String, _ check: String, _ expected: ExpectedRevert, from sender: Address, _ call: EngineCall,
               _ setup: @escaping () -> Chain = { Chain() }) -> RevertCase {
            RevertCase(operation: op, check: check, expected: expected, sender: sender, call: call, setup: setup)
        }
        func after(_ seconds: UInt64, _ chain: @escaping () -> Chain) -> () -> Chain {
            { var x = chain(); x.advance(seconds); return x }
        }
        var rows: [RevertCase] = []

        // setRoles
        rows += [
            c("setRoles", "1 owner only", err(.unauthorized(caller: oracle)), from: oracle, .setRoles(oracle: bob, exchange: carol)),
            c("setRoles", "2 zero oracle", err(.zeroAddress), from: owner, .setRoles(oracle: .zero, exchange: carol)),
            c("setRoles", "2 zero exchange", err(.zeroAddress), from: owner, .setRoles(oracle: bob, exchange: .zero)),
        ]

        // listAsset
        rows += [
            c("listAsset", "1 owner only", err(.unauthorized(caller: exchange)), from: exchange, .listAsset(decimals: 6, weight: 0, price: 1)),
            c("listAsset", "2 at MAX_ASSETS (before the argument checks)", err(.tooManyAssets), from: owner,
              .listAsset(decimals: 19, weight: 0, price: 1)) { withAssets(4) },
            c("listAsset", "4 decimals > 18", err(.invalidDecimals(decimals: 19)), from: owner, .listAsset(decimals: 19, weight: 0, price: 1)),
            c("listAsset", "4 decimals 2^256-1", err(.invalidDecimals(decimals: max)), from: owner, .listAsset(decimals: max, weight: 0, price: 1)),
            c("listAsset", "5 weight > WAD (id 4096 + a)", err(.parameterOutOfBounds(param: 4098, value: wad("1") &+ 1)), from: owner,
              .listAsset(decimals: 18, weight: wad("1") &+ 1, price: 1)) { withAssets(2) },
            c("listAsset", "6 price 0", err(.priceOutOfBounds(price: 0)), from: owner, .listAsset(decimals: 18, weight: 0, price: 0)),
            c("listAsset", "6 price > MAX_PRICE", err(.priceOutOfBounds(price: pow10(26) &+ 1)), from: owner,
              .listAsset(decimals: 18, weight: 0, price: pow10(26) &+ 1)),
        ]

        // setAssetWeight
        rows += [
            c("setAssetWeight", "1 owner only", err(.unauthorized(caller: alice)), from: alice, .setAssetWeight(asset: 0, weight: 0)) { withAssets(1) },
            c("setAssetWeight", "2 unknown asset", err(.unknownAsset(asset: 1)), from: owner, .setAssetWeight(asset: 1, weight: 0)) { withAssets(1) },
            c("setAssetWeight", "2 unknown asset 2^256-1", err(.unknownAsset(asset: max)), from: owner, .setAssetWeight(asset: max, weight: 0)),
            c("setAssetWeight", "3 out of bounds", err(.parameterOutOfBounds(param: 4096, value: wad("1") &+ 1)), from: owner,
              .setAssetWeight(asset: 0, weight: wad("1") &+ 1)) { withAssets(1) },
            c("setAssetWeight", "3 cooldown", err(.guardrailCooldown(param: 4096, readyAt: t0 &+ day)), from: owner,
              .setAssetWeight(asset: 0, weight: wad("0.9"))) { withAssets(1) },
            c("setAssetWeight", "3 guardrail exceeded", err(.guardrailExceeded(param: 4096, current: wad("1"), requested: wad("0.74"))),
              from: owner, .setAssetWeight(asset: 0, weight: wad("0.74")), after(86_400) { withAssets(1) }),
            c("setAssetWeight", "3 readyAt = lastParamChange + 86400 overflows", .exactly(.arithmetic(.arithmetic)), from: owner,
              .setAssetWeight(asset: 0, weight: wad("0.9"))) { var x = endOfTime(); x.listUSDC(); return x },
        ]

        // listMarket
        rows += [
            c("listMarket", "1 owner only", err(.unauthorized(caller: stranger)), from: stranger, .listMarket(price: 1, variance: 0, params: std)),
            c("listMarket", "2 at MAX_MARKETS (before the argument checks)", err(.tooManyMarkets), from: owner,
              .listMarket(price: 0, variance: max, params: std)) { withMarkets(8) },
            c("listMarket", "4 price 0", err(.priceOutOfBounds(price: 0)), from: owner, .listMarket(price: 0, variance: max, params: std)),
            c("listMarket", "4 price > MAX_PRICE", err(.priceOutOfBounds(price: pow10(26) &+ 1)), from: owner,
              .listMarket(price: pow10(26) &+ 1, variance: 0, params: std)),
            c("listMarket", "5 variance > MAX_VARIANCE", err(.varianceOutOfBounds(variance: pow10(13) &+ 1)), from: owner,
              .listMarket(price: 1, variance: pow10(13) &+ 1, params: MarketParams(values: Array(repeating: max, count: ParameterBounds.market.count))!)),
        ]
        var persistent = std
        persistent.garchAlpha = persistent.garchAlpha &+ 1                     // alpha + beta = WAD + 1
        var drifting = std
        drifting.garchOmega = 1                                                 // alpha + beta = WAD with omega > 0
        rows += [
            c("listMarket", "6a alpha + beta > WAD", err(.invalidGarchParams(beta: std.garchBeta, alpha: persistent.garchAlpha, omega: 0)),
              from: owner, .listMarket(price: 1, variance: 0, params: persistent)),
            c("listMarket", "6a omega > 0 at alpha + beta = WAD", err(.invalidGarchParams(beta: std.garchBeta, alpha: std.garchAlpha, omega: 1)),
              from: owner, .listMarket(price: 1, variance: 0, params: drifting)),
            c("setMarketParams", "3a omega > 0 at alpha + beta = WAD (after the guardrails pass)",
              err(.invalidGarchParams(beta: std.garchBeta, alpha: std.garchAlpha, omega: 1)),
              from: owner, .setMarketParams(market: 0, params: drifting), after(86_400) { withMarkets(1) }),
        ]
        for (k, bounds) in ParameterBounds.market.enumerated() {
            for value in [bounds.hi &+ 1] + (bounds.lo.isZero ? [] : [bounds.lo &- 1]) {
                var values = std.values
                values[k] = value
                // Market 1: id 256·2 + k.
                rows.append(c("listMarket", "6 \(bounds.name) = \(value)", err(.parameterOutOfBounds(param: ParameterID.market(1, k), value: value)),
                              from: owner, .listMarket(price: 1, variance: 0, params: MarketParams(values: values)!)) { withMarkets(1) })
            }
        }

        // setMarketParams
        var zMoved = std
        zMoved.zScore = wad("2.5")
        var zTooFar = std
        zTooFar.zScore = wad("2.33") &+ wad("0.5825") &+ 1                 // 25 % of 2.33 is 0.5825
        var zOutOfBounds = std
        zOutOfBounds.zScore = pow10(19) &+ 1
        var zMovedBadDepth = zMoved
        zMovedBadDepth.liquidityDepth = 0
        rows += [
            c("setMarketParams", "1 owner only", err(.unauthorized(caller: oracle)), from: oracle, .setMarketParams(market: 0, params: std)) { withMarkets(1) },
            c("setMarketParams", "2 unknown market", err(.unknownMarket(market: 1)), from: owner, .setMarketParams(market: 1, params: std)) { withMarkets(1) },
            c("setMarketParams", "3 out of bounds (step 1, before the cooldown)",
              err(.parameterOutOfBounds(param: ParameterID.market(0, 1), value: pow10(19) &+ 1)), from: owner,
              .setMarketParams(market: 0, params: zOutOfBounds)) { withMarkets(1) },
            c("setMarketParams", "3 table order: k = 1 (cooldown) fails before k = 4 (out of bounds)",
              err(.guardrailCooldown(param: ParameterID.market(0, 1), readyAt: t0 &+ day)), from: owner,
              .setMarketParams(market: 0, params: zMovedBadDepth)) { withMarkets(1) },
            c("setMarketParams", "3 cooldown", err(.guardrailCooldown(param: ParameterID.market(0, 1), readyAt: t0 &+ day)), from: owner,
              .setMarketParams(market: 0, params: zMoved)) { withMarkets(1) },
            c("setMarketParams", "3 guardrail exceeded", err(.guardrailExceeded(param: ParameterID.market(0, 1), current: wad("2.33"),
                                                                              requested: zTooFar.zScore)),
              from: owner, .setMarketParams(market: 0, params: zTooFar), after(86_400) { withMarkets(1) }),
        ]

        // setCorrelation
        rows += [
            c("setCorrelation", "1 owner only", err(.unauthorized(caller: alice)), from: alice,
              .setCorrelation(marketA: 0, marketB: 1, correlation: 0)) { withMarkets(2) },
            c("setCorrelation", "2 unknown marketA (checked first)", err(.unknownMarket(market: 5)), from: owner,
              .setCorrelation(marketA: 5, marketB: 6, correlation: 0)) { withMarkets(2) },
            c("setCorrelation", "3 unknown marketB", err(.unknownMarket(market: 2)), from: owner,
              .setCorrelation(marketA: 1, marketB: 2, correlation: 0)) { withMarkets(2) },
            c("setCorrelation", "4 the diagonal", err(.invalidCorrelationPair(marketA: 1, marketB: 1)), from: owner,
              .setCorrelation(marketA: 1, marketB: 1, correlation: swad("1"))) { withMarkets(2) },
            c("setCorrelation", "5 above WAD", err(.correlationOutOfBounds(marketA: 1, marketB: 0, correlation: swad("1") &+ 1)), from: owner,
              .setCorrelation(marketA: 1, marketB: 0, correlation: swad("1") &+ 1)) { withMarkets(2) },
            c("setCorrelation", "5 below -WAD", err(.correlationOutOfBounds(marketA: 0, marketB: 1, correlation: Int256.min)), from: owner,
              .setCorrelation(marketA: 0, marketB: 1, correlation: Int256.min)) { withMarkets(2) },
            c("setCorrelation", "7 cooldown after the first setting", err(.guardrailCooldown(param: ParameterID.correlation(0, 1), readyAt: t0 &+ day)),
              from: owner, .setCorrelation(marketA: 1, marketB: 0, correlation: swad("0.51"))) {
                var x = withMarkets(2); x.succeed(.setCorrelation(marketA: 0, marketB: 1, correlation: swad("0.5")), from: owner); return x
            },
            c("setCorrelation", "7 guardrail exceeded", err(.correlationGuardrailExceeded(marketA: 1, marketB: 0, current: swad("0.5"),
                                                                                         requested: swad("0.625") &+ 1)),
              from: owner, .setCorrelation(marketA: 1, marketB: 0, correlation: swad("0.625") &+ 1)) {
                var x = withMarkets(2); x.succeed(.setCorrelation(marketA: 0, marketB: 1, correlation: swad("0.5")), from: owner)
                x.advance(86_400); return x
            },
            c("setCorrelation", "7 readyAt overflows", .exactly(.arithmetic(.arithmetic)), from: owner,
              .setCorrelation(marketA: 1, marketB: 0, correlation: swad("0.6"))) {
                var x = endOfTime(); x.listMarket(); x.listMarket()
                x.succeed(.setCorrelation(marketA: 0, marketB: 1, correlation: swad("0.5")), from: owner); return x
            },
        ]

        // setGlobalParams
        for (k, bounds) in ParameterBounds.global.enumerated() {
            for value in [bounds.hi &+ 1] + (bounds.lo.isZero ? [] : [bounds.lo &- 1]) {
                var values = g.values
                values[k] = value
                rows.append(c("setGlobalParams", "2 \(bounds.name) = \(value)", err(.parameterOutOfBounds(param: ParameterID.global(k), value: value)),
                              from: owner, .setGlobalParams(GlobalParams(values: values)!)))
            }
        }
        var moreAge = g
        moreAge.maxOracleAge = 4500
        var tooMuchAge = g
        tooMuchAge.maxOracleAge = 4501
        rows += [
            c("setGlobalParams", "1 owner only", err(.unauthorized(caller: exchange)), from: exchange, .setGlobalParams(g)),
            c("setGlobalParams", "2 cooldown", err(.guardrailCooldown(param: 4, readyAt: t0 &+ day)), from: owner, .setGlobalParams(moreAge)),
            c("setGlobalParams", "2 guardrail exceeded", err(.guardrailExceeded(param: 4, current: 3600, requested: 4501)), from: owner,
              .setGlobalParams(tooMuchAge), after(86_400) { Chain() }),
        ]

        // setTierParams, setAttestor, attest, revoke (carol is the attestor)
        let cent = pow10(16), bound = Constants.maxTierDiscount
        func tiers(_ v: [UInt256]) -> TierParams { TierParams(values: v)! }
        let attestor = { var x = Chain(); x.succeed(.setAttestor(carol), from: owner); return x }
        let tiered = { var x = attestor(); x.succeed(.setTierParams(tiers([cent, cent, cent, cent])), from: owner); return x }
        let aliceAttested = { var x = attestor(); x.succeed(.attest(alice, tier: 1, expiry: t0 &+ 100), from: carol); return x }
        rows += [
            c("setTierParams", "1 owner only", err(.unauthorized(caller: carol)), from: carol, .setTierParams(.zero), attestor),
            c("setTierParams", "2 cap above MAX_TIER_DISCOUNT", err(.parameterOutOfBounds(param: ParameterID.tier(0), value: bound &+ 1)),
              from: owner, .setTierParams(tiers([bound &+ 1, 0, 0, 0]))),
            c("setTierParams", "2 discount past the guardrail", err(.guardrailExceeded(param: ParameterID.tier(1), current: 0, requested: cent &+ 1)),
              from: owner, .setTierParams(tiers([cent, cent &+ 1, 0, 0]))),
            c("setTierParams", "2 cooldown", err(.guardrailCooldown(param: ParameterID.tier(0), readyAt: t0 &+ day)),
              from: owner, .setTierParams(tiers([cent &* 2, cent, cent, cent])), tiered),
            c("setTierParams", "3 discount above the requested cap", err(.tierDiscountAboveCap(tier: 2, discount: cent, cap: pow10(15) &* 5)),
              from: owner, .setTierParams(tiers([pow10(15) &* 5, 0, cent, 0]))),
            c("setAttestor", "1 owner only", err(.unauthorized(caller: alice)), from: alice, .setAttestor(alice)),
            c("setAttestor", "2 the owner", err(.invalidAttestor(attestor: owner)), from: owner, .setAttestor(owner)),
            c("setAttestor", "2 a live attestation", err(.invalidAttestor(attestor: alice)), from: owner, .setAttestor(alice), aliceAttested),
            c("attest", "1 attestor only", err(.unauthorized(caller: owner)), from: owner, .attest(alice, tier: 1, expiry: t0 &+ 1), attestor),
            c("attest", "1 no attestor", err(.unauthorized(caller: carol)), from: carol, .attest(alice, tier: 1, expiry: t0 &+ 1)),
            c("attest", "2 zero address", err(.zeroAddress), from: carol, .attest(.zero, tier: 0, expiry: 0), attestor),
            c("attest", "3 itself (before the tier)", err(.selfAttestation(account: carol)), from: carol, .attest(carol, tier: 0, expiry: 0), attestor),
            c("attest", "4 tier 4 (before the expiry)", err(.invalidTier(tier: 4)), from: carol, .attest(alice, tier: 4, expiry: 0), attestor),
            c("attest", "5 expiry now", err(.invalidExpiry(expiry: t0, blockTimestamp: t0)), from: carol, .attest(alice, tier: 3, expiry: t0), attestor),
            c("attest", "5 one second past the term", err(.invalidExpiry(expiry: t0 &+ Constants.maxAttestationTerm &+ 1, blockTimestamp: t0)),
              from: carol, .attest(alice, tier: 3, expiry: t0 &+ Constants.maxAttestationTerm &+ 1), attestor),
            c("attest", "5 now + term overflows", .exactly(.arithmetic(.arithmetic)), from: carol, .attest(alice, tier: 3, expiry: max)) {
                var x = attestor(); x.now = max &- 1; return x
            },
            c("revoke", "1 attestor only", err(.unauthorized(caller: owner)), from: owner, .revoke(alice), aliceAttested),
        ]

        // postPrice
        let listed1 = { withMarkets(1) }
        rows += [
            c("postPrice", "1 oracle only", err(.unauthorized(caller: owner)), from: owner, .postPrice(market: 0, price: 1, timestamp: t0), listed1),
            c("postPrice", "2 unknown market", err(.unknownMarket(market: 1)), from: oracle, .postPrice(market: 1, price: 1, timestamp: t0), listed1),
            c("postPrice", "3 price 0 (before the time checks)", err(.priceOutOfBounds(price: 0)), from: oracle,
              .postPrice(market: 0, price: 0, timestamp: 0), listed1),
            c("postPrice", "3 price > MAX_PRICE", err(.priceOutOfBounds(price: pow10(26) &+ 1)), from: oracle,
              .postPrice(market: 0, price: pow10(26) &+ 1, timestamp: t0 &+ 1), after(1, listed1)),
            c("postPrice", "4 not newer (equal)", err(.observationNotNewer(timestamp: t0, lastTimestamp: t0)), from: oracle,
              .postPrice(market: 0, price: 1, timestamp: t0), after(5, listed1)),
            c("postPrice", "5 in the future", err(.observationInFuture(timestamp: t0 &+ 6, blockTimestamp: t0 &+ 5)), from: oracle,
              .postPrice(market: 0, price: 1, timestamp: t0 &+ 6), after(5, listed1)),
            c("postPrice", "17 now + breakerCooldown overflows", .exactly(.arithmetic(.arithmetic)), from: oracle,
              .postPrice(market: 0, price: wad("2300"), timestamp: max)) { var x = endOfTime(); x.listMarket(); x.advance(1000); return x },
        ]

        // postAssetPrice
        let listedAsset = { withAssets(1) }
        rows += [
            c("postAssetPrice", "1 oracle only", err(.unauthorized(caller: exchange)), from: exchange,
              .postAssetPrice(asset: 0, price: 1, timestamp: t0), listedAsset),
            c("postAssetPrice", "2 unknown asset", err(.unknownAsset(asset: 1)), from: oracle, .postAssetPrice(asset: 1, price: 1, timestamp: t0), listedAsset),
            c("postAssetPrice", "3 price 0", err(.priceOutOfBounds(price: 0)), from: oracle, .postAssetPrice(asset: 0, price: 0, timestamp: t0), listedAsset),
            c("postAssetPrice", "4 not newer (older)", err(.observationNotNewer(timestamp: t0 &- 1, lastTimestamp: t0)), from: oracle,
              .postAssetPrice(asset: 0, price: 1, timestamp: t0 &- 1), after(5, listedAsset)),
            c("postAssetPrice", "5 in the future", err(.observationInFuture(timestamp: max, blockTimestamp: t0 &+ 5)), from: oracle,
              .postAssetPrice(asset: 0, price: 1, timestamp: max), after(5, listedAsset)),
        ]

        // deposit
        rows += [
            c("deposit", "1 unknown asset", err(.unknownAsset(asset: 0)), from: alice, .deposit(asset: 0, amount: 1)),
            c("deposit", "2 zero amount", err(.zeroAmount), from: alice, .deposit(asset: 0, amount: 0), listedAsset),
            c("deposit", "3 amount > MAX_COLLATERAL (guards the sum)", err(.collateralLimitExceeded(asset: 0, amount: max)), from: alice,
              .deposit(asset: 0, amount: max), listedAsset),
            c("deposit", "5 scaled new balance > MAX_COLLATERAL", err(.collateralLimitExceeded(asset: 0, amount: pow10(18) &+ 600_000_000)),
              from: alice, .deposit(asset: 0, amount: pow10(18))) { Scenario.listed() },
        ]

        // withdraw
        rows += [
            c("withdraw", "1 unknown asset", err(.unknownAsset(asset: 1)), from: alice, .withdraw(asset: 1, amount: 1)) { Scenario.listed() },
            c("withdraw", "2 zero amount", err(.zeroAmount), from: alice, .withdraw(asset: 0, amount: 0)) { Scenario.listed() },
            c("withdraw", "4 more than the balance", err(.insufficientBalance(asset: 0, balance: 600_000_000, amount: 600_000_001)),
              from: alice, .withdraw(asset: 0, amount: 600_000_001)) { Scenario.listed() },
            c("withdraw", "6 stale market price with a position", err(.stalePrice(market: 0, age: 3601)), from: alice,
              .withdraw(asset: 0, amount: 1), after(3601) { Scenario.aliceLong(markedAt: "2000") }),
            c("withdraw", "6 stale asset price with a position", err(.staleAssetPrice(asset: 0, age: 3661)), from: alice,
              .withdraw(asset: 0, amount: 1)) {
                var x = Scenario.aliceLong(markedAt: "2000"); x.advance(3601); x.post(price: wad("2000")); return x
            },
            c("withdraw", "7 below IM after the withdrawal",
              .matching("InsufficientMargin") { r in
                  r.insufficientMargin.map { $0.account == Actor.alice && $0.equity == swad("490")
                      && $0.required == u("493847506664237774400") } ?? false
              }, from: alice, .withdraw(asset: 0, amount: 100_000_000)) { Scenario.aliceLong(markedAt: "2000") },
        ]

        // settleTrade
        let listed = { Scenario.listed() }
        func trade(_ buyer: Address, _ seller: Address, _ size: UInt256, _ price: UInt256 = wad("2000"), market: UInt256 = 0) -> EngineCall {
            .settleTrade(buyer: buyer, seller: seller, market: market, size: size, price: price)
        }
        rows += [
            c("settleTrade", "1 exchange only", err(.unauthorized(caller: owner)), from: owner, trade(alice, bob, 1), listed),
            c("settleTrade", "2 unknown market", err(.unknownMarket(market: 1)), from: exchange, trade(alice, bob, 1, market: 1), listed),
            c("settleTrade", "3 self-trade", err(.selfTrade(account: alice)), from: exchange, trade(alice, alice, 1), listed),
            c("settleTrade", "4 size 0", err(.invalidSize(size: 0)), from: exchange, trade(alice, bob, 0), listed),
            c("settleTrade", "4 size > MAX_POSITION_SIZE", err(.invalidSize(size: pow10(26) &+ 1)), from: exchange,
              trade(alice, bob, pow10(26) &+ 1), listed),
            c("settleTrade", "5 price 0", err(.priceOutOfBounds(price: 0)), from: exchange, trade(alice, bob, 1, 0), listed),
            c("settleTrade", "6 one wei outside the 2 % band", err(.priceOutOfBand(market: 0, price: wad("2040") &+ 1, oraclePrice: wad("2000"))),
              from: exchange, trade(alice, bob, 1, wad("2040") &+ 1), listed),
            c("settleTrade", "6 below the band", err(.priceOutOfBand(market: 0, price: wad("1960") &- 1, oraclePrice: wad("2000"))),
              from: exchange, trade(alice, bob, 1, wad("1960") &- 1), listed),
            c("settleTrade", "7 buyer past MAX_POSITION_SIZE", err(.positionTooLarge(account: alice, market: 0, size: Int256.signed(false, pow10(26) &+ 1))),
              from: exchange, trade(alice, bob, pow10(26))) { var x = Scenario.listed(); x.trade(buyer: alice, seller: bob, size: 1, price: wad("2000")); return x },
            c("settleTrade", "8 seller past MAX_POSITION_SIZE", err(.positionTooLarge(account: bob, market: 0, size: Int256.signed(true, pow10(26) &+ 1))),
              from: exchange, trade(carol, bob, pow10(26))) { var x = Scenario.listed(); x.trade(buyer: alice, seller: bob, size: 1, price: wad("2000")); return x },
            c("settleTrade", "10 stale price for a risk-increasing trade", err(.stalePrice(market: 0, age: 3601)), from: exchange,
              trade(alice, bob, wad("1")), after(3601, listed)),
            c("settleTrade", "10 breaker active", err(.breakerActive(market: 0, until: t0 &+ 60 &+ 1800)), from: exchange,
              trade(alice, bob, wad("1"), wad("2300"))) { var x = Scenario.listed(); x.advance(60); x.post(price: wad("2300")); return x },
            c("settleTrade", "19 buyer below IM",
              .matching("InsufficientMargin") { r in
                  r.insufficientMargin.map { $0.account == Actor.carol && $0.equity == swad("-1") && $0.required > 0 } ?? false
              }, from: exchange, trade(carol, bob, wad("1")), listed),
            c("settleTrade", "20 seller below IM",
              .matching("InsufficientMargin") { r in
                  r.insufficientMargin.map { $0.account == Actor.carol && $0.equity == swad("-1") && $0.required > 0 } ?? false
              }, from: exchange, trade(bob, carol, wad("1")), listed),
            c("settleTrade", "20 a reducing seller needs equity >= 0", err(.insufficientMargin(account: alice, equity: swad("-48.951"), required: 0)),
              from: exchange, trade(bob, alice, wad("1"), wad("1902"))) {
                // Alice (equity -10 at 1940) sells 1 back at 1902 (inside the band), fee 0.951: reducing, so no
                // IM and no freshness check, but her equity must end >= 0: -10 - 38 - 0.951.
                Scenario.aliceLong(markedAt: "1940")
            },
        ]

        // liquidate
        rows += [
            c("liquidate", "1 unknown market", err(.unknownMarket(market: 3)), from: liquidator, .liquidate(account: alice, market: 3, size: 1)) {
                Scenario.aliceLong(markedAt: "1990")
            },
            c("liquidate", "2 self-liquidation", err(.selfTrade(account: alice)), from: alice, .liquidate(account: alice, market: 0, size: 1)) {
                Scenario.aliceLong(markedAt: "1990")
            },
            c("liquidate", "3 no position (checked before the size)", err(.noPosition(account: carol, market: 0)), from: liquidator,
              .liquidate(account: carol, market: 0, size: 0)) { Scenario.aliceLong(markedAt: "1990") },
            c("liquidate", "4 size 0", err(.invalidSize(size: 0)), from: liquidator, .liquidate(account: alice, market: 0, size: 0)) {
                Scenario.aliceLong(markedAt: "1990")
            },
            c("liquidate", "5 stale price", err(.stalePrice(market: 0, age: 3601)), from: liquidator,
              .liquidate(account: alice, market: 0, size: 1), after(3601) { Scenario.aliceLong(markedAt: "1990") }),
            c("liquidate", "6 healthy account",
              .matching("NotLiquidatable") { r in
                  if case let .error(.notLiquidatable(account, equity, mm)) = r {
                      return account == Actor.alice && equity == swad("590") && mm == u("329231671109491849600")
                  }
                  return false
              }, from: liquidator, .liquidate(account: alice, market: 0, size: 1)) { Scenario.aliceLong(markedAt: "2000") },
            c("liquidate", "7 beyond the close factor", err(.closeTooLarge(size: wad("5") &+ 1, maxSize: wad("5"))), from: liquidator,
              .liquidate(account: alice, market: 0, size: wad("5") &+ 1)) { Scenario.aliceLong(markedAt: "1990") },
            c("liquidate", "7 deeply underwater: beyond the whole position", err(.closeTooLarge(size: wad("10") &+ 1, maxSize: wad("10"))),
              from: liquidator, .liquidate(account: alice, market: 0, size: wad("10") &+ 1)) { Scenario.aliceLong(markedAt: "1960") },
            c("liquidate", "8 liquidator past MAX_POSITION_SIZE",
              err(.positionTooLarge(account: liquidator, market: 0, size: Int256.signed(false, pow10(26) &- pow10(24) &+ pow10(25)))),
              from: liquidator, .liquidate(account: alice, market: 0, size: pow10(25))) { cheapMarketWithFullLiquidator() },
            c("liquidate", "18 bad debt beyond the fund", err(.insuranceInsufficient(account: alice, deficit: wad("410"), fund: wad("20"))),
              from: liquidator, .liquidate(account: alice, market: 0, size: wad("10"))) { Scenario.aliceLong(markedAt: "1900") },
            c("liquidate", "19 liquidator below IM",
              .matching("InsufficientMargin") { r in
                  r.insufficientMargin.map { $0.account == Actor.carol && $0.required > 0 && $0.equity < Int256(bitPattern: $0.required) } ?? false
              }, from: carol, .liquidate(account: alice, market: 0, size: wad("5"))) { Scenario.aliceLong(markedAt: "1990") },
        ]

        // deleverage
        let bankrupt = { Scenario.aliceLong(markedAt: "1900") }
        func adl(_ b: Address, _ cp: Address, _ size: UInt256, market: UInt256 = 0) -> EngineCall {
            .deleverage(bankrupt: b, counterparty: cp, market: market, size: size)
        }
        rows += [
            c("deleverage", "1 unknown market", err(.unknownMarket(market: 4)), from: Actor.keeper, adl(alice, bob, 1, market: 4), bankrupt),
            c("deleverage", "2 counterparty = bankrupt", err(.selfTrade(account: alice)), from: Actor.keeper, adl(alice, alice, 1), bankrupt),
            c("deleverage", "3 size 0 (checked before the position)", err(.invalidSize(size: 0)), from: Actor.keeper, adl(carol, bob, 0), bankrupt),
            c("deleverage", "4 no position", err(.noPosition(account: carol, market: 0)), from: Actor.keeper, adl(carol, bob, 1), bankrupt),
            c("deleverage", "5 stale price", err(.stalePrice(market: 0, age: 3601)), from: Actor.keeper, adl(alice, bob, 1), after(3601, bankrupt)),
            c("deleverage", "6 not bankrupt", err(.notBankrupt(account: alice, equity: swad("590"))), from: Actor.keeper, adl(alice, bob, 1)) {
                Scenario.aliceLong(markedAt: "2000")
            },
            c("deleverage", "6 equity exactly 0 is not bankrupt", err(.notBankrupt(account: alice, equity: 0)), from: Actor.keeper,
              adl(alice, bob, 1)) { Scenario.aliceLong(markedAt: "1941") },
            c("deleverage", "7 the fund can cover", err(.insuranceCanCover(deficit: wad("10"), fund: wad("20"))), from: Actor.keeper,
              adl(alice, bob, 1)) { Scenario.aliceLong(markedAt: "1940") },
            c("deleverage", "8 more than the bankrupt position", err(.closeTooLarge(size: wad("10") &+ 1, maxSize: wad("10"))), from: Actor.keeper,
              adl(alice, bob, wad("10") &+ 1), bankrupt),
            c("deleverage", "9 flat counterparty", err(.ineligibleCounterparty(counterparty: carol, size: 0, unrealisedPnl: 0)),
              from: Actor.keeper, adl(alice, carol, 1), bankrupt),
            c("deleverage", "9 counterparty on the same side", err(.ineligibleCounterparty(counterparty: liquidator, size: swad("1"),
                                                                                          unrealisedPnl: 0)),
              from: Actor.keeper, adl(alice, liquidator, 1)) { bankruptWithDaveShortAt("1900") },
            c("deleverage", "9 counterparty smaller than size", err(.ineligibleCounterparty(counterparty: dave, size: swad("-1"),
                                                                                           unrealisedPnl: swad("38"))),
              from: Actor.keeper, adl(alice, dave, wad("1") &+ 1)) { bankruptWithDaveShortAt("1938") },
            c("deleverage", "9 counterparty at zero PnL", err(.ineligibleCounterparty(counterparty: dave, size: swad("-1"), unrealisedPnl: 0)),
              from: Actor.keeper, adl(alice, dave, 1)) { bankruptWithDaveShortAt("1900") },
            c("deleverage", "9 counterparty at a loss", err(.ineligibleCounterparty(counterparty: dave, size: swad("-1"), unrealisedPnl: swad("-38"))),
              from: Actor.keeper, adl(alice, dave, 1)) { bankruptWithDaveShortAt("1862") },
            c("deleverage", "10 long bankrupt: q above MAX_PRICE",
              err(.bankruptcyPriceOutOfRange(market: 0, oraclePrice: wad("1900"), shift: (wad("390") &+ 1) &* wad("1"))),
              from: Actor.keeper, adl(alice, bob, 1), bankrupt),
            c("deleverage", "10 short bankrupt: shift >= price",
              err(.bankruptcyPriceOutOfRange(market: 0, oraclePrice: wad("2100"), shift: (wad("390") &+ 1) &* wad("1"))),
              from: Actor.keeper, adl(bob, alice, 1)) { Scenario.bobShort(markedAt: "2100") },
            c("deleverage", "15 counterparty left below 0",
              .matching("InsufficientMargin") { r in
                  r.insufficientMargin.map { $0.account == Actor.dave && $0.equity < 0 && $0.required == 0 } ?? false
              }, from: Actor.keeper, adl(alice, dave, wad("1"))) { poorCounterparty() },
        ]

        // views
        let views = { Scenario.aliceLong(markedAt: "2000") }
        rows += [
            c("unrealisedPnl", "unknown market", err(.unknownMarket(market: 1)), from: stranger, .unrealisedPnl(alice, market: 1), views),
            c("adlScore", "1 unknown market", err(.unknownMarket(market: max)), from: stranger, .adlScore(alice, market: max), views),
            c("marketParams", "unknown market", err(.unknownMarket(market: 1)), from: stranger, .marketParams(market: 1), views),
            c("marketState", "unknown market", err(.unknownMarket(market: 1)), from: stranger, .marketState(market: 1), views),
            c("assetState", "unknown asset", err(.unknownAsset(asset: 1)), from: stranger, .assetState(asset: 1), views),
            c("correlation", "unknown marketA first", err(.unknownMarket(market: 2)), from: stranger, .correlation(marketA: 2, marketB: 3), views),
            c("correlation", "unknown marketB", err(.unknownMarket(market: 3)), from: stranger, .correlation(marketA: 0, marketB: 3), views),
            c("correlationSet", "unknown market", err(.unknownMarket(market: 1)), from: stranger, .correlationSet(marketA: 1, marketB: 0), views),
            c("position", "unknown market", err(.unknownMarket(market: 1)), from: stranger, .position(alice, market: 1), views),
            c("collateral", "unknown asset", err(.unknownAsset(asset: 4)), from: stranger, .collateral(alice, asset: 4), views),
        ]
        return rows
    }
}

@Suite("Every revert of every operation (operations/*.md, abi.md)")
struct RevertTableTests {
    @Test("each row reverts exactly as the Spec says, leaving the state untouched and no events")
    func everyRowReverts() throws {
        for row in RevertTable.cases {
            var chain = row.setup()
            guard let revert = chain.revert(row.call, from: row.sender) else {
                Issue.record("\(row): \(row.call.description) did not revert"); continue
            }
            #expect(row.expected.accepts(revert), "\(row): \(row.call.description) reverted with \(revert), expected \(row.expected)")
        }
    }

    @Test("the constructor reverts on a zero role and on each global parameter outside [lo, hi]")
    func constructorReverts() {
        let context = CallContext(sender: Actor.owner, timestamp: Chain.genesis)
        #expect(EngineState.deploy(governance: .zero, oracle: Actor.oracle, exchange: Actor.exchange, globalParams: .standard,
                                   context: context).failure == .error(.zeroAddress))
        #expect(EngineState.deploy(governance: Actor.governance, oracle: .zero, exchange: Actor.exchange, globalParams: .standard,
                                   context: context).failure == .error(.zeroAddress))
        #expect(EngineState.deploy(governance: Actor.governance, oracle: Actor.oracle, exchange: .zero, globalParams: .standard, context: context)
                    .failure == .error(.zeroAddress))
        for (k, bounds) in ParameterBounds.global.enumerated() {
            for value in [bounds.hi &+ 1] + (bounds.lo.isZero ? [] : [bounds.lo &- 1]) {
                var values = GlobalParams.standard.values
                values[k] = value
                let result = EngineState.deploy(governance: Actor.governance, oracle: Actor.oracle, exchange: Actor.exchange,
                                                globalParams: GlobalParams(values: values)!, context: context)
                #expect(result.failure == .error(.parameterOutOfBounds(param: ParameterID.global(k), value: value)),
                        "constructor with \(bounds.name) = \(value): \(result)")
            }
        }
        // The roles are checked before the parameters.
        var values = GlobalParams.standard.values
        values[4] = 0
        #expect(EngineState.deploy(governance: Actor.governance, oracle: .zero, exchange: Actor.exchange, globalParams: GlobalParams(values: values)!,
                                   context: context).failure == .error(.zeroAddress))
    }

    @Test("all 42 errors and the arithmetic class are produced by some call")
    func everyErrorIsReached() {
        var produced = Set<String>()
        for row in RevertTable.cases {
            var chain = row.setup()
            if case let .revert(revert) = chain.call(row.call, from: row.sender) { produced.insert(revert.name) }
        }
        let all = Set(EngineError.schemaSamples.map(\.abi.name))
        #expect(all.count == 42)
        let missing = all.subtracting(produced)
        #expect(missing.isEmpty, "errors never produced: \(missing.sorted())")
        #expect(produced.contains("arithmetic"))
        #expect(produced.subtracting(all).subtracting(["arithmetic"]).isEmpty)
        // Every state-changing operation has at least one row.
        let operations = Set(RevertTable.cases.map(\.operation))
        for function in EngineFunction.allCases where !function.isView {
            #expect(operations.contains(function.name), "no revert row for \(function.name)")
        }
    }

    @Test("division-by-zero is not reachable from calls; an out-of-bounds state (liquidityDepth 0) shows the class")
    func divisionByZeroOnlyOutOfBounds() {
        var chain = Scenario.aliceLong(markedAt: "2000")
        chain.state.markets[0].params.liquidityDepth = 0             // below its lower bound 10^18: not reachable by calls
        let before = chain.state
        let outcome = chain.state.execute(.maintenanceMargin(Actor.alice), context: CallContext(sender: Actor.stranger, timestamp: chain.now))
        #expect(outcome == .revert(.arithmetic(.divisionByZero)))
        #expect(chain.state == before)
        // A state-changing call reaching the margin reverts with the class too, and changes nothing.
        let withdraw = chain.state.execute(.withdraw(asset: 0, amount: 1), context: CallContext(sender: Actor.alice, timestamp: chain.now))
        #expect(withdraw == .revert(.arithmetic(.divisionByZero)))
        #expect(chain.state == before && withdraw.events.isEmpty)
    }
}

extension Result {
    var failure: Failure? {
        if case let .failure(f) = self { return f }
        return nil
    }
}
