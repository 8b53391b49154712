// invariants.md, `margin-monotone`, checked on perturbed copies of seeded
// random states: raising a risk input never lowers MM (for a non-hedged
// account when the input feeds the VaR), raising liquidity depth never
// raises it, and a perfect hedge needs less VaR than the sum of its risks.
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic
import Testing

@Suite("Metamorphic margin laws (invariants.md, margin-monotone)")
struct MetamorphicTests {
    static let states = 1500

    /// One perturbation of a state that raises a margin input (or lowers depth).
    struct Perturbation {
        let name: String
        /// Whether it feeds the VaR (then MM is monotone only for non-hedged accounts).
        let feedsVaR: Bool
        let apply: @Sendable (inout EngineState, Int, UInt256, inout TestRandom) -> Bool
    }

    static func raise(_ value: UInt256, to hi: UInt256, _ rng: inout TestRandom) -> UInt256? {
        value < hi ? value &+ rng.spread(1, hi &- value) : nil
    }

    static let perturbations: [Perturbation] = [
        Perturbation(name: "variance", feedsVaR: true) { s, m, _, rng in
            guard let v = raise(s.markets[m].variance, to: pow10(13), &rng) else { return false }
            s.markets[m].variance = v; return true
        },
        Perturbation(name: "abs(size), same sign", feedsVaR: true) { s, m, _, rng in
            var account = s.accounts[Actor.alice]!
            let size = account.positions[m].size
            guard let magnitude = raise(size.magnitude, to: pow10(26), &rng) else { return false }
            account.positions[m].size = Int256.signed(size.isNegative, magnitude)
            s.accounts[Actor.alice] = account; return true
        },
        Perturbation(name: "oracle age", feedsVaR: true) { s, m, _, rng in
            let t = s.markets[m].priceTime
            guard !t.isZero else { return false }
            s.markets[m].priceTime = t &- rng.spread(1, min(t, 5_000_000)); return true
        },
        Perturbation(name: "liquidationHorizon", feedsVaR: true) { s, m, _, rng in
            guard let v = raise(s.markets[m].params.liquidationHorizon, to: 604_800, &rng) else { return false }
            s.markets[m].params.liquidationHorizon = v; return true
        },
        Perturbation(name: "zScore", feedsVaR: true) { s, m, _, rng in
            guard let v = raise(s.markets[m].params.zScore, to: pow10(19), &rng) else { return false }
            s.markets[m].params.zScore = v; return true
        },
        Perturbation(name: "breakerMultiplier", feedsVaR: true) { s, m, _, rng in
            guard let v = raise(s.markets[m].params.breakerMultiplier, to: pow10(19), &rng) else { return false }
            s.markets[m].params.breakerMultiplier = v; return true
        },
        Perturbation(name: "entering the breaker", feedsVaR: true) { s, m, now, rng in
            guard s.markets[m].breakerUntil <= now else { return false }
            s.markets[m].breakerUntil = now &+ UInt256(rng.below(604_800) + 1); return true
        },
        Perturbation(name: "baseMarginRatio", feedsVaR: false) { s, m, _, rng in
            guard let v = raise(s.markets[m].params.baseMarginRatio, to: pow10(18), &rng) else { return false }
            s.markets[m].params.baseMarginRatio = v; return true
        },
        Perturbation(name: "impactCoefficient", feedsVaR: false) { s, m, _, rng in
            guard let v = raise(s.markets[m].params.impactCoefficient, to: pow10(19), &rng) else { return false }
            s.markets[m].params.impactCoefficient = v; return true
        },
        Perturbation(name: "1/liquidityDepth (depth lowered)", feedsVaR: false) { s, m, _, rng in
            let depth = s.markets[m].params.liquidityDepth
            guard depth > pow10(18) else { return false }
            s.markets[m].params.liquidityDepth = depth &- rng.spread(1, depth &- pow10(18)); return true
        },
        Perturbation(name: "1/depthFloor (floor lowered)", feedsVaR: false) { s, m, _, rng in
            let floor = s.markets[m].params.depthFloor
            guard floor > pow10(16) else { return false }
            s.markets[m].params.depthFloor = floor &- rng.spread(1, floor &- pow10(16)); return true
        },
        Perturbation(name: "stressGamma", feedsVaR: false) { s, _, _, rng in
            guard let v = raise(s.globalParams.stressGamma, to: pow10(19), &rng) else { return false }
            s.globalParams.stressGamma = v; return true
        },
        Perturbation(name: "insuranceTarget", feedsVaR: false) { s, _, _, rng in
            guard let v = raise(s.globalParams.insuranceTarget, to: pow10(36), &rng) else { return false }
            s.globalParams.insuranceTarget = v; return true
        },
        Perturbation(name: "shortfall (fund lowered)", feedsVaR: false) { s, _, _, rng in
            guard !s.insuranceFund.isZero else { return false }
            s.insuranceFund = s.insuranceFund &- rng.spread(1, s.insuranceFund); return true
        },
    ]

