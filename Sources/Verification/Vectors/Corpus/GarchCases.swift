import ContractIO
import EVMArithmetic
import MarginEngine

/// Spec 1.1's GARCH(1,1) variance update (operations/postPrice.md) and its
/// parameter rule (operations/common.md, requireGarch).
enum GarchCases {
    typealias B = CaseBuilder

    static func all() -> [VectorCase] { ewmaSpecialCase() + garch() + listMarket() + setMarketParams() }

    /// A path of (price, seconds since the last observation): small and large
    /// moves, an unchanged price, a breaker trip, 1-wei moves, a jump past
    /// MAX_RETURN, dt from 1 s to a week.
    static let path: [(UInt256, UInt64)] = [
        (Fixture.wad(2010), 60), (Fixture.wad(1995) &+ Fixture.fraction(5, 1), 7), (Fixture.wad(1995) &+ Fixture.fraction(5, 1), 3600),
        (Fixture.wad(2600), 1), (Fixture.wad(2600) &+ .one, 1), (Fixture.wad(1777) &+ 3, 13), (Fixture.wad(1777) &+ 2, 86_400),
        (Fixture.wad(40_000), 604_800), (Fixture.wad(2000), 300), (Fixture.wad(2000) &- 1_000_000_000_007, 1),
        (Fixture.wad(2001), 12),
    ]

    /// Spec 1.0's EWMA is GARCH with beta = lambda, alpha = WAD - lambda,
    /// omega = 0. Each case lists a market with those weights and replays
    /// the path; the harness recomputes every variance with 1.0's formula
    /// (Harness/tests/test_ewma_special_case.py), and the EVM replays them.
    static func ewmaSpecialCase() -> [VectorCase] {
        let lambdas: [(String, UInt256)] = [
            ("lambda-0", .zero), ("lambda-0.5", Fixture.fraction(5, 1)), ("lambda-0.94", Fixture.fraction(94, 2)),
            ("lambda-0.97", Fixture.fraction(97, 2)), ("lambda-wad-minus-1", UInt256.wad &- .one), ("lambda-wad", .wad),
        ]
        return lambdas.map { name, lambda in
            var params = Fixture.marketParams[0]
            params.useEWMA(lambda: lambda)
            var b = B()
            b.run(.listMarket(price: Fixture.wad(2000), variance: 2_000_000_000, params: params), from: B.owner)
            for (price, dt) in path.dropLast() { b.post(market: 0, price: price, after: dt) }
            let (price, dt) = path.last!
            return b.finish("postPrice", "ewmaSpecialCase", name,
                            "Spec 1.0's EWMA at \(name.replacingOccurrences(of: "-", with: " ")) as GARCH (beta = lambda, alpha = WAD - lambda, omega = 0) over \(path.count) observations: every variance equals 1.0's ceil((lambda·v + (WAD - lambda)·sample) / WAD), capped at MAX_VARIANCE.",
                            call: .postPrice(market: 0, price: price, timestamp: b.now &+ UInt256(dt)), from: B.oracle, after: dt,
                            expect: .success)
        }
    }

    static func listed(beta: UInt256, alpha: UInt256, omega: UInt256, variance: UInt256) -> B {
        var params = Fixture.marketParams[0]
        params.garchBeta = beta; params.garchAlpha = alpha; params.garchOmega = omega
        var b = B()
        b.run(.listMarket(price: Fixture.wad(2000), variance: variance, params: params), from: B.owner)
        return b
    }

