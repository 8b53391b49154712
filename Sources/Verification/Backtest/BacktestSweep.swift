import EVMArithmetic
import Foundation
import MarginEngine

/// Calibration: the back-test over a grid of z-score, EWMA λ, horizon and
/// base margin ratio, the trade-off between coverage and capital, and the
/// cheapest setting that passes Kupiec's test at a target confidence.
/// Settings run in parallel on `workers` threads; results keep grid order.
public struct BacktestSweep: Sendable {
    public struct Grid: Sendable {
        /// WAD values; an empty list keeps the set-up's value.
        public var zScores: [UInt256]
        public var lambdas: [UInt256]
        /// Seconds.
        public var horizons: [UInt256]
        public var baseRatios: [UInt256]

        public init(zScores: [UInt256] = [], lambdas: [UInt256] = [], horizons: [UInt256] = [], baseRatios: [UInt256] = []) {
            self.zScores = zScores
            self.lambdas = lambdas
            self.horizons = horizons
            self.baseRatios = baseRatios
        }

        /// Every combination, z outermost, in the order given.
        func settings(from p: MarketParams) -> [MarketParams] {
            var result: [MarketParams] = []
            for z in zScores.isEmpty ? [p.zScore] : zScores {
                for l in lambdas.isEmpty ? [p.garchBeta] : lambdas {
                    for h in horizons.isEmpty ? [p.liquidationHorizon] : horizons {
                        for b in baseRatios.isEmpty ? [p.baseMarginRatio] : baseRatios {
                            var q = p
                            q.zScore = z; q.useEWMA(lambda: l); q.liquidationHorizon = h; q.baseMarginRatio = b
                            result.append(q)
                        }
                    }
                }
            }
            return result
        }
    }

    /// One setting's outcome, scored against the target confidence.
    public struct Point: Sendable, Hashable {
        public var params: MarketParams
        public var observations: Int
        public var exceedances: Int
        public var expected: Double
        /// Kupiec's p-value against the target probability (not the setting's own z).
        public var kupiecPValue: Double
        public var meanMarginRatio: Double
        public var passes: Bool
    }

    public var targetProbability: Double
    public var significance: Double
    public var points: [Point]

    /// The passing setting with the least mean margin (first in grid order on a tie).
    public var cheapestPassing: Point? {
        points.filter(\.passes).min { $0.meanMarginRatio < $1.meanMarginRatio }
    }

    /// Runs every setting of `grid` on `setup` (every market gets the setting).
    public static func run(_ setup: BacktestSetup, grid: Grid, targetConfidence: Double, significance: Double,
                           workers: Int = 2) throws(BacktestError) -> BacktestSweep {
        let settings = grid.settings(from: setup.marketParams[0])
        let p = 1 - targetConfidence
        let results = Results(count: settings.count)
        let setups = settings.map { s -> BacktestSetup in
            var copy = setup
            copy.marketParams = Array(repeating: s, count: setup.marketParams.count)
            return copy
        }
        for s in setups { try s.validate() }
        let threads = max(1, min(workers, settings.count))
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            for i in stride(from: worker, to: setups.count, by: threads) {
                do {
                    let run = try BacktestReplay.run(setups[i])
                    let scored = run.scored
                    let hits = scored.filter(\.exceedsMargin).count
                    let kupiec = ExceedanceStatistics.chiSquareTail(
                        ExceedanceStatistics.kupiec(observations: scored.count, exceedances: hits, probability: p), degreesOfFreedom: 1)
                    let mean = scored.isEmpty ? 0 : scored.reduce(0) { $0 + $1.marginRatio } / Double(scored.count)
                    results.set(i, .success(Point(params: settings[i], observations: scored.count, exceedances: hits,
                                                  expected: Double(scored.count) * p, kupiecPValue: kupiec,
                                                  meanMarginRatio: mean, passes: kupiec >= significance)))
                } catch {
                    results.set(i, .failure(error as? BacktestError ?? BacktestError("\(error)")))
                }
            }
        }
        var points: [Point] = []
        for r in results.all {
            switch r {
            case .success(let point): points.append(point)
            case .failure(let error): throw error
            case nil: throw BacktestError("a sweep setting was not run")
            }
        }
        return BacktestSweep(targetProbability: p, significance: significance, points: points)
    }

    /// Slots the workers fill, one per setting, behind a lock.
    final class Results: @unchecked Sendable {
        private var slots: [Result<Point, BacktestError>?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ i: Int, _ r: Result<Point, BacktestError>) {
            lock.lock(); defer { lock.unlock() }
            slots[i] = r
        }

        var all: [Result<Point, BacktestError>?] {
            lock.lock(); defer { lock.unlock() }
            return slots
        }
    }
}
