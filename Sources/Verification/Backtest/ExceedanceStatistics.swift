import Foundation

/// The coverage tests of a margin back-test on a 0/1 exceedance sequence:
/// Kupiec's proportion of failures (is the rate right?), Christoffersen's
/// independence (do exceedances cluster?) and conditional coverage (both).
/// Likelihood ratios are chi-square with 1, 1 and 2 degrees of freedom,
/// whose tails have closed forms: erfc(√(x/2)) and exp(−x/2).
public struct ExceedanceStatistics: Sendable, Hashable {
    public var observations: Int
    public var exceedances: Int
    /// The exceedance probability the confidence implies (1 − Φ(z)).
    public var probability: Double
    public var kupiecStatistic: Double
    public var kupiecPValue: Double
    /// Transitions: n[i][j] counts an i followed by a j.
    public var transitions: [[Int]]
    public var independenceStatistic: Double
    public var independencePValue: Double
    public var conditionalCoverageStatistic: Double
    public var conditionalCoveragePValue: Double

    public var expected: Double { Double(observations) * probability }
    public var rate: Double { observations == 0 ? 0 : Double(exceedances) / Double(observations) }

    public init(_ hits: [Bool], probability p: Double) {
        observations = hits.count
        exceedances = hits.filter { $0 }.count
        probability = p
        kupiecStatistic = ExceedanceStatistics.kupiec(observations: observations, exceedances: exceedances, probability: p)
        kupiecPValue = ExceedanceStatistics.chiSquareTail(kupiecStatistic, degreesOfFreedom: 1)
        var n = [[0, 0], [0, 0]]
        for (a, b) in zip(hits, hits.dropFirst()) { n[a ? 1 : 0][b ? 1 : 0] += 1 }
        transitions = n
        independenceStatistic = ExceedanceStatistics.independence(n)
        independencePValue = ExceedanceStatistics.chiSquareTail(independenceStatistic, degreesOfFreedom: 1)
        conditionalCoverageStatistic = kupiecStatistic + independenceStatistic
        conditionalCoveragePValue = ExceedanceStatistics.chiSquareTail(conditionalCoverageStatistic, degreesOfFreedom: 2)
    }

    /// x·ln(y), with 0·ln(0) = 0 (the likelihoods' convention).
    static func xlogy(_ x: Double, _ y: Double) -> Double { x == 0 ? 0 : x * log(y) }

    /// LR_POF = −2 ln[(1−p)^(n−x) p^x / (1−x/n)^(n−x) (x/n)^x].
    public static func kupiec(observations n: Int, exceedances x: Int, probability p: Double) -> Double {
        guard n > 0 else { return 0 }
        let nd = Double(n), xd = Double(x), phat = xd / nd
        let restricted = xlogy(nd - xd, 1 - p) + xlogy(xd, p)
        let unrestricted = xlogy(nd - xd, 1 - phat) + xlogy(xd, phat)
        return max(0, -2 * (restricted - unrestricted))
    }

    /// LR_ind = −2 ln[L(π) / L(π01, π11)] over the transition counts.
    public static func independence(_ n: [[Int]]) -> Double {
        let n00 = Double(n[0][0]), n01 = Double(n[0][1]), n10 = Double(n[1][0]), n11 = Double(n[1][1])
        let total = n00 + n01 + n10 + n11
        guard total > 0 else { return 0 }
        let pi = (n01 + n11) / total
        let pi01 = n00 + n01 > 0 ? n01 / (n00 + n01) : 0
        let pi11 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0
        let restricted = xlogy(n00 + n10, 1 - pi) + xlogy(n01 + n11, pi)
        let unrestricted = xlogy(n00, 1 - pi01) + xlogy(n01, pi01) + xlogy(n10, 1 - pi11) + xlogy(n11, pi11)
        return max(0, -2 * (restricted - unrestricted))
    }

    /// P(X > x) for X chi-square with 1 or 2 degrees of freedom.
    public static func chiSquareTail(_ x: Double, degreesOfFreedom k: Int) -> Double {
        precondition(k == 1 || k == 2, "closed forms exist for 1 and 2 degrees of freedom")
        guard x > 0 else { return 1 }
        return k == 1 ? erfc((x / 2).squareRoot()) : exp(-x / 2)
    }

    /// P(Z > z) for a standard normal Z: the exceedance probability of a one-sided VaR at z.
    public static func normalTail(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }
}