    static func garch() -> [VectorCase] {
        let f = Fixture.fraction
        var cases: [VectorCase] = []
        let example = listed(beta: f(90, 2), alpha: f(8, 2), omega: 400_000_000, variance: 2_000_000_000)
        cases.append(example.finish("postPrice", "garch", "spec-worked-example", "Spec/operations/postPrice.md's GARCH example: beta 0.90, alpha 0.08, omega 4e8, 2000 -> 2010 USD after 60 s: variance ceil(0.9·2e9 + 0.08·416666666667) + 4e8 = 35533333334.",
                                    call: .postPrice(market: 0, price: Fixture.wad(2010), timestamp: example.now &+ 60), from: B.oracle, after: 60,
                                    expect: .success))
        let level = listed(beta: f(90, 2), alpha: f(8, 2), omega: 200_000_000, variance: 10_000_000_000)
        cases.append(level.finish("postPrice", "garch", "unchanged-price-at-long-run-level", "At the long-run level omega / (1 - alpha - beta) = 1e10, an unchanged price gives 0.9·1e10 + 2e8 = 9.2e9: without a shock the variance falls by alpha times the level.",
                                  call: .postPrice(market: 0, price: Fixture.wad(2000), timestamp: level.now &+ 60), from: B.oracle, after: 60,
                                  expect: .success))
        let empty = listed(beta: f(90, 2), alpha: f(8, 2), omega: 200_000_000, variance: .zero)
        cases.append(empty.finish("postPrice", "garch", "omega-lifts-zero-variance", "From variance 0 and an unchanged price, omega alone is the new variance (2e8): a GARCH market never sits at zero risk.",
                                  call: .postPrice(market: 0, price: Fixture.wad(2000), timestamp: empty.now &+ 1), from: B.oracle, after: 1,
                                  expect: .success))
        let constant = listed(beta: .zero, alpha: .zero, omega: Constants.maxVariance, variance: .zero)
        cases.append(constant.finish("postPrice", "garch", "omega-max-alone", "beta 0, alpha 0, omega MAX_VARIANCE: the variance is omega exactly, at the cap.",
                                     call: .postPrice(market: 0, price: Constants.maxPrice, timestamp: constant.now &+ 1), from: B.oracle, after: 1,
                                     expect: .success))
        let clamp = listed(beta: f(5, 1), alpha: f(4, 1), omega: Constants.maxVariance, variance: Constants.maxVariance)
        cases.append(clamp.finish("postPrice", "garch", "omega-added-before-the-cap", "beta 0.5, alpha 0.4, omega MAX_VARIANCE from MAX_VARIANCE: omega is added to the mixed variance before min(., MAX_VARIANCE), which clamps it.",
                                  call: .postPrice(market: 0, price: Fixture.wad(2001), timestamp: clamp.now &+ 1), from: B.oracle, after: 1,
                                  expect: .success))
        var path = listed(beta: f(85, 2), alpha: f(10, 2), omega: 1_000_000_000, variance: 2_000_000_000)
        for (price, dt) in GarchCases.path.dropLast() { path.post(market: 0, price: price, after: dt) }
        let (price, dt) = GarchCases.path.last!
        cases.append(path.finish("postPrice", "garch", "path", "beta 0.85, alpha 0.10, omega 1e9 over the ewmaSpecialCase path: omega added at every observation, mixed rounded up before it.",
                                 call: .postPrice(market: 0, price: price, timestamp: path.now &+ UInt256(dt)), from: B.oracle, after: dt,
                                 expect: .success))
        var fixture = B()
        fixture.listAll(assets: 1, markets: 2)
        cases.append(fixture.finish("postPrice", "garch", "fixture-market-1", "The fixture's GARCH market (BTC: beta 0.6, alpha 0.2, omega 2e9) after a 1 % move in 60 s.",
                                    call: .postPrice(market: 1, price: Fixture.wad(40_400), timestamp: fixture.now &+ 60), from: B.oracle, after: 60,
                                    expect: .success))
        return cases
    }

