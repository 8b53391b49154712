// Spec/margin.md on hand-worked states: each formula's exact rational is
// derived in GMP, then the Spec's rounding is applied step by step, and the
// model's value must be exactly that.
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic
import Testing

@Suite("Margin formulas (margin.md), hand-worked")
struct MarginFormulaExampleTests {
    let now = Chain.genesis
    let alice = Actor.alice

    func ceil(_ a: MPZ, _ d: MPZ) -> MPZ { a.ceilingDivision(by: d) }
    func floor(_ a: MPZ, _ d: MPZ) -> MPZ { a.flooredDivision(by: d) }

    /// One market, one position of `size` at `price`, evaluated at `now`.
    func single(size: Int256, price: UInt256, variance: UInt256 = 2_000_000_000, age: UInt64 = 0,
                breakerUntil: UInt256 = .zero, params: MarketParams = .standard,
                global: GlobalParams = .standard, fund: UInt256 = .zero) -> EngineState {
        var b = StateBuilder(global, fund: fund)
        b.market(price: price, priceTime: now &- UInt256(age), variance: variance, breakerUntil: breakerUntil, params: params)
        b.position(alice, 0, size: size, openNotional: .zero)
        return b.state
    }

    @Test("notional N = ceil(|size|·price / WAD)")
    func notionalRoundsUp() throws {
        // 10 ETH at 2000: exactly 20000 USD, no rounding.
        #expect(try single(size: swad("10"), price: wad("2000")).positionTerms(alice, 0, now: now).notional == wad("20000"))
        // |size| = 1.5 + 1 wei units at 2000.123456789012345678: the product is not a multiple of WAD.
        let size = i("-1500000000000000001"), price = u("2000123456789012345678")
        let product = size.exact.magnitude * price.exact
        #expect(product == MPZ("3000185185183518520517123456789012345678")!)
        let expected = ceil(product, WAD)                                // 3000.185185183518520517|12… -> …518
        #expect(expected == MPZ("3000185185183518520518")!)
        let n = try single(size: size, price: price).positionTerms(alice, 0, now: now).notional
        #expect(n.exact == expected, "N of \(size) at \(price)")
        // The sign of the position does not matter.
        #expect(try single(size: Int256.zero &- size, price: price).positionTerms(alice, 0, now: now).notional == n)
    }

    @Test("horizon volatility hv = ceil(sqrt(variance·T·WAD)), T = horizon + min(age, 30 days)")
    func horizonVolatilityRoundsUpWithCappedAge() throws {
        // The eval example's ETH-PERP: T = 3600 + 300, hv = 2792848008753789 (Spec/eval-state-format.md).
        let eth = try single(size: swad("10"), price: wad("2000"), age: 300).positionTerms(alice, 0, now: now)
        #expect(eth.horizonVolatility == 2_792_848_008_753_789)
        let x = MPZ(2_000_000_000 as UInt) * MPZ(3900 as UInt) * WAD      // 7.8e30
        #expect(x.ceilingSquareRoot == MPZ(2_792_848_008_753_789 as UInt))
        #expect(x.flooredSquareRoot == MPZ(2_792_848_008_753_788 as UInt))        // not a square: rounded up by one

        // An oracle 45 days old counts as 30 days: T = 3600 + 2592000.
        let old = try single(size: swad("10"), price: wad("2000"), age: 45 * 86_400).positionTerms(alice, 0, now: now)
        let capped = (MPZ(2_000_000_000 as UInt) * MPZ(3600 + 2_592_000 as UInt) * WAD).ceilingSquareRoot
        #expect(old.horizonVolatility.exact == capped)
        let atCap = try single(size: swad("10"), price: wad("2000"), age: 2_592_000).positionTerms(alice, 0, now: now)
        let pastCap = try single(size: swad("10"), price: wad("2000"), age: 2_592_001).positionTerms(alice, 0, now: now)
        #expect(atCap.horizonVolatility == old.horizonVolatility && pastCap.horizonVolatility == old.horizonVolatility)
        let belowCap = try single(size: swad("10"), price: wad("2000"), age: 2_591_999).positionTerms(alice, 0, now: now)
        #expect(belowCap.horizonVolatility < old.horizonVolatility)

        // A perfect square is not rounded: variance 4, T = 400: sqrt(4·400·10^18) = 4·10^10 exactly.
        var params = MarketParams.standard
        params.liquidationHorizon = 400
        let square = try single(size: swad("1"), price: wad("1"), variance: 4, params: params).positionTerms(alice, 0, now: now)
        #expect(square.horizonVolatility == 40_000_000_000)
        // Zero variance: hv = 0, so risk = 0.
        let flat = try single(size: swad("1"), price: wad("1"), variance: 0).positionTerms(alice, 0, now: now)
        #expect(flat.horizonVolatility == 0 && flat.risk == 0)
    }

