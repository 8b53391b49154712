import ContractIO
import EVMArithmetic
import MarginEngine

/// Who takes part in a generated call sequence and what is listed before
/// its first generated call: the deployment, then listings, correlations
/// and first deposits.
struct World {
    /// `random` (margin props): every parameter drawn, bounds included, to
    /// reach states nobody would choose. `standard` (margin scenario): a
    /// realistic exchange of the given size, for traces worth reading.
    enum Shape: Sendable {
        case random
        case standard(traders: Int, markets: Int, assets: Int)
    }

    var deployment: VectorCase.Deployment
    var traders: [Address]
    var keepers: [Address]
    /// The set-up calls, in order.
    var setUp: [(Address, EngineCall)] = []

    init(_ shape: Shape, _ random: inout SeededRandom) {
        switch shape {
        case .random:
            traders = (0..<random.int(2...5)).map(Actors.trader)
            keepers = (0..<random.int(1...2)).map(Actors.keeper)
            deployment = World.deployment(World.randomGlobalParams(&random))
            let assets = random.chance(10) ? 4 : random.int(1...3)
            let markets = random.chance(10) ? random.int(5...8) : random.int(1...4)
            for a in 0..<assets {
                let (decimals, weight, price) = World.assetListings[a]
                setUp.append((Actors.owner, .listAsset(decimals: decimals, weight: random.chance(10) ? .zero : weight, price: price)))
            }
            for _ in 0..<markets {
                let price = random.pick(World.listingPrices)
                // About 3 % daily volatility is 1e10 per second; from none to the cap.
                let variance = [.zero, Amounts.e(8), Amounts.e(9), Amounts.e(10), Amounts.e(11), Amounts.e(12),
                                Constants.maxVariance][random.weighted([5, 20, 25, 25, 12, 8, 5])]
                setUp.append((Actors.owner, .listMarket(price: price, variance: variance, params: World.randomMarketParams(&random))))
            }
            listCorrelations(markets, &random) { r in r.chance(70) ? (r.chance(15) ? r.pick([-1, 1]) * 100 : r.int(-40...95)) : nil }
            for account in traders + keepers {
                let usd = keepers.contains(account) ? 500_000 : random.int(1...50) * 1_000
                setUp.append((account, .deposit(asset: 0, amount: Amounts.u(usd) &* Constants.pow10(6))))
            }
            if random.chance(80) {
                // The first tier step from 0 is at most minStep (1 %); later ones come from the generator.
                let step = ParameterBounds.tier[0].minStep
                let discounts = (0..<Constants.maxTier).map { _ in Amounts.percent(step, random.int(0...100)) }
                tiers(cap: step, discounts: discounts, attested: traders.filter { _ in random.chance(40) }.map {
                    ($0, Amounts.u(random.int(1...Constants.maxTier)), Amounts.u(random.chance(30) ? random.int(3_600...7_200) : random.int(86_400...31_536_000)))
                })
            }
        case let .standard(traderCount, markets, assets):
            traders = (0..<traderCount).map(Actors.trader)
            keepers = [Actors.keeper(0), Actors.keeper(1)]
            deployment = World.deployment(World.standardGlobalParams)
            for a in 0..<assets {
                let (decimals, weight, price) = World.assetListings[a]
                setUp.append((Actors.owner, .listAsset(decimals: decimals, weight: weight, price: price)))
            }
            for m in 0..<markets {
                let params = MarketParams(
                    baseMarginRatio: Amounts.fraction(1, 2), zScore: Amounts.fraction(233, 2), liquidationHorizon: 3600,
                    impactCoefficient: Amounts.fraction(1, 1), liquidityDepth: Amounts.wad(UInt64(random.int(1...20)) * 1_000_000),
                    breakerThreshold: Amounts.fraction(1, 1), breakerCooldown: 1800, breakerMultiplier: Amounts.wad(2),
                    garch: m.isMultiple(of: 2) ? World.ewma(Amounts.fraction(94, 2)) : World.realisticGarch[0],
                    oracleCadence: 60, depthFloor: Amounts.fraction(5, 1),
                    adaptiveZ: m.isMultiple(of: 2) ? World.fixedZ : (Amounts.fraction(5, 1), Amounts.wad(5)))
                // About 3 % daily volatility: 0.03^2 / 86400 per second.
                let variance = Amounts.u(random.int(5_000...20_000) * 1_000_000)
                setUp.append((Actors.owner, .listMarket(price: World.standardPrices[m], variance: variance, params: params)))
            }
            listCorrelations(markets, &random) { r in r.int(-30...90) }
            for trader in traders {
                setUp.append((trader, .deposit(asset: 0, amount: Amounts.u(random.int(1...50) * 1_000) &* Constants.pow10(6))))
            }
            for keeper in keepers {
                setUp.append((keeper, .deposit(asset: 0, amount: Amounts.u(200_000) &* Constants.pow10(6))))
            }
            // Trader 1 holds the top tier for 30 days; trader 2's lowest tier lapses two hours in.
            let attested = [(Actors.trader(0), UInt256(3), UInt256(2_592_000)), (Actors.trader(1), UInt256.one, UInt256(7_200))]
            tiers(cap: Amounts.fraction(1, 2), discounts: [Amounts.fraction(5, 3), Amounts.fraction(75, 4), Amounts.fraction(1, 2)],
                  attested: attested.filter { traders.contains($0.0) })
        }
    }

