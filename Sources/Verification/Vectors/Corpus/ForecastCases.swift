import ContractIO
import EVMArithmetic
import MarginEngine

/// Spec 1.1's horizon variance (margin.md, "Horizon variance"): the risk
/// term uses GARCH(1,1)'s forecast over the horizon, one step per
/// oracleCadence seconds, reverting toward omega / (1 - alpha - beta).
enum ForecastCases {
    typealias B = CaseBuilder

    struct Setting {
        var beta: UInt256, alpha: UInt256, omega: UInt256
        var cadence: UInt256
        var variance: UInt256
        var horizon: UInt256 = 3600
    }

    /// USD18 and one ETH market with these weights; alice long 10 ETH against bob.
    static func opened(_ m: Setting) -> B {
        var params = Fixture.marketParams[0]
        params.garchBeta = m.beta; params.garchAlpha = m.alpha; params.garchOmega = m.omega
        params.oracleCadence = m.cadence; params.liquidationHorizon = m.horizon
        var b = B.oneMarket(params, variance: m.variance)
        b.openAliceLong(Fixture.wad(10))
        return b
    }

    static func all() -> [VectorCase] {
        let f = Fixture.fraction
        // beta 0.6, alpha 0.2, omega 2e9: long-run level 1e10 WAD per second.
        func garch(variance: UInt256, cadence: UInt256 = 60, horizon: UInt256 = 3600) -> Setting {
            Setting(beta: f(6, 1), alpha: f(2, 1), omega: 2_000_000_000, cadence: cadence, variance: variance, horizon: horizon)
        }
        let cases: [(String, String, Setting, UInt64)] = [
            ("ewma-ignores-cadence", "Spec 1.0's EWMA (beta 0.94, alpha 0.06, omega 0) at a 1-second cadence: alpha + beta = WAD, so the horizon variance is 1.0's variance · T and the margin is 1.0's.",
             Setting(beta: f(94, 2), alpha: f(6, 2), omega: .zero, cadence: .one, variance: 2_000_000_000), 12),
            ("one-step", "Cadence 86,400 s is longer than the horizon (3,600 + 48 s of oracle age): one step, and the horizon variance is variance · T.",
             garch(variance: 50_000_000_000, cadence: 86_400), 12),
            ("above-long-run-rounds-up", "Variance 5e10 above the long-run level 1e10 at a 60-second cadence: n = (T - 1) / 60 full steps and a partial last one; every product rounds up, so the horizon variance is at or above the exact forecast.",
             garch(variance: 50_000_000_000), 12),
            ("below-long-run-rounds-down", "Variance 1e9 below the long-run level 1e10: the forecast rises toward the level; S_n, phi^n and the excess they remove round down, so the margin errs high.",
             garch(variance: 1_000_000_000), 12),
            ("at-long-run", "Variance equal to the long-run level 1e10: the horizon variance is the level · T, whatever the number of steps.",
             garch(variance: 10_000_000_000), 12),
            ("partial-last-step", "Cadence 7 s: the horizon ends inside a step, which counts for its seconds only (T - n · 7 of them).",
             garch(variance: 50_000_000_000, cadence: 7), 12),
            ("most-steps", "Cadence 1 s, liquidationHorizon 604,800 and an oracle 31 days old (capped at 30): T = 3,196,800 and n = T - 1, 22 bits of the doubling in use.",
             garch(variance: 50_000_000_000, cadence: .one, horizon: 604_800), 31 * 86_400),
            ("zero-horizon", "liquidationHorizon 0 and a price posted this second (which moves the variance by GARCH first): T = 0, horizon variance 0.",
             garch(variance: 50_000_000_000, horizon: .zero), 0),
            ("omega-zero-decays-to-zero", "beta 0.7, alpha 0.1, omega 0: the long-run level is 0, and the horizon variance is the variance times c · S_n + (T - n · c) · phi^n seconds.",
             Setting(beta: f(7, 1), alpha: f(1, 1), omega: .zero, cadence: 60, variance: 50_000_000_000), 12),
            ("long-run-capped", "alpha + beta = WAD - 1 with omega MAX_VARIANCE: omega · WAD / 1 is far above MAX_VARIANCE, so the long-run level is capped there; persistence 1 - 1e-18 keeps the forecast near the variance.",
             Setting(beta: f(94, 2) &- .one, alpha: f(6, 2), omega: Constants.maxVariance, cadence: 60, variance: 2_000_000_000), 12),
            ("no-persistence", "beta 0, alpha 0, omega 2e9: phi = 0, so only the first step has the variance and every later one the level omega.",
             Setting(beta: .zero, alpha: .zero, omega: 2_000_000_000, cadence: 60, variance: 50_000_000_000), 12),
            // Found by mutation: each rounding below survived every case above.
            ("odd-step-count", "Cadence 3,600 s, variance 1e13 and a view 118,764 s later: T = 122,400 s = 34 cadences, so n = (T − 1) / c = 33 full steps and a whole last one. Counting 34 full steps and an empty last one rounds S differently (n odd) and gives another margin.",
             garch(variance: Constants.maxVariance, cadence: 3_600), 118_764),
            ("rounds-up-by-a-whole-wei", "beta 0.399999999999999999, alpha 0.1, omega 0 (phi a square root of 1 mod 10^18) with T = 3,661 s: the level is 0, so the loop's products round up (WAD − 1 added before each division), and a product ≡ 1 (mod 10^18) gains a whole wei.",
             Setting(beta: 399_999_999_999_999_999, alpha: f(1, 1), omega: .zero, cadence: 60, variance: 50_000_000_000), 25),
            ("above-long-run-ceiling", "beta 0.7, alpha 0.1, omega 0, variance 9,724,463,327,637 and T = 7,749 s: (v − vL) · w ≡ 1 (mod 10^18), so the last division rounds up by a whole wei.",
             Setting(beta: f(7, 1), alpha: f(1, 1), omega: .zero, cadence: 60, variance: 9_724_463_327_637), 4_113),
        ]
        return cases.map { name, description, market, after in
            var b = opened(market)
            // A view in the second of a post has oracle age 0.
            if after == 0 { b.post(market: 0, price: Fixture.wad(2000)) }
            return b.finish("marginBreakdown", "forecast", name, description,
                            call: .marginBreakdown(B.alice), from: B.keeper, after: after)
        }
    }
}