    @Test("risk r = ceil(ceil(N·z / WAD)·hv / WAD), then ceil(r·breakerMultiplier / WAD) while now < breakerUntil")
    func riskRoundsUpAndBreakerMultiplies() throws {
        var params = MarketParams.standard
        params.zScore = u("2330000000000000007")
        params.breakerMultiplier = u("1700000000000000001")
        let size = swad("3.000000000000000001"), price = u("1999999999999999999999")
        let off = try single(size: size, price: price, age: 17, params: params).positionTerms(alice, 0, now: now)
        let n = ceil(size.exact * price.exact, WAD)
        let hv = (MPZ(2_000_000_000 as UInt) * MPZ(3617 as UInt) * WAD).ceilingSquareRoot
        let r = ceil(ceil(n * params.zScore.exact, WAD) * hv, WAD)
        #expect(off.notional.exact == n && off.horizonVolatility.exact == hv)
        #expect(off.risk.exact == r, "risk \(off.risk), expected \(r)")
        // Rounding twice is at least rounding once: r >= ceil(N·z·hv / WAD^2).
        #expect(r >= ceil(n * params.zScore.exact * hv, WAD * WAD))

        // Breaker on: one more rounding up.
        let on = try single(size: size, price: price, age: 17, breakerUntil: now &+ 1, params: params)
            .positionTerms(alice, 0, now: now)
        #expect(on.risk.exact == ceil(r * params.breakerMultiplier.exact, WAD))
        #expect(on.notional == off.notional && on.base == off.base && on.impact == off.impact)
        // At now == breakerUntil the breaker is off.
        let ended = try single(size: size, price: price, age: 17, breakerUntil: now, params: params)
            .positionTerms(alice, 0, now: now)
        #expect(ended.risk == off.risk)
        // The eval example's BTC-PERP: the breaker doubles r (219564641962224940000 = 2 · 109782320981112470000).
        var b = StateBuilder()
        b.market(price: wad("40000"), priceTime: now &- 100, variance: 1_500_000_000, breakerUntil: now &+ 400)
        b.position(alice, 0, size: swad("-0.5"), openNotional: .zero)
        #expect(try b.state.positionTerms(alice, 0, now: now).risk == u("219564641962224940000"))
    }

    @Test("base = ceil(N·baseMarginRatio / WAD); impact = ceil(ceil(N·k / WAD)·N / depth)")
    func baseAndImpactRoundUp() throws {
        var params = MarketParams.standard
        params.baseMarginRatio = u("12345678901234567")
        params.impactCoefficient = u("98765432109876543")
        params.liquidityDepth = u("3333333333333333333333333")
        let size = swad("7.777777777777777777"), price = u("2468013579246801357924")
        let t = try single(size: size, price: price, params: params).positionTerms(alice, 0, now: now)
        let n = ceil(size.exact * price.exact, WAD)
        #expect(t.base.exact == ceil(n * params.baseMarginRatio.exact, WAD))
        let expectedImpact = ceil(ceil(n * params.impactCoefficient.exact, WAD) * n, params.liquidityDepth.exact)
        #expect(t.impact.exact == expectedImpact)
        // The eval example: N = 20000, coef 0.1, depth 5e6: impact = 2000·20000/5e6 = 8 USD; base = 200 USD.
        let eth = try single(size: swad("10"), price: wad("2000")).positionTerms(alice, 0, now: now)
        #expect(eth.base == wad("200") && eth.impact == wad("8"))
    }

