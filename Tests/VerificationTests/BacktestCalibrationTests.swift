import ContractIO
import EVMArithmetic
import MarginEngine
import Testing
import Verification

/// Calibration: the sweep finds the z-score of the law that made the data,
/// runs the same on one or two threads, and the proposed governance path
/// reaches the setting through calls the contract accepts.
@Suite struct BacktestCalibrationTests {
    static let grid = BacktestSweep.Grid(zScores: [1.5, 2.33, 3.5].map { BacktestLawTests.wad($0) },
                                         lambdas: [BacktestLawTests.wad(0.97)])

    @Test func theSweepFindsTheZScoreOfAGaussianLaw() throws {
        let series = BacktestLawTests.gaussianSeries(seed: 11, count: 4000, sigma: { _ in 0.02 })
        let setup = BacktestLawTests.setup(series, lambda: 0.97, sigma0: 0.02)
        let sweep = try BacktestSweep.run(setup, grid: Self.grid, targetConfidence: 0.99, significance: 0.05)
        #expect(sweep.points.map(\.passes) == [false, true, false], "\(sweep.points.map { ($0.exceedances, $0.kupiecPValue) })")
        #expect(sweep.cheapestPassing?.params.zScore == BacktestLawTests.wad(2.33))
        // Capital grows with z.
        #expect(sweep.points[0].meanMarginRatio < sweep.points[1].meanMarginRatio)
        #expect(sweep.points[1].meanMarginRatio < sweep.points[2].meanMarginRatio)
    }

    @Test func twoWorkersGiveTheSameSweepAsOne() throws {
        let series = BacktestLawTests.gaussianSeries(seed: 2, count: 800, sigma: { _ in 0.03 })
        let setup = BacktestLawTests.setup(series, lambda: 0.94, sigma0: 0.03)
        let one = try BacktestSweep.run(setup, grid: Self.grid, targetConfidence: 0.99, significance: 0.05, workers: 1)
        let two = try BacktestSweep.run(setup, grid: Self.grid, targetConfidence: 0.99, significance: 0.05, workers: 2)
        #expect(one.points == two.points)
    }

    /// From the example's horizon of one hour to one day, z 2.33 to 3, λ
    /// 0.94 to 0.8: every step is within 25 % or the minimum step of the
    /// previous value, a cooldown apart, accepted by the model, and the last
    /// reaches the target; the direct jump is refused.
    @Test func theProposalReachesTheTargetWithinTheGuardrails() throws {
        let setup = BacktestLawTests.setup(BacktestLawTests.gaussianSeries(seed: 1, count: 10, sigma: { _ in 0.01 }),
                                           lambda: 0.94, sigma0: 0.01)
        var current = setup.marketParams[0]
        current.liquidationHorizon = 3600
        var target = current
        target.liquidationHorizon = 86400
        target.zScore = BacktestLawTests.wad(3)
        target.useEWMA(lambda: BacktestLawTests.wad(0.8))
        let steps = ParameterProposal.steps(from: current, to: target)
        #expect(steps.last == target)
        var previous = current
        for step in steps {
            for (k, (a, b)) in zip(previous.values, step.values).enumerated() {
                let allowed = max(try UInt256.fullMulWad(a, Constants.guardrailMaxChange), ParameterBounds.market[k].minStep)
                #expect((a > b ? a &- b : b &- a) <= allowed, "parameter \(k): \(a) -> \(b)")
            }
            previous = step
        }
        let scenario = try ParameterProposal.scenario(globalParams: setup.globalParams, current: current, target: target,
                                                      price: BacktestLawTests.wad(2000), variance: 2_000_000_000,
                                                      start: 1_700_000_000)
        #expect(scenario.calls.count == 1 + 2 * steps.count)
        let times = scenario.calls.filter { $0.call.function == .setMarketParams }.map(\.timestamp)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 == $0 &+ Constants.guardrailCooldown })
        // One jump straight to the target is refused by the model.
        #expect(throws: BacktestError.self) {
            _ = try ParameterProposal.scenario(globalParams: setup.globalParams, current: current, target: target,
                                               price: BacktestLawTests.wad(2000), variance: 2_000_000_000, start: 1_700_000_000,
                                               steps: [target])
        }
    }
}
