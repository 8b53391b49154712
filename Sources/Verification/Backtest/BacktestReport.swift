import EVMArithmetic
import MarginEngine

/// Everything a back-test concludes from a replay: coverage for the whole
/// period and for rolling windows, capital against static margins, and the
/// worst shortfalls with what the breaker and the stress multiplier did.
public struct BacktestReport: Sendable {
    /// A window of `setup.window` scored observations.
    public struct Window: Sendable, Hashable {
        public var start: UInt64
        public var end: UInt64
        public var observations: Int
        public var exceedances: Int
        public var expected: Double
        public var zone: BaselZone
        public var kupiecPValue: Double
    }

    /// One exceedance of the margin: how far the loss went past it.
    public struct Shortfall: Sendable, Hashable {
        public var time: UInt64
        public var lossUSD: Double
        public var marginUSD: Double
        /// loss − MM, USD.
        public var shortfallUSD: Double
        /// (loss − MM) / MM.
        public var fractionOfMargin: Double
        /// The price change over the horizon, per market (fraction).
        public var priceChanges: [Double]
        public var breakerActive: Bool
        /// Whether a breaker tripped at an observation within the horizon (after the margin was read).
        public var breakerTrippedWithinHorizon: Bool
        public var stressMultiplier: Double
    }

    public var setup: BacktestSetup
    public var firstTime: UInt64
    public var lastTime: UInt64
    public var steps: Int
    /// The z-score of the first leg's market (the floor of its adaptive z).
    public var zScore: Double
    /// The top of the lead market's adaptive z (`zScore + zHeadroom`), nil when its z does not adapt.
    public var adaptiveZCeiling: Double?
    /// The exceedance probability the margin promises: 1 − Φ(z), or, when z
    /// adapts, the tail it settles at (Spec: 1 %, whatever its floor).
    public var probability: Double
    public var margin: ExceedanceStatistics
    public var valueAtRisk: ExceedanceStatistics
    public var capital: CapitalComparison
    /// Consecutive, non-overlapping windows from the first scored step (a partial last one is left out).
    public var windows: [Window]
    /// Zones of every rolling window (step 1).
    public var rollingZones: [BaselZone: Int]
    /// The rolling window with the most exceedances (the first such).
    public var worstWindow: Window?
    public var shortfallSumUSD: Double
    /// Sum of (loss − MM) over the sum of MM, over the exceedances.
    public var shortfallSumFractionOfMargin: Double
    /// The five largest shortfalls (USD), largest first.
    public var worstShortfalls: [Shortfall]
    /// Scored steps read while a breaker was active.
    public var breakerActiveSteps: Int
    public var breakerTrips: Int
    public var stressRange: (Double, Double)
    /// The trailing correlation's accepted `setCorrelation` calls.
    public var correlationCalls: [BacktestRun.CorrelationCall]

    public init(_ run: BacktestRun) {
        setup = run.setup
        correlationCalls = run.correlationCalls
        let scored = run.scored
        firstTime = run.steps.first?.time ?? 0
        lastTime = run.steps.last?.time ?? 0
        steps = run.steps.count
        let leadMarket = setup.legs.first?.market ?? 0
        let lead = setup.marketParams[leadMarket]
        zScore = WadDecimal.double(lead.zScore)
        let adapts = lead.zStep != 0 && lead.zHeadroom != 0
        adaptiveZCeiling = adapts ? zScore + WadDecimal.double(lead.zHeadroom) : nil
        probability = adapts ? WadDecimal.double(Constants.adaptiveZTail) : ExceedanceStatistics.normalTail(zScore)
        margin = ExceedanceStatistics(scored.map(\.exceedsMargin), probability: probability)
        valueAtRisk = ExceedanceStatistics(scored.map(\.exceedsValueAtRisk), probability: probability)
        capital = CapitalComparison(scored)

        let n = setup.window, p = probability
        func window(_ range: Range<Int>) -> Window {
            let hits = scored[range].filter(\.exceedsMargin).count
            return Window(start: scored[range.lowerBound].time, end: scored[range.upperBound - 1].time,
                          observations: range.count, exceedances: hits, expected: Double(range.count) * p,
                          zone: BaselZone(exceedances: hits, observations: range.count, probability: p),
                          kupiecPValue: ExceedanceStatistics.chiSquareTail(
                            ExceedanceStatistics.kupiec(observations: range.count, exceedances: hits, probability: p),
                            degreesOfFreedom: 1))
        }
        windows = stride(from: 0, to: scored.count - n + 1, by: n).map { window($0..<($0 + n)) }
        var zones: [BaselZone: Int] = [:]
        var worst: Window?
        if scored.count >= n {
            let hits = scored.map(\.exceedsMargin)
            var count = hits[0..<n].filter { $0 }.count
            var worstStart = 0, worstCount = count
            for s in 0...(scored.count - n) {
                if s > 0 { count += (hits[s + n - 1] ? 1 : 0) - (hits[s - 1] ? 1 : 0) }
                zones[BaselZone(exceedances: count, observations: n, probability: p), default: 0] += 1
                if count > worstCount { worstCount = count; worstStart = s }
            }
            worst = window(worstStart..<(worstStart + n))
        }
        rollingZones = zones
        worstWindow = worst

        // Shortfalls, with the breaker's trips inside each horizon.
        let tripTimes = run.steps.filter(\.breakerTripped).map(\.time)
        let horizon = setup.horizon
        let exceeded = scored.filter(\.exceedsMargin)
        var shortfalls: [Shortfall] = exceeded.map { s in
            let loss = s.lossUSD ?? 0, mm = WadDecimal.double(s.maintenanceMargin)
            let laterPrices = run.steps.first { $0.time == s.time + horizon }?.prices ?? s.prices
            return Shortfall(
                time: s.time, lossUSD: loss, marginUSD: mm, shortfallUSD: loss - mm,
                fractionOfMargin: mm > 0 ? (loss - mm) / mm : 0,
                priceChanges: zip(s.prices, laterPrices).map { WadDecimal.double($1) / WadDecimal.double($0) - 1 },
                breakerActive: s.breakerActive,
                breakerTrippedWithinHorizon: tripTimes.contains { $0 > s.time && $0 <= s.time + horizon },
                stressMultiplier: WadDecimal.double(s.stressMultiplier))
        }
        shortfallSumUSD = shortfalls.reduce(0) { $0 + $1.shortfallUSD }
        let marginSum = shortfalls.reduce(0) { $0 + $1.marginUSD }
        shortfallSumFractionOfMargin = marginSum > 0 ? shortfallSumUSD / marginSum : 0
        shortfalls.sort { ($0.shortfallUSD, $1.time) > ($1.shortfallUSD, $0.time) }
        worstShortfalls = Array(shortfalls.prefix(5))
        breakerActiveSteps = scored.filter(\.breakerActive).count
        breakerTrips = run.steps.filter(\.breakerTripped).count
        let stresses = scored.map { WadDecimal.double($0.stressMultiplier) }
        stressRange = (stresses.min() ?? 1, stresses.max() ?? 1)
    }
}