    @Test("quadratic VaR = min(sqrtUp(max(Q, 0)), sumRisk): same-side positions with rho = 1 reach the cap exactly")
    func quadraticVaRCappedAtSumRisk() throws {
        var b = StateBuilder()
        b.market(price: wad("2000"), variance: 2_000_000_000)
        b.market(price: wad("40000"), variance: 1_500_000_000)
        b.correlate(0, 1, swad("1"))
        b.position(alice, 0, size: swad("10"), openNotional: swad("20000"))
        b.position(alice, 1, size: swad("0.5"), openNotional: swad("20000"))
        let bd = try b.state.marginBreakdown(alice, now: now)
        let r0 = try b.state.positionTerms(alice, 0, now: now).risk.exact
        let r1 = try b.state.positionTerms(alice, 1, now: now).risk.exact
        // rho = WAD: every term is exact, Q = (r0 + r1)^2, so sqrtUp(Q) = sumRisk.
        let q = r0 * r0 + r1 * r1 + r0 * r1 + r1 * r0
        #expect(q == (r0 + r1) * (r0 + r1))
        #expect(bd.sumRisk.exact == r0 + r1)
        #expect(bd.quadraticVaR == bd.sumRisk && bd.portfolioVaR == bd.sumRisk)
    }

    @Test("a negative Q (non-PSD matrix) is clamped to 0, and the netting floor sets the VaR")
    func negativeQuadraticFormClampsToZero() throws {
        var b = StateBuilder()
        for _ in 0..<3 { b.market(price: wad("2000"), variance: 2_000_000_000) }
        // Pairwise -1 over three markets is not positive semi-definite.
        b.correlate(0, 1, swad("-1")); b.correlate(0, 2, swad("-1")); b.correlate(1, 2, swad("-1"))
        for m in 0..<3 { b.position(alice, m, size: swad("10"), openNotional: swad("20000")) }
        let r = try b.state.positionTerms(alice, 0, now: now).risk.exact
        // Q = 3 r^2 - 6 r^2 < 0 (each -1 term is -floor(r·WAD/WAD)·r = -r^2, exact).
        let q = MPZ(3) * r * r - MPZ(6) * r * r
        #expect(q.signum < 0)
        let bd = try b.state.marginBreakdown(alice, now: now)
        #expect(bd.quadraticVaR == 0)
        #expect(bd.nettingFloorVaR.exact == ceil(MPZ(3) * r * wad("0.3").exact, WAD))
        #expect(bd.portfolioVaR == bd.nettingFloorVaR)
    }

    @Test("netting floor: VaR >= ceil(sumRisk·nettingFloor / WAD), also for a perfect hedge")
    func nettingFloorBoundsAHedge() throws {
        var global = GlobalParams.standard
        global.nettingFloor = u("300000000000000001")
        var b = StateBuilder(global)
        b.market(price: wad("2000"), variance: 2_000_000_000)
        b.market(price: wad("2000"), variance: 2_000_000_000)
        b.correlate(0, 1, swad("1"))
        b.position(alice, 0, size: swad("10"), openNotional: swad("20000"))
        b.position(alice, 1, size: swad("-10"), openNotional: swad("-20000"))
        let bd = try b.state.marginBreakdown(alice, now: now)
        // Equal and opposite risks with rho = 1: Q = r^2 + r^2 - 2 r^2 = 0 exactly.
        #expect(bd.quadraticVaR == 0)
        #expect(bd.nettingFloorVaR.exact == ceil(bd.sumRisk.exact * global.nettingFloor.exact, WAD))
        #expect(bd.portfolioVaR == bd.nettingFloorVaR && bd.portfolioVaR < bd.sumRisk)
    }