    static func listMarket() -> [VectorCase] {
        let p = Fixture.marketParams[0]
        let b = B()
        func with(beta: UInt256, alpha: UInt256, omega: UInt256) -> EngineCall {
            var q = p
            q.garchBeta = beta; q.garchAlpha = alpha; q.garchOmega = omega
            return .listMarket(price: Fixture.wad(2000), variance: 0, params: q)
        }
        let lambda = p.garchBeta, rest = UInt256.wad &- lambda
        return [
            b.finish("listMarket", "errors", "garch-persistence-one-wei-above-wad", "beta 0.94, alpha 0.06 + 1 wei: alpha + beta > WAD, InvalidGarchParams(beta, alpha, omega).",
                     call: with(beta: lambda, alpha: rest &+ .one, omega: .zero), from: B.owner, expect: .revert("InvalidGarchParams")),
            b.finish("listMarket", "errors", "garch-omega-with-unit-persistence", "alpha + beta = WAD with omega 1: an integrated GARCH has no long-run level, InvalidGarchParams.",
                     call: with(beta: lambda, alpha: rest, omega: .one), from: B.owner, expect: .revert("InvalidGarchParams")),
            b.finish("listMarket", "errors", "garch-bounds-before-persistence", "alpha = WAD + 1 fails its bounds check (ParameterOutOfBounds(265, value)) before requireGarch.",
                     call: with(beta: lambda, alpha: UInt256.wad &+ .one, omega: .zero), from: B.owner, expect: .revert("ParameterOutOfBounds")),
            b.finish("listMarket", "boundaries", "garch-unit-persistence-omega-zero", "alpha + beta = WAD with omega 0 (Spec 1.0's EWMA) is allowed.",
                     call: with(beta: lambda, alpha: rest, omega: .zero), from: B.owner, expect: .success),
            b.finish("listMarket", "boundaries", "garch-persistence-one-wei-below-wad-omega-max", "alpha + beta = WAD - 1 with omega MAX_VARIANCE is allowed.",
                     call: with(beta: lambda, alpha: rest &- .one, omega: Constants.maxVariance), from: B.owner, expect: .success),
        ]
    }

    static func setMarketParams() -> [VectorCase] {
        var b = B()
        b.listAll(assets: 1, markets: 1)
        let p = b.state.markets[0].params
        func with(beta: UInt256? = nil, alpha: UInt256? = nil, omega: UInt256? = nil) -> EngineCall {
            var q = p
            q.garchBeta = beta ?? p.garchBeta; q.garchAlpha = alpha ?? p.garchAlpha; q.garchOmega = omega ?? p.garchOmega
            return .setMarketParams(market: 0, params: q)
        }
        let step = Constants.pow10(16)
        return [
            b.finish("setMarketParams", "errors", "garch-alpha-up-past-unit-persistence", "From the EWMA (0.94, 0.06, 0), alpha up by minStep 0.01 passes its guardrail but makes alpha + beta = 1.01 WAD: InvalidGarchParams.",
                     call: with(alpha: p.garchAlpha &+ step), from: B.owner, after: 86_400, expect: .revert("InvalidGarchParams")),
            b.finish("setMarketParams", "errors", "garch-omega-without-room", "From the EWMA, omega up by minStep 10^6 alone: alpha + beta = WAD with omega > 0, InvalidGarchParams.",
                     call: with(omega: Constants.pow10(6)), from: B.owner, after: 86_400, expect: .revert("InvalidGarchParams")),
            b.finish("setMarketParams", "errors", "garch-guardrail-before-persistence", "alpha up by 0.5 fails its guardrail (GuardrailExceeded) before requireGarch would.",
                     call: with(alpha: p.garchAlpha &+ Fixture.fraction(5, 1)), from: B.owner, after: 86_400, expect: .revert("GuardrailExceeded")),
            b.finish("setMarketParams", "basic", "leave-ewma-for-garch", "One call lowers beta 0.94 -> 0.93 and raises omega 0 -> 10^6 (its minStep): alpha + beta = 0.99 WAD, a long-run level of 10^8 WAD per second.",
                     call: with(beta: p.garchBeta &- step, omega: Constants.pow10(6)), from: B.owner, after: 86_400, expect: .success),
        ]
    }
}
