// invariants.md, `rounding-favours-protocol`: the same formulas over the
// rationals, with real square roots and no rounding, on the same stored
// inputs. Computed margins are never below the exact ones, equity never
// above. Every comparison is exact (GMP); square roots are compared by
// squaring or through enclosures of width 10^-95 wei (ExactArithmetic's
// ExactMargin).
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic
import Testing

@Suite("Rounding never favours the account (invariants.md)")
struct RoundingTests {
    static let states = 2000

    /// The resolution of the exact VaR: 10^-95 wei, so a value whose exact form
    /// is a fraction with a power-of-WAD denominator (up to WAD^4) is a point.
    static let resolution = MPZ.power(10, 72) * MPZ.twoTo(256)

    /// Whether `value >= exact MM · factor / WAD`, decided at `resolution`.
    static func covers(_ value: UInt256, factor: MPZ, _ state: EngineState, _ account: Address, now: UInt256) -> ExactDecision {
        ExactMargin.covers(value, factor: factor, state, account, now: now, scale: resolution)
    }

    /// Checks every per-position term against its exact value; returns the failures.
    static func termFailures(_ s: RandomState, _ m: Int) throws -> [String] {
        let t = try s.state.positionTerms(s.account, m, now: s.now)
        let exact = ExactMargin.positionTerms(s.state, s.account, m, now: s.now)
        var failures: [String] = []
        if ExactRational(t.notional.exact) < exact.notional { failures.append("N \(t.notional) < exact") }
        if t.horizonVolatility.exact * t.horizonVolatility.exact < exact.horizonVariance {
            failures.append("hv \(t.horizonVolatility): hv^2 < var·T·WAD")
        }
        // r >= sqrt(riskSquare)/riskDenominator: (r·den)^2 >= riskSquare.
        let lhs = t.risk.exact * exact.riskDenominator
        if lhs * lhs < exact.riskSquare { failures.append("r \(t.risk) < exact") }
        if ExactRational(t.base.exact) < exact.base { failures.append("base \(t.base) < exact") }
        if ExactRational(t.impact.exact) < exact.impact { failures.append("impact \(t.impact) < exact") }
        return failures
    }