    @Test("stress S = WAD + ceil(gamma·ceil((target - fund)·WAD / target) / WAD); 1 at target 0 or fund >= target")
    func stressMultiplierFromShortfall() throws {
        var global = GlobalParams.standard
        global.stressGamma = u("1300000000000000001")
        // Target 0: stress is off, whatever the fund.
        #expect(try StateBuilder(global, fund: 0).state.stressMultiplier() == Constants.wad)
        global.insuranceTarget = u("1000000000000000000000007")
        // Fund at and above target: no shortfall.
        #expect(try StateBuilder(global, fund: global.insuranceTarget).state.stressMultiplier() == Constants.wad)
        #expect(try StateBuilder(global, fund: global.insuranceTarget &+ 1).state.stressMultiplier() == Constants.wad)
        // Fund 1/3 of target: f = ceil((t - fund)·WAD / t), S = WAD + ceil(gamma·f / WAD).
        let fund = u("333333333333333333333333")
        let t = global.insuranceTarget.exact
        let f = ceil((t - fund.exact) * WAD, t)
        #expect(f == MPZ("666666666666666667")!)                       // 666666666666666666.66… rounded up
        let expected = WAD + ceil(global.stressGamma.exact * f, WAD)
        #expect(try StateBuilder(global, fund: fund).state.stressMultiplier().exact == expected)
        // Empty fund: f = WAD exactly, so S = WAD + gamma (the cap).
        #expect(try StateBuilder(global, fund: 0).state.stressMultiplier() == Constants.wad &+ global.stressGamma)
        // The eval example: fund 250000 of 1000000, gamma 1: S = 1.75.
        var example = GlobalParams.standard
        example.insuranceTarget = wad("1000000")
        #expect(try StateBuilder(example, fund: wad("250000")).state.stressMultiplier() == wad("1.75"))
    }

    @Test("MM = ceil((sumBase + sumImpact + VaR)·S / WAD); IM = ceil(MM·(WAD + imBuffer) / WAD)")
    func maintenanceAndInitialMarginRoundUp() throws {
        var global = GlobalParams.standard
        global.insuranceTarget = wad("1000000")
        global.stressGamma = u("1000000000000000003")
        global.imBuffer = u("500000000000000001")
        let state = single(size: swad("-3.3"), price: u("2000000000000000000001"), age: 61,
                           global: global, fund: u("123456789012345678901234"))
        let t = try state.positionTerms(alice, 0, now: now)
        let bd = try state.marginBreakdown(alice, now: now)
        // One position: Q = r^2 (diagonal, exact), so VaR = r (0.3·r is below it).
        #expect(bd.quadraticVaR == t.risk && bd.portfolioVaR == t.risk)
        #expect(bd.nettingFloorVaR.exact == ceil(t.risk.exact * wad("0.3").exact, WAD))
        let s = WAD + ceil(global.stressGamma.exact * ceil((wad("1000000").exact - u("123456789012345678901234").exact) * WAD,
                                                           wad("1000000").exact), WAD)
        #expect(bd.stressMultiplier.exact == s)
        let core = t.base.exact + t.impact.exact + t.risk.exact
        let mm = ceil(core * s, WAD)
        #expect(bd.maintenanceMargin.exact == mm, "MM \(bd.maintenanceMargin), expected \(mm)")
        #expect(bd.initialMargin.exact == ceil(mm * (WAD + global.imBuffer.exact), WAD))
        #expect(bd.sumBase == t.base && bd.sumImpact == t.impact && bd.sumRisk == t.risk)
        // No positions: no margin.
        let empty = try StateBuilder(global).state.marginBreakdown(Actor.bob, now: now)
        #expect(empty.maintenanceMargin == 0 && empty.initialMargin == 0 && empty.stressMultiplier.exact == WAD + global.stressGamma.exact)
    }

