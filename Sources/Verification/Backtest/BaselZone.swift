import Foundation

/// The Basel traffic light for a back-test window: green while the count
/// of exceedances is unremarkable, yellow from where the binomial
/// probability of that many or fewer reaches 95 %, red from 99.99 %.
/// At 250 observations and 1 % this is 0-4 green, 5-9 yellow, 10+ red.
public enum BaselZone: String, Sendable, CaseIterable {
    case green, yellow, red

    public init(exceedances: Int, observations: Int, probability: Double) {
        let cdf = BaselZone.binomialCDF(exceedances, n: observations, p: probability)
        self = cdf < 0.95 ? .green : (cdf < 0.9999 ? .yellow : .red)
    }

    /// The first count in the yellow and in the red zone.
    public static func thresholds(observations n: Int, probability p: Double) -> (yellow: Int, red: Int) {
        var k = 0
        while BaselZone(exceedances: k, observations: n, probability: p) == .green { k += 1 }
        let yellow = k
        while BaselZone(exceedances: k, observations: n, probability: p) != .red && k <= n { k += 1 }
        return (yellow, k)
    }

    /// P(X <= k) for X ~ Binomial(n, p), summed in logs.
    public static func binomialCDF(_ k: Int, n: Int, p: Double) -> Double {
        guard k >= 0 else { return 0 }
        guard k < n, p > 0 else { return 1 }
        guard p < 1 else { return 0 }
        var total = 0.0
        for i in 0...k {
            let logChoose = lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
            total += exp(logChoose + Double(i) * log(p) + Double(n - i) * log1p(-p))
        }
        return min(total, 1)
    }
}
