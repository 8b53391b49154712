import Foundation

/// The back-test as SVG, two panels on one time axis: the price (log
/// scale), and the margin as a fraction of notional against the realised
/// loss over the horizon, exceedances marked; breaker periods shaded in both.
/// Same run, same bytes: coordinates are printed with one decimal.
public struct BacktestPlot: Sendable {
    public var run: BacktestRun
    public var report: BacktestReport

    public init(run: BacktestRun, report: BacktestReport) {
        self.run = run
        self.report = report
    }

    static let width = 1000.0, height = 700.0
    static let left = 80.0, right = 24.0
    static let priceTop = 96.0, priceBottom = 330.0, marginTop = 372.0, marginBottom = 640.0

    public var svg: String {
        let steps = run.steps
        guard let first = steps.first, let last = steps.last, last.time > first.time else { return "" }
        let w = BacktestPlot.width, plotRight = w - BacktestPlot.right, left = BacktestPlot.left
        let t0 = Double(first.time), t1 = Double(last.time)
        func x(_ t: UInt64) -> Double { left + (Double(t) - t0) / (t1 - t0) * (plotRight - left) }
        let market = run.setup.legs.first?.market ?? 0
        let prices = steps.map { WadDecimal.double($0.prices[market]) }
        let lo = floor(log10(prices.min() ?? 1)), hi = ceil(log10(prices.max() ?? 10))
        let top = BacktestPlot.priceTop, bottom = BacktestPlot.priceBottom
        func yPrice(_ p: Double) -> Double { bottom - (log10(p) - lo) / max(hi - lo, 1) * (bottom - top) }
        let scored = Set(run.scored.map(\.time))
        // The scale fits the scored steps: the warm-up's first margins (an EWMA still settling) may be clipped.
        let ratios = run.scored.flatMap { [$0.marginRatio, $0.lossRatio] }
        let yMax = BacktestPlot.niceCeiling(max(ratios.max() ?? 0.01, 0.01))
        let mTop = BacktestPlot.marginTop, mBottom = BacktestPlot.marginBottom
        func yRatio(_ r: Double) -> Double { mBottom - min(max(r, 0), yMax) / yMax * (mBottom - mTop) }

        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w))" height="\(Int(BacktestPlot.height))" viewBox="0 0 \(Int(w)) \(Int(BacktestPlot.height))" font-family="Helvetica, Arial, sans-serif">
        <rect width="100%" height="100%" fill="white"/>

        """
        let setup = run.setup
        let names = setup.series.map(\.name).map { ($0 as NSString).lastPathComponent }.joined(separator: " + ")
        let legs = setup.legs.map { "\($0.side.rawValue) \(String(format: "%.0f", WadDecimal.double($0.notional))) USD" }.joined(separator: ", ")
        let params = setup.marketParams[market]
        out += text(left, 26, "Margin back-test: \(names), \(legs)", size: 17, bold: true)
        out += text(left, 46, String(format: "horizon %llu s, z %.3g, λ %.3g, base %.3g %%; %d of %d steps exceed MM (%.1f expected), Kupiec p %@, Christoffersen p %@",
                                     setup.horizon, WadDecimal.double(params.zScore), WadDecimal.double(params.garchBeta),
                                     WadDecimal.double(params.baseMarginRatio) * 100, report.margin.exceedances,
                                     report.margin.observations, report.margin.expected,
                                     BacktestReport.p(report.margin.kupiecPValue) as NSString,
                                     BacktestReport.p(report.margin.independencePValue) as NSString), size: 12, color: "#555")
        // Legend.
        var lx = left
        for (label, color, kind) in [("price (USD, log)", "#1f77b4", "line"), ("MM / notional", "#d62728", "line"),
                                      ("loss over the horizon / notional", "#999999", "line"), ("exceedance", "#000000", "dot"),
                                      ("breaker active", "#ff7f0e", "box"), ("warm-up, not scored", "#000000", "grey")] {
            switch kind {
            case "dot": out += "<circle cx=\"\(f(lx + 10))\" cy=\"66\" r=\"3.5\" fill=\"\(color)\"/>\n"
            case "grey": out += "<rect x=\"\(f(lx))\" y=\"60\" width=\"20\" height=\"12\" fill=\"\(color)\" fill-opacity=\"0.06\" stroke=\"#ccc\"/>\n"
            case "box": out += "<rect x=\"\(f(lx))\" y=\"60\" width=\"20\" height=\"12\" fill=\"\(color)\" fill-opacity=\"0.22\"/>\n"
            default: out += "<line x1=\"\(f(lx))\" y1=\"66\" x2=\"\(f(lx + 20))\" y2=\"66\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            }
            out += text(lx + 26, 70, label, size: 12)
            lx += 26 + Double(label.count) * 6.3 + 14
        }
        // Breaker periods, in both panels: at least 2 px wide so a single day shows.
        let interval = Double(setup.series.first?.samplingInterval ?? 1)
        for run in BacktestPlot.runs(steps.map(\.breakerActive)) {
            let a = x(steps[run.lowerBound].time)
            let b = max(x(steps[run.upperBound - 1].time) + interval / (t1 - t0) * (plotRight - left), a + 1.5)
            for (y0, y1) in [(top, bottom), (mTop, mBottom)] {
                out += "<rect class=\"breaker\" x=\"\(f(a))\" y=\"\(f(y0))\" width=\"\(f(b - a))\" height=\"\(f(y1 - y0))\" fill=\"#ff7f0e\" fill-opacity=\"0.22\"/>\n"
            }
        }
        // The warm-up, not scored.
        if run.setup.warmUp > 0, run.setup.warmUp < steps.count {
            let end = x(steps[run.setup.warmUp].time)
            out += "<rect class=\"warm-up\" x=\"\(f(left))\" y=\"\(f(mTop))\" width=\"\(f(end - left))\" height=\"\(f(mBottom - mTop))\" fill=\"#000000\" fill-opacity=\"0.06\"/>\n"
        }
        // Year ticks on both panels.
        let firstYear = UTCDate.civil(days: Int(first.time / 86400)).year, lastYear = UTCDate.civil(days: Int(last.time / 86400)).year
        let yearStep = max(1, (lastYear - firstYear + 1) / 12 + ((lastYear - firstYear + 1) % 12 == 0 ? 0 : 1))
        for year in stride(from: firstYear, through: lastYear + 1, by: yearStep) {
            let t = UInt64(max(UTCDate.days(year: year, month: 1, day: 1), 0)) * 86400
            guard t >= first.time, t <= last.time else { continue }
            for (y0, y1) in [(top, bottom), (mTop, mBottom)] {
                out += "<line x1=\"\(f(x(t)))\" y1=\"\(f(y0))\" x2=\"\(f(x(t)))\" y2=\"\(f(y1))\" stroke=\"#e6e6e6\"/>\n"
            }
            out += text(x(t), mBottom + 18, "\(year)", size: 12, anchor: "middle")
        }
        // Price panel.
        for e in stride(from: lo, through: hi, by: 1) {
            let y = yPrice(pow(10, e))
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(plotRight))\" y2=\"\(f(y))\" stroke=\"#e6e6e6\"/>\n"
            out += text(left - 8, y + 4, BacktestPlot.priceLabel(pow(10, e)), size: 12, anchor: "end")
        }
        out += polyline(zip(steps, prices).map { (x($0.time), yPrice($1)) }, color: "#1f77b4", width: 1.2, series: "price")
        out += frame(left, top, plotRight, bottom)
        out += text(left + 6, top + 16, "price, USD (log scale)", size: 12, color: "#1f77b4")
        // Margin panel.
        let tickStep = yMax / 5
        for k in 0...5 {
            let r = Double(k) * tickStep, y = yRatio(r)
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(plotRight))\" y2=\"\(f(y))\" stroke=\"#e6e6e6\"/>\n"
            out += text(left - 8, y + 4, BacktestPlot.percentLabel(r), size: 12, anchor: "end")
        }
        let losses = steps.filter { scored.contains($0.time) }
        out += polyline(losses.map { (x($0.time), yRatio($0.lossRatio)) }, color: "#999999", width: 0.8, series: "loss")
        out += polyline(steps.map { (x($0.time), yRatio($0.marginRatio)) }, color: "#d62728", width: 1.4, series: "margin")
        for s in losses where s.exceedsMargin {
            out += "<circle class=\"exceedance\" cx=\"\(f(x(s.time)))\" cy=\"\(f(yRatio(s.lossRatio)))\" r=\"3\" fill=\"#000000\"/>\n"
        }
        out += frame(left, mTop, plotRight, mBottom)
        out += text(left + 6, mTop + 16, "fraction of notional: MM (red), loss over the next \(setup.horizon) s (grey, gains at 0)", size: 12, color: "#d62728")
        out += text(16, (mTop + mBottom) / 2, "of notional", size: 13, anchor: "middle", rotate: true)
        out += text(16, (top + bottom) / 2, "USD", size: 13, anchor: "middle", rotate: true)
        return out + "</svg>\n"
    }

    /// Maximal runs of true.
    static func runs(_ flags: [Bool]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        for (i, flag) in flags.enumerated() {
            if flag, start == nil { start = i }
            if !flag, let s = start { result.append(s..<i); start = nil }
        }
        if let s = start { result.append(s..<flags.count) }
        return result
    }

    /// The smallest of 1, 2, 2.5, 5 × 10^k at or above x.
    static func niceCeiling(_ x: Double) -> Double {
        let p = pow(10, floor(log10(x)))
        return [1, 2, 2.5, 5, 10].map { $0 * p }.first { $0 >= x * 0.999999 } ?? 10 * p
    }

    static func priceLabel(_ p: Double) -> String {
        p >= 1_000_000 ? "\(Int(p / 1_000_000))M" : p >= 1000 ? "\(Int(p / 1000))k" : p >= 1 ? "\(Int(p))" : String(format: "%g", p)
    }

    static func percentLabel(_ r: Double) -> String {
        let v = (r * 1000).rounded() / 10
        return v == v.rounded() ? "\(Int(v)) %" : String(format: "%.1f %%", v)
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    private func frame(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> String {
        "<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(x1 - x0))\" height=\"\(f(y1 - y0))\" fill=\"none\" stroke=\"#333\"/>\n"
    }

    private func polyline(_ points: [(Double, Double)], color: String, width: Double, series: String) -> String {
        let path = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
        return "<polyline data-series=\"\(series)\" points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(width)\" stroke-linejoin=\"round\"/>\n"
    }

    private func text(_ x: Double, _ y: Double, _ s: String, size: Double, bold: Bool = false, color: String = "#000",
                      anchor: String = "start", rotate: Bool = false) -> String {
        let escaped = s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let transform = rotate ? " transform=\"rotate(-90 \(f(x)) \(f(y)))\"" : ""
        return "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\"\(bold ? " font-weight=\"bold\"" : "") fill=\"\(color)\" text-anchor=\"\(anchor)\"\(transform)>\(escaped)</text>\n"
    }
}
