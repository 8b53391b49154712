import Foundation

extension BacktestReport {
    static func percent(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f %%", x * 100) }
    static func usd(_ x: Double) -> String { String(format: "%.0f USD", x) }
    /// `s` padded with spaces to `width` characters (on the left when `right`).
    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }

    static func p(_ x: Double) -> String { x < 0.0001 ? String(format: "%.1e", x) : String(format: "%.4f", x) }

    /// The report for people: what was replayed, coverage, windows, capital, shortfalls.
    public var text: String {
        var out: [String] = []
        let legs = setup.legs.map { "\($0.side.rawValue) \(String(format: "%.0f", WadDecimal.double($0.notional))) USD in \(setup.series[$0.market].name)" }
        out.append("Back-test of the maintenance margin: \(legs.joined(separator: ", "))")
        for s in setup.series {
            let gaps = s.gaps.isEmpty ? "no gaps" : "\(s.gaps.count) gap(s) skipped: " + s.gaps.prefix(6)
                .map { "line \($0.line)\($0.time.map { " (\(UTCDate.text($0)))" } ?? "") \($0.value.isEmpty ? "empty" : $0.value)" }
                .joined(separator: ", ") + (s.gaps.count > 6 ? ", …" : "")
            out.append("  \(s.name): columns \(s.timeColumn)/\(s.priceColumn), \(s.observations.count) prices every \(s.samplingInterval) s, \(gaps)")
        }
        out.append("  \(steps) observations \(UTCDate.text(firstTime)) to \(UTCDate.text(lastTime)), each a postPrice; "
                   + "\(setup.warmUp) warm-up, \(margin.observations) scored (loss over \(setup.horizon) s observable)")
        if setup.series.count > 1 {
            let start = String(format: "%.4g", WadDecimal.double(setup.correlation))
            if let u = setup.correlationUpdate {
                let values = correlationCalls.map { WadDecimal.double($0.correlation) }
                let range = values.isEmpty ? "" : String(format: ", from %.4g to %.4g", values.min() ?? 0, values.max() ?? 0)
                out.append("  correlation: starts at \(start), follows the last \(u.lookback) returns every \(u.every) observations "
                           + "through \(correlationCalls.count) guardrailed setCorrelation calls\(range)")
            } else {
                out.append("  correlation: \(start) between every pair, fixed")
            }
        }
        let z = adaptiveZCeiling.map { String(format: "  adaptive z in [%.4g, %.4g]", zScore, $0) } ?? String(format: "  z = %.4g", zScore)
        out.append(z + String(format: ": exceedance probability %.4f (%.2f %% confidence)", probability, (1 - probability) * 100))
        out.append("")
        out.append("Coverage (loss over the horizon above the margin)")
        out.append("  term   exceedances  expected  rate      Kupiec p  Christoffersen p  cond. coverage p")
        for (name, s) in [("MM", margin), ("VaR", valueAtRisk)] {
            out.append("  " + BacktestReport.pad(name, 5) + String(format: "  %11d  %8.1f  ", s.exceedances, s.expected)
                       + BacktestReport.pad(BacktestReport.percent(s.rate), 8) + "  " + BacktestReport.pad(BacktestReport.p(s.kupiecPValue), 8) + "  "
                       + BacktestReport.pad(BacktestReport.p(s.independencePValue), 16) + "  " + BacktestReport.p(s.conditionalCoveragePValue))
        }
        out.append("")
        let (yellow, red) = BaselZone.thresholds(observations: setup.window, probability: probability)
        out.append("Basel traffic light, \(setup.window)-observation windows (green 0-\(yellow - 1), yellow \(yellow)-\(red - 1), red \(red)+)")
        let rolling = BaselZone.allCases.map { "\($0.rawValue) \(rollingZones[$0] ?? 0)" }.joined(separator: ", ")
        out.append("  rolling windows: \(rolling)")
        if let w = worstWindow {
            out.append("  worst window: \(UTCDate.text(w.start)) to \(UTCDate.text(w.end)), \(w.exceedances) exceedances (\(w.zone.rawValue))")
        }
        for w in windows {
            out.append("  \(UTCDate.text(w.start)) to \(UTCDate.text(w.end))  " + String(format: "%3d exceedances  ", w.exceedances)
                       + BacktestReport.pad(w.zone.rawValue, 6) + "  Kupiec p " + BacktestReport.p(w.kupiecPValue))
        }
        out.append("")
        out.append("Capital (MM as a fraction of notional)")
        out.append("  mean \(BacktestReport.percent(capital.meanMarginRatio)), median \(BacktestReport.percent(capital.medianMarginRatio)), "
                   + "99th percentile \(BacktestReport.percent(capital.p99MarginRatio))")
        out.append("  smallest static ratio with no more exceedances (\(margin.exceedances)): \(BacktestReport.percent(capital.equivalentStaticRatio)); "
                   + String(format: "capital efficiency (mean MM / that ratio) %.3f", capital.capitalEfficiency))
        out.append("  static ratios: " + capital.staticMargins.map {
            "\(BacktestReport.percent(WadDecimal.double($0.ratio), 0)): \($0.exceedances) exceedances"
        }.joined(separator: ", "))
        out.append("")
        out.append("Shortfalls (loss minus MM over the exceedances, a proxy for bad debt)")
        out.append("  sum \(BacktestReport.usd(shortfallSumUSD)) (\(BacktestReport.percent(shortfallSumFractionOfMargin)) of the MM held at those steps)")
        if !worstShortfalls.isEmpty {
            out.append("  date        loss USD     MM USD       shortfall    of MM     price move  breaker at t  tripped in horizon  stress")
            for s in worstShortfalls {
                out.append("  " + UTCDate.text(s.time) + String(format: "  %11.0f  %11.0f  %11.0f  ", s.lossUSD, s.marginUSD, s.shortfallUSD)
                           + BacktestReport.pad(BacktestReport.percent(s.fractionOfMargin, 0), 8, right: true) + "  "
                           + BacktestReport.pad(s.priceChanges.map { BacktestReport.percent($0, 1) }.joined(separator: "/"), 10, right: true) + "  "
                           + BacktestReport.pad(s.breakerActive ? "active" : "off", 12) + "  " + BacktestReport.pad(s.breakerTrippedWithinHorizon ? "yes" : "no", 18)
                           + String(format: "  %.3f", s.stressMultiplier))
            }
        }
        out.append(String(format: "  breaker active at %d of %d scored steps, %d trips; stress multiplier %.3f to %.3f",
                          breakerActiveSteps, margin.observations, breakerTrips, stressRange.0, stressRange.1))
        if setup.horizon > (setup.series.first?.samplingInterval ?? setup.horizon) {
            out.append("  note: the horizon spans several observations, so consecutive losses overlap and the tests' independence assumption does not hold")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
