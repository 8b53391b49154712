import Foundation

/// A line chart as SVG: axes with rounded ticks, labelled series, a legend,
/// and vertical markers.
struct SVGChart {
    struct Series {
        let label: String
        let color: String
        let dashed: Bool
        let points: [(Double, Double)]
    }

    struct Marker {
        let x: Double
        let label: String
        let color: String
    }

    var title: String
    var subtitle: String
    var xLabel: String
    var yLabel: String
    var series: [Series] = []
    var markers: [Marker] = []
    /// x intervals to shade (the liquidatable region), with a legend label.
    var shaded: [(Double, Double)] = []
    var shadedLabel = ""

    let width = 900.0, height = 560.0
    let left = 95.0, right = 30.0, top = 70.0, bottom = 70.0

    var svg: String {
        let xs = series.flatMap { $0.points.map(\.0) } + markers.map(\.x)
        let ys = series.flatMap { $0.points.map(\.1) }
        let (x0, x1, xStep) = SVGChart.niceRange(xs.min() ?? 0, xs.max() ?? 1)
        let (y0, y1, yStep) = SVGChart.niceRange(min(ys.min() ?? 0, 0), ys.max() ?? 1)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - (y - y0) / (y1 - y0) * plotHeight }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(left)" y="30" font-size="17" font-weight="bold">\(escape(title))</text>
        <text x="\(left)" y="52" font-size="13" fill="#555">\(escape(subtitle))</text>

        """
        // Grid and ticks.
        var x = x0
        while x <= x1 + xStep / 2 {
            out += "<line x1=\"\(f(px(x)))\" y1=\"\(f(top))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + plotHeight))\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(f(px(x)))\" y=\"\(f(top + plotHeight + 18))\" font-size=\"12\" text-anchor=\"middle\">\(SVGChart.tick(x, xStep))</text>\n"
            x += xStep
        }
        var y = y0
        while y <= y1 + yStep / 2 {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(py(y)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(py(y)))\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(py(y) + 4))\" font-size=\"12\" text-anchor=\"end\">\(SVGChart.tick(y, yStep))</text>\n"
            y += yStep
        }
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 20))\" font-size=\"14\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        out += "<text transform=\"translate(22 \(f(top + plotHeight / 2))) rotate(-90)\" font-size=\"14\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        // Shaded regions, then markers with labels staggered so they never overlap.
        for (a, b) in shaded {
            let l = px(max(a, x0)), r = px(min(b, x1))
            out += "<rect x=\"\(f(l))\" y=\"\(f(top))\" width=\"\(f(max(r - l, 0)))\" height=\"\(f(plotHeight))\" fill=\"#d62728\" fill-opacity=\"0.08\"/>\n"
        }
        for (i, m) in markers.enumerated() where m.x >= x0 && m.x <= x1 {
            let labelY = top + plotHeight - 10 - Double(i) * 18
            let anchorRight = px(m.x) > left + plotWidth * 0.6
            out += "<line x1=\"\(f(px(m.x)))\" y1=\"\(f(top))\" x2=\"\(f(px(m.x)))\" y2=\"\(f(top + plotHeight))\" stroke=\"\(m.color)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
            out += "<text x=\"\(f(px(m.x) + (anchorRight ? -6 : 6)))\" y=\"\(f(labelY))\" font-size=\"12\" fill=\"\(m.color)\" text-anchor=\"\(anchorRight ? "end" : "start")\">\(escape(m.label))</text>\n"
        }
        // Series.
        for s in series where !s.points.isEmpty {
            let path = s.points.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
            let dash = s.dashed ? " stroke-dasharray=\"8 5\"" : ""
            out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2.5\"\(dash)/>\n"
        }
        // Legend, on a white box so curves under it stay readable elsewhere.
        let rows = Double(series.count + (shaded.isEmpty ? 0 : 1))
        out += "<rect x=\"\(f(left + plotWidth - 198))\" y=\"\(f(top + 2))\" width=\"194\" height=\"\(f(rows * 20 + 6))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>\n"
        var ly = top + 12
        for s in series {
            let dash = s.dashed ? " stroke-dasharray=\"8 5\"" : ""
            out += "<line x1=\"\(f(left + plotWidth - 190))\" y1=\"\(f(ly))\" x2=\"\(f(left + plotWidth - 160))\" y2=\"\(f(ly))\" stroke=\"\(s.color)\" stroke-width=\"2.5\"\(dash)/>\n"
            out += "<text x=\"\(f(left + plotWidth - 152))\" y=\"\(f(ly + 4))\" font-size=\"13\">\(escape(s.label))</text>\n"
            ly += 20
        }
        if !shaded.isEmpty {
            out += "<rect x=\"\(f(left + plotWidth - 190))\" y=\"\(f(ly - 6))\" width=\"30\" height=\"12\" fill=\"#d62728\" fill-opacity=\"0.15\"/>\n"
            out += "<text x=\"\(f(left + plotWidth - 152))\" y=\"\(f(ly + 4))\" font-size=\"13\">\(escape(shadedLabel))</text>\n"
        }
        return out + "</svg>\n"
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A range covering [lo, hi] with about 6 ticks at 1, 2 or 5 × 10^k.
    static func niceRange(_ lo: Double, _ hi: Double) -> (Double, Double, Double) {
        var lo = lo, hi = hi
        if hi - lo < 1e-12 { hi = lo + 1; lo -= 1 }
        let raw = (hi - lo) / 6
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return (floor(lo / step) * step, ceil(hi / step) * step, step)
    }

    /// A tick label with as many decimals as the step needs, thousands grouped.
    static func tick(_ v: Double, _ step: Double) -> String {
        let decimals = max(0, Int(-floor(log10(step))))
        let text = String(format: "%.\(decimals)f", abs(v) < step / 1e6 ? 0 : v)
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        let negative = integer.hasPrefix("-")
        if negative { integer.removeFirst() }
        var grouped = ""
        for (i, c) in integer.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(c)
        }
        let result = String(grouped.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
        return negative ? "-" + result : result
    }
}