    /// The attestor, the tier parameters, and attestations of (account,
    /// tier, seconds until expiry), counted from the start time.
    private mutating func tiers(cap: UInt256, discounts: [UInt256], attested: [(Address, UInt256, UInt256)]) {
        setUp.append((Actors.owner, .setAttestor(Actors.attestor)))
        setUp.append((Actors.owner, .setTierParams(TierParams(values: [cap] + discounts.map { min($0, cap) })!)))
        for (account, tier, seconds) in attested {
            setUp.append((Actors.attestor, .attest(account, tier: tier, expiry: Actors.startTime &+ seconds)))
        }
    }

    /// A correlation for each pair of markets that `percent` gives one for.
    private mutating func listCorrelations(_ markets: Int, _ random: inout SeededRandom,
                                           _ percent: (inout SeededRandom) -> Int?) {
        for a in 0..<markets {
            for b in (a + 1)..<max(a + 1, markets) {
                guard let rho = percent(&random) else { continue }
                setUp.append((Actors.owner, .setCorrelation(marketA: Amounts.u(a), marketB: Amounts.u(b),
                                                             correlation: Amounts.percentWad(rho))))
            }
        }
    }

    private static func deployment(_ globalParams: GlobalParams) -> VectorCase.Deployment {
        VectorCase.Deployment(deployer: Actors.owner, timestamp: Actors.startTime, oracle: Actors.oracle,
                              exchange: Actors.exchange, globalParams: globalParams)
    }

    // MARK: Listings

    /// (decimals, weight, price) of the collateral assets: USDC first.
    static let assetListings: [(UInt256, UInt256, UInt256)] = [
        (6, Amounts.e(18), Amounts.e(18)), (18, Amounts.fraction(8, 1), Amounts.wad(2000)),
        (8, Amounts.fraction(7, 1), Amounts.wad(40_000)), (0, Amounts.fraction(5, 1), Amounts.wad(3)),
    ]
    /// Listing prices (WAD USD) of random markets, odd ones included.
    static let listingPrices: [UInt256] = [
        Amounts.wad(2000), Amounts.wad(40_000), Amounts.wad(150), Amounts.fraction(1, 1), Amounts.wad(15), Amounts.wad(1),
        Amounts.fraction(1, 6), Amounts.e(25), Amounts.u(1_000),
    ]
    /// Listing prices of the standard world's markets, in listing order.
    static let standardPrices: [UInt256] = [
        Amounts.wad(2000), Amounts.wad(40_000), Amounts.wad(150), Amounts.fraction(1, 1), Amounts.wad(15), Amounts.wad(30),
        Amounts.wad(1), Amounts.wad(2),
    ]

    static let standardGlobalParams = GlobalParams(
        nettingFloor: Amounts.fraction(3, 1), stressGamma: Amounts.wad(1), insuranceTarget: Amounts.wad(50_000),
        imBuffer: Amounts.fraction(5, 1), maxOracleAge: 600, priceBand: Amounts.fraction(2, 2), feeRatio: Amounts.fraction(5, 4),
        closeFactor: Amounts.fraction(5, 1), deepUnderwaterRatio: Amounts.fraction(5, 1), penaltyRatio: Amounts.fraction(2, 2),
        liquidatorShare: Amounts.fraction(5, 1))