    @Test("collateral value = Σ floor(floor(amount·10^(18-dec)·price / WAD)·weight / WAD), for 6, 8 and 18 decimals")
    func collateralValueRoundsDownTwice() throws {
        var b = StateBuilder()
        let assets: [(dec: UInt256, weight: UInt256, price: UInt256, amount: UInt256)] = [
            (6, wad("0.95"), u("999900000000000001"), 1_234_567),                          // 1.234567 USDC
            (8, u("700000000000000001"), u("43210123000000000000001"), 12_345_678),        // 0.12345678 BTC
            (18, wad("0.8"), wad("2000.5"), u("1500000000000000003")),                     // 1.5 ETH + 3 wei
        ]
        var expected = MPZ.zero
        for (a, x) in assets.enumerated() {
            b.asset(decimals: x.dec, weight: x.weight, price: x.price)
            b.collateral(alice, a, x.amount)
            let amount18 = x.amount.exact * MPZ.power(10, UInt(18 - Int(x.dec.uint64Value!)))     // exact
            let usd = floor(amount18 * x.price.exact, WAD)                                       // down
            expected = expected + floor(usd * x.weight.exact, WAD)                               // down
        }
        let value = try b.state.collateralValue(alice)
        #expect(value.exact == expected, "collateral value \(value), expected \(expected)")
        // Rounding twice is at most the exact value, and here strictly below it.
        var exact = ExactRational(MPZ.zero)
        for x in assets {
            exact = exact + ExactRational(x.amount.exact * MPZ.power(10, UInt(18 - Int(x.dec.uint64Value!))) * x.price.exact * x.weight.exact, WAD * WAD)
        }
        #expect(ExactRational(value.exact) < exact)
        // USDC alone, hand-worked: 1.234567 · 0.999900000000000001 = 1.234443543300000001|234567 -> …001 wei,
        // then · 0.95 = 1.17272136613500000095 -> 1.172721366135000000.
        var usdc = StateBuilder()
        usdc.asset(decimals: 6, weight: wad("0.95"), price: u("999900000000000001"))
        usdc.collateral(alice, 0, 1_234_567)
        #expect(try usdc.state.collateralValue(alice) == u("1172721366135000000"))
        // A weight of 0 counts nothing.
        var worthless = StateBuilder()
        worthless.asset(decimals: 18, weight: 0, price: wad("2000"))
        worthless.collateral(alice, 0, wad("1"))
        #expect(try worthless.state.collateralValue(alice) == 0)
    }

    @Test("equity = collateral value + cash + Σ (valueAt(size, price) - openNotional)")
    func equitySumsCollateralCashAndUnrealisedPnl() throws {
        var b = StateBuilder()
        b.asset(decimals: 6, weight: wad("1"), price: wad("1"))
        b.market(price: u("1999999999999999999999"), variance: 2_000_000_000)
        b.market(price: u("40000000000000000000001"), variance: 1_500_000_000)
        b.collateral(alice, 0, 5_000_000_000)
        b.cash(alice, swad("-1.25"))
        b.position(alice, 0, size: swad("10.000000000000000001"), openNotional: swad("19500"))
        b.position(alice, 1, size: swad("-0.500000000000000003"), openNotional: swad("-20100"))
        let upnl0 = floor(swad("10.000000000000000001").exact * u("1999999999999999999999").exact, WAD) - swad("19500").exact
        let upnl1 = floor(swad("-0.500000000000000003").exact * u("40000000000000000000001").exact, WAD) - swad("-20100").exact
        #expect(try b.state.unrealisedPnl(alice, 0).exact == upnl0)
        #expect(try b.state.unrealisedPnl(alice, 1).exact == upnl1)
        let expected = wad("5000").exact + swad("-1.25").exact + upnl0 + upnl1
        #expect(try b.state.equity(alice).exact == expected)
        // Equity does not depend on the time; the margin does.
        #expect(try b.state.marginBreakdown(alice, now: now &+ 1000).equity.exact == expected)
    }
}
