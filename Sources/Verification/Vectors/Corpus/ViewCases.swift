import ContractIO
import EVMArithmetic
import MarginEngine

/// The margin views on portfolios: correlations, netting floor, stress,
/// breaker and oracle age; and every getter.
enum ViewCases {
    typealias B = CaseBuilder
    static let w = Fixture.wad

    static func all() -> [VectorCase] { portfolios() + stress() + time() + getters() }

    /// Two legs, ETH long and BTC long or short, under correlations from -1 to 1.
    static func portfolios() -> [VectorCase] {
        var cases: [VectorCase] = []
        let rhos: [(String, Int64)] = [("minus-1", -1_000_000_000_000_000_000), ("minus-0.5", -500_000_000_000_000_000),
                                       ("0", 0), ("0.3", 300_000_000_000_000_000), ("0.8", 800_000_000_000_000_000),
                                       ("1", 1_000_000_000_000_000_000)]
        for (rhoName, rho) in rhos {
            for (legs, btcLong) in [("long-long", true), ("long-short", false)] {
                var b = B()
                b.listAll(assets: 3, markets: 3)
                b.run(.setCorrelation(marketA: 0, marketB: 1, correlation: Int256(rho)), from: B.owner)
                b.fund(B.alice, usd: 100_000)
                b.fund(B.bob, usd: 100_000)
                b.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(10))
                if btcLong {
                    b.trade(buyer: B.alice, seller: B.bob, market: 1, size: Fixture.fraction(5, 1))
                } else {
                    b.trade(buyer: B.bob, seller: B.alice, market: 1, size: Fixture.fraction(5, 1))
                }
                let what = "ETH long 10 and BTC \(btcLong ? "long" : "short") 0.5 with rho = \(rhoName)"
                cases.append(b.finish("marginBreakdown", "portfolio", "rho-\(rhoName)-\(legs)",
                                      "marginBreakdown for \(what): the quadratic VaR over the correlation matrix, its netting floor, MM and IM.",
                                      call: .marginBreakdown(B.alice), from: B.keeper))
                if rhoName == "0.8" || rhoName == "minus-1" {
                    for (view, c) in [("maintenanceMargin", EngineCall.maintenanceMargin(B.alice)), ("initialMargin", .initialMargin(B.alice)),
                                      ("equity", .equity(B.alice)), ("isLiquidatable", .isLiquidatable(B.alice))] {
                        cases.append(b.finish(view, "portfolio", "rho-\(rhoName)-\(legs)", "\(view) for \(what).", call: c, from: B.keeper))
                    }
                    cases.append(b.finish("adlScore", "portfolio", "rho-\(rhoName)-\(legs)-eth", "adlScore of the ETH leg for \(what): PnL % x leverage, truncated.",
                                          call: .adlScore(B.alice, market: 0), from: B.keeper))
                    cases.append(b.finish("unrealisedPnl", "portfolio", "rho-\(rhoName)-\(legs)-btc", "unrealisedPnl of the BTC leg for \(what).",
                                          call: .unrealisedPnl(B.alice, market: 1), from: B.keeper))
                }
            }
        }
        // A perfect hedge under rho = 1 nets to the netting floor.
        var hedge = B()
        hedge.listAll(assets: 3, markets: 3)
        hedge.run(.setCorrelation(marketA: 0, marketB: 2, correlation: Int256(1_000_000_000_000_000_000)), from: B.owner)
        hedge.fund(B.alice, usd: 100_000)
        hedge.fund(B.bob, usd: 100_000)
        hedge.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(10))
        hedge.trade(buyer: B.bob, seller: B.alice, market: 2, size: Fixture.fraction(1_333_333_333_333, 10))
        cases.append(hedge.finish("marginBreakdown", "portfolio", "perfect-hedge-netting-floor", "Long ETH, short SOL of similar risk with rho = 1: the quadratic VaR nearly cancels and the netting floor (0.3 · sum of risks) decides.",
                                  call: .marginBreakdown(B.alice), from: B.keeper))
        // Three legs.
        var three = hedge
        three.run(.setCorrelation(marketA: 0, marketB: 1, correlation: Int256(700_000_000_000_000_000)), from: B.owner)
        three.run(.setCorrelation(marketA: 1, marketB: 2, correlation: Int256(-200_000_000_000_000_000)), from: B.owner)
        three.trade(buyer: B.alice, seller: B.bob, market: 1, size: Fixture.fraction(25, 2))
        cases.append(three.finish("marginBreakdown", "portfolio", "three-legs", "Three positions under a mixed correlation matrix (0.7, 1, -0.2): all nine terms of the quadratic form, each rounded up.",
                                  call: .marginBreakdown(B.alice), from: B.keeper))
        cases.append(three.finish("marginBreakdown", "portfolio", "counterparty-three-legs", "The counterparty of the three-leg portfolio: every signed risk negated, the same quadratic form.",
                                  call: .marginBreakdown(B.bob), from: B.keeper))
        // A non-PSD matrix: Q < 0 clamps to 0.
        var nonPSD = B()
        nonPSD.listAll(assets: 3, markets: 3)
        for (a, b2) in [(0, 1), (0, 2), (1, 2)] {
            nonPSD.run(.setCorrelation(marketA: UInt256(UInt64(a)), marketB: UInt256(UInt64(b2)), correlation: Int256(-1_000_000_000_000_000_000)), from: B.owner)
        }
        nonPSD.fund(B.alice, usd: 100_000)
        nonPSD.fund(B.bob, usd: 100_000)
        nonPSD.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(10))
        nonPSD.trade(buyer: B.alice, seller: B.bob, market: 1, size: Fixture.fraction(5, 1))
        nonPSD.trade(buyer: B.alice, seller: B.bob, market: 2, size: Fixture.fraction(1_333_333_333_333, 10))
        cases.append(nonPSD.finish("marginBreakdown", "portfolio", "non-psd-matrix-clamps", "All pairs at rho = -1 (not positive semi-definite) with three longs: Q < 0 clamps to 0 and the netting floor decides.",
                                   call: .marginBreakdown(B.alice), from: B.keeper))
        return cases
    }

    /// Stress multiplier levels: the fund against insuranceTarget.
    static func stress() -> [VectorCase] {
        /// Alice long 10 ETH from Bob under `params`; the trade's fees go into the fund.
        func tenEthLong(_ params: GlobalParams) -> B {
            var b = B(globalParams: params)
            b.listAll(assets: 3, markets: 1)
            b.fund(B.alice, usd: 100_000)
            b.fund(B.bob, usd: 100_000)
            b.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(10))
            return b
        }
        var cases: [VectorCase] = []
        for (name, target) in [("target-zero", UInt256.zero), ("target-below-fund", w(1)), ("target-100", w(100)),
                               ("target-1k", w(1000)), ("target-1m", w(1_000_000)), ("target-max", Constants.pow10(36))] {
            var params = Fixture.globalParams
            params.insuranceTarget = target
            cases.append(tenEthLong(params).finish("marginBreakdown", "stress", name, "insuranceTarget = \(target) with a fund of 20 USD of fees: S = 1 + stressGamma · ceil shortfall fraction; 1 when the target is 0 or met.",
                                                   call: .marginBreakdown(B.alice), from: B.keeper))
        }
        // A 1-wei target and a fund kept empty (no fees): the shortfall is the whole target, S = 1 + stressGamma.
        var oneWei = Fixture.globalParams
        oneWei.insuranceTarget = .one
        oneWei.feeRatio = .zero
        cases.append(tenEthLong(oneWei).finish("marginBreakdown", "stress", "target-one-wei-empty-fund", "insuranceTarget = 1 wei, feeRatio 0 so the fund stays 0: the shortfall fraction is ceil(1 · WAD / 1) = WAD and S = 1 + stressGamma = 2.",
                                               call: .marginBreakdown(B.alice), from: B.keeper))
        var gamma = Fixture.globalParams
        gamma.insuranceTarget = w(1000)
        gamma.stressGamma = Constants.pow10(19)
        cases.append(tenEthLong(gamma).finish("marginBreakdown", "stress", "gamma-max", "stressGamma at its maximum 10 WAD: margins up to 11x while the fund is short of target.",
                                              call: .marginBreakdown(B.alice), from: B.keeper))
        // Whole multiples of WAD above hide how S rounds; a third of WAD does not.
        var third = Fixture.globalParams
        third.insuranceTarget = w(1000)
        third.stressGamma = UInt256(333_333_333_333_333_333)
        cases.append(tenEthLong(third).finish("marginBreakdown", "stress", "gamma-third-rounds-up", "stressGamma = WAD / 3 (floored) with a shortfall fraction of 0.98: stressGamma · f / WAD = 326666666666666666.34, which S rounds up to ...667.",
                                              call: .marginBreakdown(B.alice), from: B.keeper))
        return cases
    }

    /// Oracle age and breaker in the margin.
    static func time() -> [VectorCase] {
        var cases: [VectorCase] = []
        var b = B()
        b.listAll(assets: 3, markets: 1)
        b.fund(B.alice, usd: 100_000)
        b.fund(B.bob, usd: 100_000)
        b.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(10))
        for (name, age) in [("age-0", UInt64(0)), ("age-1-hour", 3600), ("age-30-days", 2_592_000), ("age-beyond-cap", 10_000_000)] {
            cases.append(b.finish("maintenanceMargin", "boundaries", "oracle-\(name)", "MM with the price \(age) s old: the horizon is liquidationHorizon + min(age, 30 days), so MM grows with age up to the cap.",
                                  call: .maintenanceMargin(B.alice), from: B.keeper, after: age))
        }
        var tripped = b
        tripped.post(market: 0, price: w(2300), after: 10)
        cases.append(tripped.finish("marginBreakdown", "boundaries", "breaker-doubles-risk", "During an active breaker the risk term is multiplied by breakerMultiplier (2).",
                                    call: .marginBreakdown(B.alice), from: B.keeper, after: 1))
        cases.append(tripped.finish("marginBreakdown", "boundaries", "breaker-expired", "At now == breakerUntil the multiplier no longer applies.",
                                    call: .marginBreakdown(B.alice), from: B.keeper, after: 1800))
        cases.append(b.finish("marginBreakdown", "basic", "no-positions", "An account with no positions: MM = IM = 0, equity = haircut collateral.",
                              call: .marginBreakdown(B.carol), from: B.keeper))
        cases.append(b.finish("adlScore", "basic", "flat-account", "adlScore of an account without a position is 0.",
                              call: .adlScore(B.carol, market: 0), from: B.keeper))
        cases.append(b.finish("adlScore", "errors", "unknown-market", "adlScore on an unlisted market: UnknownMarket(1).",
                              call: .adlScore(B.alice, market: 1), from: B.keeper))
        return cases
    }

    static func getters() -> [VectorCase] {
        var b = B()
        b.listAll(assets: 2, markets: 2)
        b.run(.setCorrelation(marketA: 0, marketB: 1, correlation: Int256(-300_000_000_000_000_000)), from: B.owner)
        b.fund(B.alice, usd: 10_000)
        let getters: [(String, EngineCall)] = [
            ("owner", .owner), ("oracle", .oracle), ("exchange", .exchange), ("marketCount", .marketCount),
            ("assetCount", .assetCount), ("insuranceFund", .insuranceFund), ("globalParams", .globalParams),
            ("marketParams", .marketParams(market: 1)), ("marketState", .marketState(market: 0)),
            ("assetState", .assetState(asset: 1)), ("correlation", .correlation(marketA: 1, marketB: 0)),
            ("correlationSet", .correlationSet(marketA: 0, marketB: 1)), ("lastParamChange", .lastParamChange(param: 256)),
            ("position", .position(B.alice, market: 0)), ("collateral", .collateral(B.alice, asset: 0)), ("cash", .cash(B.alice)),
        ]
        var cases = getters.map { name, call in
            b.finish(name, "basic", "getter", "The \(name) getter after listing two assets and two markets.", call: call, from: B.stranger)
        }
        for (name, call, what) in [
            ("marketParams", EngineCall.marketParams(market: 2), "UnknownMarket(2)"),
            ("marketState", .marketState(market: .max), "UnknownMarket(2^256 - 1)"),
            ("assetState", .assetState(asset: 2), "UnknownAsset(2)"),
            ("correlation", .correlation(marketA: 5, marketB: 6), "UnknownMarket(5), the first market checked first"),
            ("correlationSet", .correlationSet(marketA: 0, marketB: 7), "UnknownMarket(7)"),
            ("position", .position(B.alice, market: 2), "UnknownMarket(2)"),
            ("collateral", .collateral(B.alice, asset: 9), "UnknownAsset(9)"),
            ("unrealisedPnl", .unrealisedPnl(B.alice, market: 2), "UnknownMarket(2)"),
        ] {
            cases.append(b.finish(name, "errors", "unknown-id", "The \(name) getter with an unlisted id: \(what).", call: call, from: B.stranger))
        }
        cases.append(b.finish("correlationSet", "basic", "diagonal-false", "correlationSet on the diagonal is false.",
                              call: .correlationSet(marketA: 1, marketB: 1), from: B.stranger))
        cases.append(b.finish("lastParamChange", "basic", "never-written", "lastParamChange of an id never written is 0.",
                              call: .lastParamChange(param: 999), from: B.stranger))
        return cases
    }
}