    static func randomGlobalParams(_ r: inout SeededRandom) -> GlobalParams {
        let fraction = Amounts.fraction, e = Amounts.e, wad = Amounts.wad
        return GlobalParams(
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
        let fraction = Amounts.fraction, e = Amounts.e, wad = Amounts.wad
        switch random.int(0...9) {
        case 0:
            return MarketParams(
                baseMarginRatio: random.pick([.zero, e(18)]), zScore: random.pick([.zero, e(19)]),
                liquidationHorizon: random.pick([.zero, 604_800]), impactCoefficient: random.pick([.zero, e(19)]),
                liquidityDepth: random.pick([e(18), e(36)]), breakerThreshold: random.pick([e(15), e(19)]),
                breakerCooldown: random.pick([.zero, 604_800]), breakerMultiplier: random.pick([e(18), e(19)]),
                garch: random.pick([(UInt256.zero, UInt256.zero, UInt256.zero), (e(18), .zero, .zero), (.zero, e(18), .zero),
                                    (.zero, .zero, e(13))]),
                oracleCadence: random.pick([.one, 86_400]), depthFloor: random.pick([e(16), e(18)]),
                adaptiveZ: (random.pick([.zero, e(18)]), random.pick([.zero, e(19)])))
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
                garch: random.pick([World.ewma(.zero), World.ewma(fraction(5, 1)), World.ewma(fraction(94, 2)),
                                    World.ewma(e(18)), (fraction(5, 1), fraction(3, 1), UInt256(100_000_000)),
                                    (fraction(99, 2), fraction(1, 2), .zero)]),
                oracleCadence: random.pick([12, 60, 3600]),
                depthFloor: random.pick([e(16), fraction(25, 2), fraction(5, 1), e(18)]),
                adaptiveZ: random.pick([World.fixedZ, (.one, fraction(1, 1)), (fraction(5, 1), wad(5)), (e(18), e(19))]))
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
                garch: random.pick([World.ewma(fraction(94, 2)), World.ewma(fraction(97, 2)),
                                    World.realisticGarch[0], World.realisticGarch[1]]),
                oracleCadence: random.pick([60, 3600]), depthFloor: random.pick([fraction(25, 2), fraction(5, 1)]),
                adaptiveZ: random.pick([World.fixedZ, (fraction(5, 1), wad(5))]))
        }
    }

    static func ewma(_ lambda: UInt256) -> (UInt256, UInt256, UInt256) { MarketParams.ewmaWeights(lambda: lambda) }

    /// (zStep, zHeadroom) that keep both sides' z at zScore: Spec 1.0's quantile.
    static let fixedZ: (UInt256, UInt256) = (.zero, .zero)

    /// GARCH(1,1) weights with a long-run level near 3 % and 4 % daily
    /// volatility (1e10 and 2e10 WAD per second), persistence 0.98 and 0.95.
    static let realisticGarch: [(UInt256, UInt256, UInt256)] = [
        (Amounts.fraction(90, 2), Amounts.fraction(8, 2), 200_000_000),
        (Amounts.fraction(85, 2), Amounts.fraction(10, 2), 1_000_000_000),
    ]
}

extension MarketParams {
    /// The other parameters with the GARCH weights (beta, alpha, omega) and
    /// the adaptive z's (zStep, zHeadroom).
    init(baseMarginRatio: UInt256, zScore: UInt256, liquidationHorizon: UInt256, impactCoefficient: UInt256,
         liquidityDepth: UInt256, breakerThreshold: UInt256, breakerCooldown: UInt256, breakerMultiplier: UInt256,
         garch: (UInt256, UInt256, UInt256), oracleCadence: UInt256, depthFloor: UInt256,
         adaptiveZ: (step: UInt256, headroom: UInt256)) {
        self.init(baseMarginRatio: baseMarginRatio, zScore: zScore, liquidationHorizon: liquidationHorizon,
                  impactCoefficient: impactCoefficient, liquidityDepth: liquidityDepth, breakerThreshold: breakerThreshold,
                  breakerCooldown: breakerCooldown, breakerMultiplier: breakerMultiplier,
                  garchBeta: garch.0, garchAlpha: garch.1, garchOmega: garch.2, oracleCadence: oracleCadence,
                  depthFloor: depthFloor, zStep: adaptiveZ.step, zHeadroom: adaptiveZ.headroom)
    }
}