    @Test("per position N, hv, r, base and impact are each >= exact; equity <= exact; S >= exact")
    func termsRoundAgainstTheAccount() throws {
        var rng = TestRandom(seed: 0x524F_554E_44)
        var positions = 0
        for index in 0..<Self.states {
            let s = RandomStates.make(&rng)
            for m in s.openMarkets {
                positions += 1
                let failures = try Self.termFailures(s, m)
                #expect(failures.isEmpty, "state \(index) market \(m): \(failures)\n\(s)")
            }
            let e = try s.state.equity(s.account)
            #expect(ExactRational(e.exact) <= ExactMargin.equity(s.state, s.account), "state \(index): E = \(e) > exact\n\(s)")
            let stress = try s.state.stressMultiplier()
            #expect(ExactMargin.stressMultiplier(s.state) <= ExactRational(stress.exact),
                    "state \(index): S = \(stress) < exact\n\(s)")
            let b = try s.state.marginBreakdown(s.account, now: s.now)
            let positions = ExactMargin.openPositions(s.state, s.account, now: s.now)
            #expect(ExactMargin.baseAndImpact(positions) <= ExactRational(b.sumBase.exact + b.sumImpact.exact),
                    "state \(index): sumBase + sumImpact below exact\n\(s)")
        }
        #expect(positions > Self.states)
    }

    @Test("given the computed risks, Q, the quadratic VaR, the netting floor, MM and IM round up")
    func aggregationRoundsUp() throws {
        var rng = TestRandom(seed: 0x4147_4752)
        for index in 0..<Self.states {
            let s = RandomStates.make(&rng)
            let b = try s.state.marginBreakdown(s.account, now: s.now)
            let oracle = MarginOracle.breakdown(s.state, s.account, now: s.now)
            // Q_r: the quadratic form of the computed signed risks over the rationals, times WAD.
            var signed: [Int: MPZ] = [:]
            for m in s.openMarkets {
                let r = try s.state.positionTerms(s.account, m, now: s.now).risk.exact
                signed[m] = s.state.account(s.account).positions[m].size.isNegative ? -r : r
            }
            var qr = MPZ.zero
            for (i, si) in signed { for (j, sj) in signed { qr = qr + si * s.state.correlation[i][j].exact * sj } }
            #expect(oracle.q * WAD >= qr, "state \(index): Q below the exact form of the computed risks\n\(s)")
            let v = b.quadraticVaR.exact
            #expect(b.quadraticVaR == b.sumRisk || v * v * WAD >= qr, "state \(index): quadraticVaR^2 < Q_r\n\(s)")
            #expect(b.nettingFloorVaR.exact * WAD >= b.sumRisk.exact * s.state.globalParams.nettingFloor.exact)
            // The tier discount's share of the VaR, exactly: core · WAD = (base + impact) · WAD + VaR · (WAD − d).
            let core = (b.sumBase.exact + b.sumImpact.exact) * WAD + b.portfolioVaR.exact * (WAD - b.tierDiscount.exact)
            #expect(b.maintenanceMargin.exact * WAD * WAD >= core * b.stressMultiplier.exact, "state \(index): MM\n\(s)")
            #expect(b.initialMargin.exact * WAD >= b.maintenanceMargin.exact * (WAD + s.state.globalParams.imBuffer.exact))
        }
    }

    @Test("non-hedged accounts: computed MM >= exact MM and IM >= exact IM (real square roots)")
    func marginAtLeastExactForNonHedgedAccounts() throws {
        var rng = TestRandom(seed: 0x4558_4143_54)
        for index in 0..<Self.states {
            let s = RandomStates.make(&rng, hedged: false)
            #expect(!s.isHedged)
            let b = try s.state.marginBreakdown(s.account, now: s.now)
            let imFactor = WAD + s.state.globalParams.imBuffer.exact
            #expect(Self.covers(b.maintenanceMargin, factor: WAD, s.state, s.account, now: s.now) == .holds,
                    "state \(index): MM \(b.maintenanceMargin) below exact\n\(s)")
            #expect(Self.covers(b.initialMargin, factor: imFactor, s.state, s.account, now: s.now) == .holds,
                    "state \(index): IM \(b.initialMargin) below exact\n\(s)")
            let exactVaR = ExactMargin.portfolioVaR(ExactMargin.openPositions(s.state, s.account, now: s.now), s.state,
                                                    scale: Self.resolution)
            #expect(exactVaR.high <= b.portfolioVaR.exact * Self.resolution, "state \(index): VaR below exact\n\(s)")
        }
    }

    /// Spec/invariants.md, rounding-favours-protocol: for a hedged account the
    /// quadratic form is not monotone in the risks, so rounding each risk up
    /// can lower the VaR below its fully exact value; the Spec therefore
    /// promises MM >= the exact form of the *computed* risks (checked for every
    /// state by `aggregationRoundsUp`). This pins that the caveat is real: when
    /// the netting floor does not bind, MM can end below the fully exact MM.
    @Test("hedged accounts: MM may fall below the fully exact MM, only when the netting floor does not bind")
    func hedgedAccountCanEndBelowExactMargin() throws {
        var global = GlobalParams.standard
        global.nettingFloor = 0
        var chain = Chain(global)
        chain.listUSDC()
        chain.listMarket(price: wad("2000"), variance: 3_109_712_272_449)
        chain.listMarket(price: wad("2000"), variance: 4_318_013_531_664)
        chain.succeed(.setCorrelation(marketA: 0, marketB: 1, correlation: swad("1")), from: Actor.owner)
        chain.depositUSDC(Actor.alice, 1_000_000_000)
        chain.depositUSDC(Actor.bob, 1_000_000_000)
        // Long 5361.925683637870208907 of market 0 against short 4550.288099224299928252 of market 1:
        // the exact risks differ by 597490211.x wei, the rounded ones (r0 + 3446256, r1 + 739164) by 594783119,
        // so MM = 4154673781481062732713379 while the exact MM is 4154673781481062735420469.x.
        chain.trade(buyer: Actor.alice, seller: Actor.bob, market: 0, size: u("5361925683637870208907"), price: wad("2000"))
        chain.trade(buyer: Actor.bob, seller: Actor.alice, market: 1, size: u("4550288099224299928252"), price: wad("2000"))
        let b = chain.breakdown(Actor.alice)
        let s = RandomState(state: chain.state, now: chain.now)
        #expect(s.isHedged)
        let decision = Self.covers(b.maintenanceMargin, factor: WAD, chain.state, Actor.alice, now: chain.now)
        #expect(decision != .holds, "the Spec's caveat for hedges: MM \(b.maintenanceMargin) is below the fully exact MM here")

        // On random hedged states it happens only while the netting floor does not bind.
        var rng = TestRandom(seed: 0x4845_4447_45)
        var failures: [String] = []
        var hedged = 0
        for index in 0..<1000 {
            let s = RandomStates.make(&rng)
            guard s.isHedged else { continue }
            hedged += 1
            let b = try s.state.marginBreakdown(s.account, now: s.now)
            if Self.covers(b.maintenanceMargin, factor: WAD, s.state, s.account, now: s.now) != .holds {
                failures.append("state \(index): MM \(b.maintenanceMargin)\n\(s)")
                // The cause is the quadratic VaR: a failure needs the netting floor not to bind.
                #expect(b.quadraticVaR > b.nettingFloorVaR, "state \(index): fails with the netting floor binding\n\(s)")
            }
        }
        #expect(hedged > 50)
        #expect(failures.count < hedged, "most hedged states still cover the fully exact MM")
    }
}
