import ContractIO
import EVMArithmetic
import Foundation
import MarginEngine
import Testing
import Verification

/// The whole back-test on synthetic series with a known law: i.i.d.
/// Gaussian returns at constant volatility, a volatility regime switch,
/// and a planted look-ahead bug that the non-anticipation law catches.
@Suite struct BacktestLawTests {
    static let day: UInt64 = 86400
    static let start: UInt64 = 1_600_000_000 / 86400 * 86400

    /// Daily prices from 1000 USD with simple returns N(0, sigma(i)²), seeded.
    static func gaussianSeries(seed: UInt64, count: Int, sigma: (Int) -> Double) -> PriceSeries {
        var random = SeededRandom(seed: seed)
        func uniform() -> Double { (Double(random.next() >> 11) + 0.5) / Double(1 << 53) }
        var price = 1000.0
        var observations: [PriceObservation] = []
        for i in 0..<count {
            observations.append(PriceObservation(time: start + UInt64(i) * day,
                                                 price: UInt256(UInt64((price * 1e6).rounded())) &* UInt256(1_000_000_000_000)))
            let normal = (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
            price *= 1 + sigma(i) * normal
        }
        return PriceSeries(name: "synthetic-\(seed)", observations: observations)
    }

    static func wad(_ x: Double) -> UInt256 { UInt256(UInt64((x * 1e9).rounded())) &* UInt256(1_000_000_000) }

    /// VaR only: no base, no impact, no breaker, no stress; z 2.33, one day.
    static func setup(_ series: PriceSeries, lambda: Double, sigma0: Double, warmUp: Int = 100) -> BacktestSetup {
        let market = MarketParams(
            baseMarginRatio: .zero, zScore: wad(2.33), liquidationHorizon: UInt256(day), impactCoefficient: .zero,
            liquidityDepth: ParameterBounds.market[4].hi, breakerThreshold: ParameterBounds.market[5].hi,
            breakerCooldown: .zero, breakerMultiplier: .wad, ewmaLambda: wad(lambda))
        let global = GlobalParams(
            nettingFloor: wad(0.3), stressGamma: .zero, insuranceTarget: .zero, imBuffer: wad(0.5), maxOracleAge: 3600,
            priceBand: wad(0.02), feeRatio: wad(0.0005), closeFactor: wad(0.5), deepUnderwaterRatio: wad(0.5),
            penaltyRatio: wad(0.01), liquidatorShare: wad(0.5))
        let variance = UInt256(UInt64((sigma0 * sigma0 / Double(day) * 1e18).rounded()))
        return BacktestSetup(series: [series], marketParams: [market], globalParams: global, initialVariance: [variance],
                             insuranceFund: .zero, legs: [.init(market: 0, side: .long, notional: wad(1_000_000))],
                             warmUp: warmUp, window: 250)
    }

    /// The smallest and largest counts a Binomial(n, p) gives with 99.9 % probability.
    static func binomialBounds(_ n: Int, _ p: Double) -> ClosedRange<Int> {
        var lo = 0
        while BaselZone.binomialCDF(lo, n: n, p: p) < 0.0005 { lo += 1 }
        var hi = lo
        while BaselZone.binomialCDF(hi, n: n, p: p) < 0.9995 { hi += 1 }
        return lo...hi
    }

    @Test func gaussianConstantVolatilityExceedsAtTheNominalRate() throws {
        let series = Self.gaussianSeries(seed: 11, count: 4000, sigma: { _ in 0.02 })
        let run = try BacktestReplay.run(Self.setup(series, lambda: 0.97, sigma0: 0.02))
        let report = BacktestReport(run)
        let bounds = Self.binomialBounds(report.valueAtRisk.observations, report.probability)
        #expect(report.valueAtRisk.observations == 4000 - 100 - 1)
        #expect(bounds.contains(report.valueAtRisk.exceedances),
                "\(report.valueAtRisk.exceedances) VaR exceedances in \(report.valueAtRisk.observations), expected \(bounds)")
        #expect(report.valueAtRisk.kupiecPValue > 0.001 && report.valueAtRisk.independencePValue > 0.001)
        // Without base, impact and stress the margin is the VaR term.
        #expect(run.steps.allSatisfy { $0.maintenanceMargin == $0.valueAtRisk })
        // The margin tracks sigma: MM/notional near z·σ = 4.66 %.
        #expect(abs(report.capital.medianMarginRatio - 2.33 * 0.02) < 0.004, "median MM ratio \(report.capital.medianMarginRatio)")
    }

