// Random in-bounds states: the model's margin equals an independent GMP
// recomputation of margin.md to the wei, and the margin invariants of
// invariants.md hold on every state.
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic
import Testing

@Suite("Margin on random states (margin.md, invariants.md)")
struct MarginOracleTests {
    static let states = 3000

    @Test("model == GMP recomputation of margin.md, every field and every position term")
    func modelMatchesGMPRecomputation() throws {
        var rng = TestRandom(seed: 0x4D41_5247_494E)
        for index in 0..<Self.states {
            let s = RandomStates.make(&rng)
            let model = try s.state.marginBreakdown(s.account, now: s.now)
            let oracle = MarginOracle.breakdown(s.state, s.account, now: s.now)
            #expect(oracle.matches(model), "state \(index): model \(model)\noracle \(oracle)\n\(s)")
            for m in s.openMarkets {
                let t = try s.state.positionTerms(s.account, m, now: s.now)
                let o = MarginOracle.terms(s.state, s.account, m, now: s.now)
                let same = t.notional.exact == o.notional && t.horizonVolatility.exact == o.horizonVolatility
                    && t.risk.exact == o.risk && t.base.exact == o.base
                    && t.effectiveDepth.exact == o.effectiveDepth && t.impact.exact == o.impact
                #expect(same, "state \(index) market \(m): model \(t), oracle \(o)\n\(s)")
                #expect(try s.state.unrealisedPnl(s.account, m).exact == MarginOracle.unrealisedPnl(s.state, s.account, m))
            }
            #expect(try s.state.isLiquidatable(s.account, now: s.now) == (model.equity.exact < model.maintenanceMargin.exact),
                    "state \(index): liquidatable-definition\n\(s)")
        }
    }

    @Test("im-ge-mm, var-between-floor-and-sum, stress-bounds; the sumRisk cap never binds")
    func marginInvariantsHold() throws {
        var rng = TestRandom(seed: 0x494E_5641_52)
        for index in 0..<Self.states {
            let s = RandomStates.make(&rng)
            let b = try s.state.marginBreakdown(s.account, now: s.now)
            let g = s.state.globalParams
            #expect(b.initialMargin >= b.maintenanceMargin, "state \(index): IM < MM\n\(s)")
            #expect(b.nettingFloorVaR <= b.portfolioVaR && b.portfolioVaR <= b.sumRisk && b.quadraticVaR <= b.sumRisk,
                    "state \(index): VaR outside [floor, sumRisk]: \(b)\n\(s)")
            #expect(b.stressMultiplier >= wad("1") && b.stressMultiplier <= wad("1") &+ g.stressGamma,
                    "state \(index): S = \(b.stressMultiplier)\n\(s)")
            if g.insuranceTarget.isZero || s.state.insuranceFund >= g.insuranceTarget {
                #expect(b.stressMultiplier == wad("1"), "state \(index): S = \(b.stressMultiplier) without shortfall")
            }
            // Because |rho| <= WAD, ceil(|r_i||rho|/WAD) <= r_i and every term of Q is at most r_i·r_j,
            // so sqrtUp(Q) <= sumRisk already: the cap in step 4a is a safety net that never changes the value.
            let oracle = MarginOracle.breakdown(s.state, s.account, now: s.now)
            #expect(oracle.uncappedVaR <= oracle.sumRisk, "state \(index): sqrtUp(Q) = \(oracle.uncappedVaR) > sumRisk\n\(s)")
            if s.openMarkets.isEmpty {
                #expect(b.maintenanceMargin == 0 && b.initialMargin == 0 && b.sumRisk == 0)
            }
        }
    }

    @Test("stress is non-increasing in the insurance fund")
    func stressNonIncreasingInFund() throws {
        var rng = TestRandom(seed: 0x5354_5245_5353)
        for _ in 0..<400 {
            var s = RandomStates.make(&rng).state
            s.globalParams.insuranceTarget = rng.spread(1, pow10(36))
            let lower = rng.spread(0, pow10(36) &* 2), higher = lower &+ rng.spread(0, pow10(36))
            s.insuranceFund = lower
            let atLower = try s.stressMultiplier()
            s.insuranceFund = higher
            let atHigher = try s.stressMultiplier()
            #expect(atHigher <= atLower,
                    "target \(s.globalParams.insuranceTarget) gamma \(s.globalParams.stressGamma): S(\(lower)) = \(atLower) < S(\(higher)) = \(atHigher)")
        }
    }
}
