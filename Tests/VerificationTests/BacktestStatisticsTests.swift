import Testing
import Verification

/// The coverage statistics against worked numbers. The reference values
/// were computed once with SciPy 1.x (scipy.stats.chi2.sf, norm.sf,
/// binom.cdf) in a throwaway script and are pinned here.
@Suite struct BacktestStatisticsTests {
    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func chiSquareTailsMatchSciPy() {
        #expect(Self.close(ExceedanceStatistics.chiSquareTail(3.841458820694124, degreesOfFreedom: 1), 0.04999999999999989))
        #expect(Self.close(ExceedanceStatistics.chiSquareTail(5.991464547107979, degreesOfFreedom: 2), 0.05000000000000007))
        #expect(Self.close(ExceedanceStatistics.chiSquareTail(10.0, degreesOfFreedom: 1), 0.001565402258002549))
        #expect(ExceedanceStatistics.chiSquareTail(0, degreesOfFreedom: 1) == 1)
    }

    @Test func normalTailOfTheExampleZScoreMatchesSciPy() {
        #expect(Self.close(ExceedanceStatistics.normalTail(2.33), 0.009903075559164245))
    }

    /// Kupiec, 8 exceedances in 250 at 1 %: LR 7.7336, p 0.00542 (scipy).
    @Test func kupiecOfEightInTwoHundredFiftyMatchesSciPy() {
        let lr = ExceedanceStatistics.kupiec(observations: 250, exceedances: 8, probability: 0.01)
        #expect(Self.close(lr, 7.7335507244945205))
        #expect(Self.close(ExceedanceStatistics.chiSquareTail(lr, degreesOfFreedom: 1), 0.0054204051941277994))
        // Exactly the expected rate: nothing to reject.
        #expect(ExceedanceStatistics.kupiec(observations: 1000, exceedances: 10, probability: 0.01) < 1e-12)
    }

    /// 231 zeros, eight "1 0" and one "1 1 0": transitions n00 230, n01 9,
    /// n10 9, n11 1; LR_ind 0.70555, p 0.40093, and with Kupiec's 7.7336
    /// the conditional coverage p 0.014705 (scipy).
    @Test func christoffersenOfAKnownSequenceMatchesSciPy() {
        let hits = Array(repeating: false, count: 231) + [true, false].repeated(8) + [true, true, false]
        let stats = ExceedanceStatistics(hits, probability: 0.01)
        #expect(stats.transitions == [[230, 9], [9, 1]])
        #expect(stats.exceedances == 10 && stats.observations == 250)
        let lr = ExceedanceStatistics.independence([[230, 9], [9, 1]])
        #expect(Self.close(lr, 0.7055499619121406))
        #expect(Self.close(stats.independencePValue, 0.40092508686903383))
        let kupiec8 = ExceedanceStatistics.kupiec(observations: 250, exceedances: 8, probability: 0.01)
        #expect(Self.close(ExceedanceStatistics.chiSquareTail(kupiec8 + lr, degreesOfFreedom: 2), 0.014705255336496529))
    }

    /// The Basel table at 250 observations and 1 %: 0-4 green, 5-9 yellow, 10+ red.
    @Test func baselZonesAtTwoHundredFiftyAndOnePercent() {
        #expect(Self.close(BaselZone.binomialCDF(4, n: 250, p: 0.01), 0.8921876269036251, 1e-12))
        #expect(Self.close(BaselZone.binomialCDF(9, n: 250, p: 0.01), 0.9997498099312595, 1e-12))
        #expect(Self.close(BaselZone.binomialCDF(10, n: 250, p: 0.01), 0.999946101370953, 1e-12))
        #expect(BaselZone.thresholds(observations: 250, probability: 0.01) == (5, 10))
        #expect((0...4).allSatisfy { BaselZone(exceedances: $0, observations: 250, probability: 0.01) == .green })
        #expect((5...9).allSatisfy { BaselZone(exceedances: $0, observations: 250, probability: 0.01) == .yellow })
        #expect(BaselZone(exceedances: 10, observations: 250, probability: 0.01) == .red)
    }

    @Test func medianAndPercentileByNearestRank() {
        #expect(CapitalComparison.median([1, 2, 3, 4]) == 2.5)
        #expect(CapitalComparison.median([1, 2, 9]) == 2)
        let hundred = (1...100).map(Double.init)
        #expect(CapitalComparison.percentile(hundred, 0.99) == 99)
        #expect(CapitalComparison.percentile([5], 0.99) == 5)
    }
}

extension Array {
    func repeated(_ times: Int) -> [Element] { (0..<times).flatMap { _ in self } }
}
