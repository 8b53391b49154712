import Foundation

/// A line chart as SVG: axes with exactly labelled ticks, labelled series,
/// vertical markers and shaded x intervals. Everything outside the data (title,
/// legend, marker labels, tick labels) is laid out around the plot area from
/// measured text widths, so it never covers a curve and is never clipped.
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

    /// A rectangle in SVG user units.
    struct Box: Equatable {
        var x: Double, y: Double, width: Double, height: Double
        func overlaps(_ other: Box, gap: Double = 0) -> Bool {
            x < other.x + other.width + gap && other.x < x + width + gap
                && y < other.y + other.height + gap && other.y < y + height + gap
        }
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
    /// A line of text above the plot area, e.g. why no marker is drawn.
    var note: String?
    var noteColor = "#d62728"

    let width = 900.0, height = 560.0

    static let tickFont = 12.0, legendFont = 13.0, markerFont = 12.0, axisFont = 14.0
    /// Margins around the rows of text and the plot area.
    static let edge = 16.0, rowHeight = 18.0

    /// Where everything goes, computed from the data and the measured labels.
    struct Layout {
        var plot: Box
        var legend: Box
        var legendItems: [(x: Double, y: Double)]
        var markerLabels: [Box]
        var noteBaseline: Double?
        var xRange: (Double, Double)
        var yRange: (Double, Double)
        var xTicks: AxisTicks
        var yTicks: AxisTicks
    }

    /// The y range: the series' own minimum and maximum, padded by 6 % of their span.
    static func yRange(_ ys: [Double]) -> (Double, Double) {
        guard let lo = ys.min(), let hi = ys.max() else { return (0, 1) }
        let pad = (hi - lo) * 0.06
        return AxisTicks.widened(lo - pad, hi + pad)
    }

    var layout: Layout {
        let xs = series.flatMap { $0.points.map(\.0) } + markers.map(\.x)
        let xRange = AxisTicks.widened(xs.min() ?? 0, xs.max() ?? 1)
        let yRange = SVGChart.yRange(series.flatMap { $0.points.map(\.1) })
        let xTicks = AxisTicks(from: xRange.0, to: xRange.1, target: 8)
        let yTicks = AxisTicks(from: yRange.0, to: yRange.1, target: 7)

        // Left: the rotated axis title, then the widest y tick label.
        let widestY = yTicks.labels.map { TextWidth.of($0, fontSize: SVGChart.tickFont) }.max() ?? 0
        let left = SVGChart.edge + SVGChart.axisFont + 10 + widestY + 8
        // Right: half of the last x tick label, which is centred on the edge.
        let lastX = xTicks.labels.last.map { TextWidth.of($0, fontSize: SVGChart.tickFont) } ?? 0
        let right = max(SVGChart.edge + 10, lastX / 2 + SVGChart.edge)
        let plotWidth = width - left - right

        // Legend: one row of items under the subtitle, wrapped if it does not fit.
        var items: [(x: Double, y: Double)] = []
        var cursor = left, row = 0.0
        let labels = series.map(\.label) + (shaded.isEmpty ? [] : [shadedLabel])
        for label in labels {
            let itemWidth = 30 + 6 + TextWidth.of(label, fontSize: SVGChart.legendFont) + 20
            if cursor + itemWidth > width - right && cursor > left { cursor = left; row += 1 }
            items.append((cursor, 74 + row * 20))
            cursor += itemWidth
        }
        let legendBottom = 74 + row * 20 + 8
        let legend = Box(x: left - 6, y: 74 - 12, width: plotWidth + 6, height: legendBottom - (74 - 12))

        // Marker labels: beside their line, in the first row above the plot where
        // they overlap no other label; the leftmost marker prefers the left side.
        var rowsTop = legendBottom + 8
        var noteBaseline: Double?
        if note != nil { noteBaseline = rowsTop + SVGChart.markerFont; rowsTop += SVGChart.rowHeight }
        func px(_ x: Double) -> Double { left + (x - xRange.0) / (xRange.1 - xRange.0) * plotWidth }
        let leftmost = markers.indices.min { (markers[$0].x, $0) < (markers[$1].x, $1) }
        var boxes: [Box] = []
        for (i, m) in markers.enumerated() {
            let w = TextWidth.of(m.label, fontSize: SVGChart.markerFont)
            let sides = i == leftmost ? [px(m.x) - 5 - w, px(m.x) + 5] : [px(m.x) + 5, px(m.x) - 5 - w]
            var placed: Box?
            var r = 0
            while placed == nil {
                for side in sides {
                    let x = min(max(side, left), width - right - w)
                    let box = Box(x: x, y: rowsTop + Double(r) * SVGChart.rowHeight, width: w, height: SVGChart.markerFont + 2)
                    if !boxes.contains(where: { $0.overlaps(box, gap: 8) }) { placed = box; break }
                }
                r += 1
            }
            boxes.append(placed!)
        }
        let labelRows = boxes.map { $0.y + $0.height }.max().map { $0 - rowsTop + 8 } ?? 0
        let top = rowsTop + labelRows + 4
        let bottom = 66.0
        let plot = Box(x: left, y: top, width: plotWidth, height: height - top - bottom)
        return Layout(plot: plot, legend: legend, legendItems: items, markerLabels: boxes, noteBaseline: noteBaseline,
                      xRange: xRange, yRange: yRange, xTicks: xTicks, yTicks: yTicks)
    }

    var svg: String {
        let l = layout
        let plot = l.plot
        func px(_ x: Double) -> Double { plot.x + (x - l.xRange.0) / (l.xRange.1 - l.xRange.0) * plot.width }
        func py(_ y: Double) -> Double { plot.y + plot.height - (y - l.yRange.0) / (l.yRange.1 - l.yRange.0) * plot.height }
        let plotRight = plot.x + plot.width, plotBottom = plot.y + plot.height
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(plot.x))" y="28" font-size="17" font-weight="bold">\(escape(title))</text>
        <text x="\(f(plot.x))" y="50" font-size="13" fill="#555">\(escape(subtitle))</text>

        """
        // Grid and ticks.
        for (x, label) in zip(l.xTicks.values, l.xTicks.labels) {
            out += "<line x1=\"\(f(px(x)))\" y1=\"\(f(plot.y))\" x2=\"\(f(px(x)))\" y2=\"\(f(plotBottom))\" stroke=\"#eee\"/>\n"
            out += "<text class=\"x-tick\" x=\"\(f(px(x)))\" y=\"\(f(plotBottom + 18))\" font-size=\"\(f(SVGChart.tickFont))\" text-anchor=\"middle\">\(escape(label))</text>\n"
        }
        for (y, label) in zip(l.yTicks.values, l.yTicks.labels) {
            out += "<line x1=\"\(f(plot.x))\" y1=\"\(f(py(y)))\" x2=\"\(f(plotRight))\" y2=\"\(f(py(y)))\" stroke=\"#eee\"/>\n"
            out += "<text class=\"y-tick\" x=\"\(f(plot.x - 8))\" y=\"\(f(py(y) + 4))\" font-size=\"\(f(SVGChart.tickFont))\" text-anchor=\"end\">\(escape(label))</text>\n"
        }
        out += "<text x=\"\(f(plot.x + plot.width / 2))\" y=\"\(f(height - 18))\" font-size=\"\(f(SVGChart.axisFont))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        out += "<text transform=\"translate(\(f(SVGChart.edge + SVGChart.axisFont)) \(f(plot.y + plot.height / 2))) rotate(-90)\" font-size=\"\(f(SVGChart.axisFont))\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        // Shaded regions under everything else in the plot area.
        for (a, b) in shaded {
            let lo = px(max(min(a, b), l.xRange.0)), hi = px(min(max(a, b), l.xRange.1))
            out += "<rect class=\"shaded\" x=\"\(f(lo))\" y=\"\(f(plot.y))\" width=\"\(f(max(hi - lo, 0)))\" height=\"\(f(plot.height))\" fill=\"#d62728\" fill-opacity=\"0.08\"/>\n"
        }
        out += "<rect id=\"plot-area\" x=\"\(f(plot.x))\" y=\"\(f(plot.y))\" width=\"\(f(plot.width))\" height=\"\(f(plot.height))\" fill=\"none\" stroke=\"#333\"/>\n"
        // Markers: the line through the plot area, the label in its row above it.
        for (m, box) in zip(markers, l.markerLabels) {
            let x = px(m.x)
            out += "<line x1=\"\(f(x))\" y1=\"\(f(plot.y - 6))\" x2=\"\(f(x))\" y2=\"\(f(plotBottom))\" stroke=\"\(m.color)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
            out += "<text class=\"marker\" x=\"\(f(box.x))\" y=\"\(f(box.y + SVGChart.markerFont - 1))\" font-size=\"\(f(SVGChart.markerFont))\" fill=\"\(m.color)\">\(escape(m.label))</text>\n"
        }
        if let note, let baseline = l.noteBaseline {
            out += "<text class=\"note\" x=\"\(f(plot.x))\" y=\"\(f(baseline))\" font-size=\"\(f(SVGChart.markerFont))\" fill=\"\(noteColor)\">\(escape(note))</text>\n"
        }
        // Series.
        for s in series where !s.points.isEmpty {
            let path = s.points.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
            let dash = s.dashed ? " stroke-dasharray=\"8 5\"" : ""
            out += "<polyline data-series=\"\(escape(s.label))\" points=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2.5\"\(dash)/>\n"
        }
        // Legend, above the plot area.
        out += "<rect id=\"legend\" x=\"\(f(l.legend.x))\" y=\"\(f(l.legend.y))\" width=\"\(f(l.legend.width))\" height=\"\(f(l.legend.height))\" fill=\"none\"/>\n"
        for (i, item) in l.legendItems.enumerated() {
            if i < series.count {
                let s = series[i]
                let dash = s.dashed ? " stroke-dasharray=\"8 5\"" : ""
                out += "<line x1=\"\(f(item.x))\" y1=\"\(f(item.y))\" x2=\"\(f(item.x + 30))\" y2=\"\(f(item.y))\" stroke=\"\(s.color)\" stroke-width=\"2.5\"\(dash)/>\n"
                out += "<text x=\"\(f(item.x + 36))\" y=\"\(f(item.y + 4.5))\" font-size=\"\(f(SVGChart.legendFont))\">\(escape(s.label))</text>\n"
            } else {
                out += "<rect x=\"\(f(item.x))\" y=\"\(f(item.y - 6))\" width=\"30\" height=\"12\" fill=\"#d62728\" fill-opacity=\"0.15\"/>\n"
                out += "<text x=\"\(f(item.x + 36))\" y=\"\(f(item.y + 4.5))\" font-size=\"\(f(SVGChart.legendFont))\">\(escape(shadedLabel))</text>\n"
            }
        }
        return out + "</svg>\n"
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