    @Test func exceedancesClusterAfterARegimeSwitch() throws {
        let switchAt = 1500
        let series = Self.gaussianSeries(seed: 5, count: 2000, sigma: { $0 < switchAt ? 0.01 : 0.04 })
        let run = try BacktestReplay.run(Self.setup(series, lambda: 0.99, sigma0: 0.01))
        let report = BacktestReport(run)
        let switchTime = series.observations[switchAt].time
        let hits = run.scored.map { ($0.time, $0.exceedsMargin) }
        let after = hits.filter { $0.0 >= switchTime && $0.0 < switchTime + 30 * Self.day && $0.1 }.count
        let before = hits.filter { $0.0 < switchTime && $0.1 }.count
        let beforeCount = hits.filter { $0.0 < switchTime }.count
        // 30 days after the switch hold more exceedances than the rate allows (0.3 expected; with λ = 0.99 about 5) ...
        #expect(after >= 3, "\(after) exceedances in the 30 days after the switch")
        // ... while the calm period stays near its rate.
        #expect(Double(before) / Double(beforeCount) < 0.03, "\(before) of \(beforeCount) before the switch")
        // The worst rolling window covers the switch and is red or yellow.
        let worst = try #require(report.worstWindow)
        #expect(worst.start <= switchTime && switchTime <= worst.end && worst.zone != .green, "\(worst)")
    }

    /// The margin read at step k may depend only on prices up to k: change
    /// every price after k and the margins up to k must not move.
    static func marginIsNonAnticipating(_ replay: (BacktestSetup) throws -> BacktestRun, _ setup: BacktestSetup, at k: Int) throws -> Bool {
        let original = try replay(setup)
        var changed = setup
        changed.series[0].observations = setup.series[0].observations.enumerated().map { i, o in
            i <= k ? o : PriceObservation(time: o.time, price: o.price &* UInt256(3))
        }
        let perturbed = try replay(changed)
        return (0...k).allSatisfy {
            original.steps[$0].maintenanceMargin == perturbed.steps[$0].maintenanceMargin
                && original.steps[$0].breakerActive == perturbed.steps[$0].breakerActive
        }
    }

    /// A copy of the back-test with a planted look-ahead bug: the margin at
    /// t is computed from a feed one observation ahead (today's margin has
    /// seen tomorrow's close), the losses from the true prices.
    static func lookAheadReplay(_ setup: BacktestSetup) throws -> BacktestRun {
        var truth = try BacktestReplay.run(setup)
        var ahead = setup
        let o = setup.series[0].observations
        ahead.series[0].observations = zip(o, o.dropFirst()).map { PriceObservation(time: $0.time, price: $1.price) }
        let peeked = try BacktestReplay.run(ahead)
        for i in peeked.steps.indices {
            truth.steps[i].maintenanceMargin = peeked.steps[i].maintenanceMargin
            truth.steps[i].valueAtRisk = peeked.steps[i].valueAtRisk
        }
        return truth
    }

