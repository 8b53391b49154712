import EVMArithmetic

/// How much capital the dynamic margin holds, against static margins over
/// the same data: a constant fraction of notional, as the big engines use.
public struct CapitalComparison: Sendable, Hashable {
    /// A constant margin ratio and its exceedances over the scored steps.
    public struct StaticMargin: Sendable, Hashable {
        /// WAD (0.05 WAD = 5 %).
        public var ratio: UInt256
        public var exceedances: Int
    }

    /// MM / notional over the scored steps.
    public var meanMarginRatio: Double
    public var medianMarginRatio: Double
    public var p99MarginRatio: Double
    /// The smallest constant ratio with no more exceedances than the dynamic
    /// margin: the (x+1)-th largest loss / notional, x its exceedances.
    public var equivalentStaticRatio: Double
    /// meanMarginRatio / equivalentStaticRatio: below 1, the dynamic margin
    /// covers as well with less capital on average.
    public var capitalEfficiency: Double
    public var staticMargins: [StaticMargin]

    /// The ratios compared by default: 3 %, 5 %, 10 %, 20 %.
    public static let defaultStaticRatios: [UInt256] = [3, 5, 10, 20].map { UInt256($0) &* UInt256(10_000_000_000_000_000) }

    public init(_ scored: [BacktestStep], staticRatios: [UInt256] = CapitalComparison.defaultStaticRatios) {
        let ratios = scored.map(\.marginRatio).sorted()
        meanMarginRatio = ratios.isEmpty ? 0 : ratios.reduce(0, +) / Double(ratios.count)
        medianMarginRatio = CapitalComparison.median(ratios)
        p99MarginRatio = CapitalComparison.percentile(ratios, 0.99)
        let dynamic = scored.filter(\.exceedsMargin).count
        let losses = scored.map(\.lossRatio).sorted(by: >)
        equivalentStaticRatio = dynamic < losses.count ? max(losses[dynamic], 0) : 0
        capitalEfficiency = equivalentStaticRatio > 0 ? meanMarginRatio / equivalentStaticRatio : 0
        staticMargins = staticRatios.map { r in
            StaticMargin(ratio: r, exceedances: scored.filter { $0.lossExceedsRatio(r) }.count)
        }
    }

    /// The middle value (mean of the two middle ones for an even count) of sorted values.
    public static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The nearest-rank percentile of sorted values: the ⌈q·n⌉-th smallest.
    public static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

extension BacktestStep {
    /// Whether the loss exceeded `ratio` (WAD) × notional, exactly.
    public func lossExceedsRatio(_ ratio: UInt256) -> Bool {
        guard let loss = horizonLoss, !loss.isNegative else { return false }
        return loss.magnitude > ratio &* notional
    }
}