    @Test("raising variance, size, oracle age, horizon, z, the breaker, base, impact or stress never lowers sumBase + sumImpact, the netting floor or S; nor MM and IM, unless the account is hedged and the input feeds the VaR")
    func nonHedgedMarginNonDecreasingInRiskInputs() throws {
        var rng = TestRandom(seed: 0x4D4F_4E4F)
        var checks = [String: Int]()
        for index in 0..<Self.states {
            let s = RandomStates.make(&rng, hedged: index % 2 == 0 ? false : nil)
            let hedged = s.isHedged
            let m = rng.pick(s.openMarkets)
            let before = try s.state.marginBreakdown(s.account, now: s.now)
            for p in Self.perturbations {
                var copy = s.state
                guard p.apply(&copy, m, s.now, &rng) else { continue }
                let after = try copy.marginBreakdown(s.account, now: s.now)
                let label = "state \(index), \(p.name) raised in market \(m)"
                #expect(after.sumBase.exact + after.sumImpact.exact >= before.sumBase.exact + before.sumImpact.exact,
                        "\(label): sumBase + sumImpact fell\n\(s)")
                #expect(after.nettingFloorVaR >= before.nettingFloorVaR, "\(label): nettingFloorVaR fell\n\(s)")
                #expect(after.stressMultiplier >= before.stressMultiplier, "\(label): S fell\n\(s)")
                if !p.feedsVaR || !hedged {
                    #expect(after.maintenanceMargin >= before.maintenanceMargin,
                            "\(label): MM \(before.maintenanceMargin) -> \(after.maintenanceMargin)\n\(s)")
                    #expect(after.initialMargin >= before.initialMargin, "\(label): IM fell\n\(s)")
                    checks[p.name, default: 0] += 1
                }
            }
        }
        // Every perturbation was exercised on many states.
        for p in Self.perturbations { #expect(checks[p.name, default: 0] >= 100, "\(p.name): \(checks[p.name, default: 0]) checks") }
    }

    @Test("raising liquidity depth never raises MM, for any account")
    func marginNonIncreasingInLiquidityDepth() throws {
        var rng = TestRandom(seed: 0x4445_5054_48)
        for index in 0..<Self.states {
            let s = RandomStates.make(&rng)
            let m = rng.pick(s.openMarkets)
            var deeper = s.state
            let depth = deeper.markets[m].params.liquidityDepth
            guard depth < pow10(36) else { continue }
            deeper.markets[m].params.liquidityDepth = depth &+ rng.spread(1, pow10(36) &- depth)
            let before = try s.state.marginBreakdown(s.account, now: s.now)
            let after = try deeper.marginBreakdown(s.account, now: s.now)
            #expect(after.maintenanceMargin <= before.maintenanceMargin && after.sumImpact <= before.sumImpact,
                    "state \(index) market \(m): depth \(depth) -> \(deeper.markets[m].params.liquidityDepth), MM \(before.maintenanceMargin) -> \(after.maintenanceMargin)\n\(s)")
            #expect(after.sumRisk == before.sumRisk && after.portfolioVaR == before.portfolioVaR)
        }
    }

    @Test("a perfectly hedged pair across markets with correlation 1 needs less VaR than the sum of risks")
    func perfectHedgeNeedsLessThanSumOfRisks() throws {
        var rng = TestRandom(seed: 0x4845_4447)
        for index in 0..<Self.states {
            let r = RandomStates.make(&rng)
            var global = r.state.globalParams
            global.nettingFloor = rng.spread(0, wad("0.99"))
            var b = StateBuilder(global, fund: r.state.insuranceFund)
            let price = rng.spread(pow10(12), pow10(26))
            let params = RandomStates.marketParams(&rng)
            let variance = rng.spread(1, pow10(13))
            b.market(price: price, variance: variance, params: params)
            // The second market: the same or another risk profile.
            let other = rng.chance(50) ? params : RandomStates.marketParams(&rng)
            b.market(price: rng.chance(50) ? price : rng.spread(pow10(12), pow10(26)),
                     variance: rng.chance(50) ? variance : rng.spread(1, pow10(13)), params: other)
            b.correlate(0, 1, swad("1"))
            let size = rng.spread(pow10(12), pow10(26))
            b.position(Actor.alice, 0, size: Int256.signed(false, size), openNotional: 0)
            b.position(Actor.alice, 1, size: Int256.signed(true, rng.chance(50) ? size : rng.spread(pow10(12), pow10(26))),
                       openNotional: 0)
            let bd = try b.state.marginBreakdown(Actor.alice, now: Chain.genesis)
            let r0 = try b.state.positionTerms(Actor.alice, 0, now: Chain.genesis).risk
            let r1 = try b.state.positionTerms(Actor.alice, 1, now: Chain.genesis).risk
            guard !r0.isZero && !r1.isZero else { continue }
            // rho = 1: every term is exact and Q = (r0 - r1)^2, so the quadratic VaR is |r0 - r1|.
            let gap = r0 > r1 ? r0 &- r1 : r1 &- r0
            #expect(bd.quadraticVaR == gap, "state \(index): quadraticVaR \(bd.quadraticVaR), |r0 - r1| = \(gap)")
            #expect(bd.quadraticVaR < bd.sumRisk, "state \(index): r0 \(r0) r1 \(r1)")
            // The netting floor keeps it from netting to zero, and stays below the sum when it rounds to less.
            #expect(bd.portfolioVaR >= bd.nettingFloorVaR)
            if bd.sumRisk.exact * (WAD - global.nettingFloor.exact) >= WAD {
                #expect(bd.portfolioVaR < bd.sumRisk, "state \(index): VaR \(bd.portfolioVaR) = sumRisk \(bd.sumRisk)")
            }
            // The same two positions on one side would need the full sum.
            var same = b
            same.position(Actor.alice, 1, size: Int256(bitPattern: b.state.account(Actor.alice).positions[1].size.magnitude),
                          openNotional: 0)
            let unhedged = try same.state.marginBreakdown(Actor.alice, now: Chain.genesis)
            #expect(unhedged.portfolioVaR == unhedged.sumRisk && bd.maintenanceMargin <= unhedged.maintenanceMargin)
        }
    }
}