    @Test func aPlantedLookAheadBugIsCaught() throws {
        let series = Self.gaussianSeries(seed: 3, count: 600, sigma: { _ in 0.02 })
        let setup = Self.setup(series, lambda: 0.94, sigma0: 0.02)
        let replay: (BacktestSetup) throws -> BacktestRun = { try BacktestReplay.run($0) }
        #expect(try Self.marginIsNonAnticipating(replay, setup, at: 300))
        #expect(try !Self.marginIsNonAnticipating(Self.lookAheadReplay, setup, at: 300))
        // The statistics see it too: with the future in the variance, big losses are foreseen.
        let honest = BacktestReport(try BacktestReplay.run(setup)), cheating = BacktestReport(try Self.lookAheadReplay(setup))
        #expect(cheating.margin.exceedances < honest.margin.exceedances,
                "look-ahead \(cheating.margin.exceedances) vs honest \(honest.margin.exceedances)")
    }

    /// Two markets moving together: the trailing correlation climbs from 0
    /// toward 1, each call within the guardrail (25 % of the current value,
    /// at least 0.05) and at least a cooldown after the previous one.
    @Test func trailingCorrelationMovesWithinTheGuardrails() throws {
        let a = Self.gaussianSeries(seed: 21, count: 900, sigma: { _ in 0.02 })
        var setup = Self.setup(a, lambda: 0.94, sigma0: 0.02)
        setup.series.append(a)
        setup.marketParams.append(setup.marketParams[0])
        setup.initialVariance.append(setup.initialVariance[0])
        setup.legs.append(.init(market: 1, side: .long, notional: Self.wad(500_000)))
        setup.correlationUpdate = .init(lookback: 60, every: 5)
        let run = try BacktestReplay.run(setup)
        let calls = run.correlationCalls
        #expect(calls.count > 10)
        var previous = (time: UInt64(0), rho: Int256.zero)
        for c in calls {
            let allowed = max(try UInt256.fullMulWad(previous.rho.magnitude, Constants.guardrailMaxChange), ParameterBounds.correlationMinStep)
            #expect((c.correlation &- previous.rho).magnitude <= allowed, "\(previous) -> \(c)")
            #expect(previous.time == 0 || c.time >= previous.time + 86400)
            #expect(c.correlation > previous.rho)
            previous = (c.time, c.correlation)
        }
        #expect(WadDecimal.double(previous.rho) > 0.9, "last correlation \(previous.rho)")
    }

    @Test func theReplayIsDeterministic() throws {
        let series = Self.gaussianSeries(seed: 9, count: 400, sigma: { _ in 0.03 })
        let setup = Self.setup(series, lambda: 0.94, sigma0: 0.03)
        let a = try BacktestReplay.run(setup), b = try BacktestReplay.run(setup)
        #expect(a.steps == b.steps)
        #expect(CanonicalJSONText.of(BacktestReport(a)) == CanonicalJSONText.of(BacktestReport(b)))
        #expect(BacktestPlot(run: a, report: BacktestReport(a)).svg == BacktestPlot(run: b, report: BacktestReport(b)).svg)
    }

    @Test func aHorizonTheDataCannotObserveIsRefused() {
        let series = Self.gaussianSeries(seed: 1, count: 50, sigma: { _ in 0.02 })
        var setup = Self.setup(series, lambda: 0.94, sigma0: 0.02, warmUp: 10)
        setup.marketParams[0].liquidationHorizon = 3600
        #expect(throws: BacktestError.self) { try BacktestReplay.run(setup) }
        setup.marketParams[0].liquidationHorizon = UInt256(2 * Self.day)
        #expect(throws: Never.self) { try BacktestReplay.run(setup) }
        // Nothing left to score is refused too, not reported as a pass.
        setup.warmUp = 49
        #expect(throws: BacktestError.self) { try BacktestReplay.run(setup) }
        // A parameter outside the contract's bounds is named.
        setup.warmUp = 10
        setup.marketParams[0].liquidationHorizon = UInt256(10 * Self.day)
        do {
            _ = try BacktestReplay.run(setup)
            Issue.record("a 10-day horizon was accepted")
        } catch {
            #expect(error.description.contains("liquidationHorizon is 864000, expected 0 to 604800"), "\(error)")
        }
    }

    /// The exact loss: size × (price later − price), against MM × WAD.
    @Test func exceedanceIsTheExactLossAgainstTheMargin() throws {
        let series = Self.gaussianSeries(seed: 4, count: 200, sigma: { _ in 0.05 })
        let run = try BacktestReplay.run(Self.setup(series, lambda: 0.94, sigma0: 0.05, warmUp: 0))
        for (i, s) in run.steps.dropLast().enumerated() {
            let later = run.steps[i + 1].prices[0]
            let drop = s.prices[0] > later ? s.prices[0] &- later : .zero
            let loss = s.sizes[0].magnitude &* drop
            #expect(s.exceedsMargin == (loss > s.maintenanceMargin &* .wad))
        }
        #expect(run.steps.last?.horizonLoss == nil)
    }
}

/// The canonical JSON text of a report.
enum CanonicalJSONText {
    static func of(_ report: BacktestReport) -> String { CanonicalJSON.render(report.json) }
}
