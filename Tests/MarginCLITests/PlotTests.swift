import Foundation
import Testing

/// `margin plot` as a user sees it: the SVG's geometry and labels, and the
/// stderr summary, on the built-in example and on extreme states.
@Suite struct PlotTests {
    static let varied = ["volatility", "size", "depth", "price", "oracle-age"]
    static let accountOne = "0x1000000000000000000000000000000000000001"
    static let accountTwo = "0x2000000000000000000000000000000000000002"

    /// One drawn SVG element: its name, attributes and text.
    struct Element {
        let name: String
        let attributes: [String: String]
        let text: String
        func number(_ key: String) -> Double { Double(attributes[key] ?? "") ?? .nan }
    }

    /// The elements of a chart (the tool writes one element per line).
    static func elements(_ svg: String) -> [Element] {
        let element = try! NSRegularExpression(pattern: #"^<(\w+)((?:\s+[\w-]+="[^"]*")*)\s*/?>([^<]*)"#)
        let attribute = try! NSRegularExpression(pattern: #"([\w-]+)="([^"]*)""#)
        return svg.split(separator: "\n").compactMap { line in
            let line = String(line), ns = line as NSString
            guard let m = element.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { return nil }
            let attributesText = ns.substring(with: m.range(at: 2)) as NSString
            var attributes: [String: String] = [:]
            for a in attribute.matches(in: attributesText as String, range: NSRange(location: 0, length: attributesText.length)) {
                attributes[attributesText.substring(with: a.range(at: 1))] = attributesText.substring(with: a.range(at: 2))
            }
            return Element(name: ns.substring(with: m.range(at: 1)), attributes: attributes, text: ns.substring(with: m.range(at: 3)))
        }
    }

    static func points(_ polyline: Element) -> [(Double, Double)] {
        (polyline.attributes["points"] ?? "").split(separator: " ").map {
            let xy = $0.split(separator: ",")
            return (Double(xy[0]) ?? .nan, Double(xy[1]) ?? .nan)
        }
    }

    /// About a text's width in DejaVu Sans, a little wide: digits are 0.636 em,
    /// most lower case letters about 0.62 em, i, j, l, t, f and r and punctuation much less.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        text.reduce(0.0) { w, c in
            w + (" ,.:;-'ijl".contains(c) ? 0.34 : "tfr".contains(c) ? 0.42 : c.isUppercase || c == "%" ? 0.8 : 0.64)
        } * fontSize
    }

    /// Writes a variant of the Spec's example state (ETH-PERP, BTC-PERP, accounts 1 and 2).
    static func stateFile(_ edit: (inout [String: Any]) -> Void) throws -> String {
        let (text, _) = try EvalPlotScenarioTests.specExample()
        var state = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        edit(&state)
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("state.json").path
        try JSONSerialization.data(withJSONObject: state, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Both markets at the largest price, both accounts at the largest size,
    /// account 1 with 5·10^27 USD of cash and account 2 as far under water.
    static func extremeState() throws -> String {
        try stateFile { state in
            var markets = state["markets"] as! [[String: Any]]
            for i in markets.indices { markets[i]["price"] = "1" + String(repeating: "0", count: 26) }
            state["markets"] = markets
            let size = "1" + String(repeating: "0", count: 26), notional = "1" + String(repeating: "0", count: 34)
            var accounts = state["accounts"] as! [[String: Any]]
            accounts[0]["cash"] = "5" + String(repeating: "0", count: 45)
            accounts[0]["positions"] = [["size": size, "openNotional": notional], ["size": "-" + size, "openNotional": "-" + notional]]
            accounts[1]["cash"] = "-5" + String(repeating: "0", count: 45)
            accounts[1]["positions"] = [["size": "-" + size, "openNotional": "-" + notional], ["size": size, "openNotional": notional]]
            state["accounts"] = accounts
        }
    }

    /// Plots and returns the SVG and the stderr line.
    static func plot(_ arguments: [String]) throws -> (svg: String, stderr: String) {
        let out = try RepositoryPaths.temporaryFolder().appendingPathComponent("plot.svg").path
        let outcome = try MarginProcess.run(["plot"] + arguments + ["--out", out])
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return (try String(contentsOfFile: out, encoding: .utf8), outcome.stderr)
    }

    /// The example for each input, then the extreme state's two accounts by price and size.
    static func everyPlot() throws -> [(name: String, svg: String)] {
        var plots = try varied.map { ("example, \($0)", try plot(["--example", "--vary", $0]).svg) }
        let extreme = try extremeState()
        for account in [accountOne, accountTwo] {
            for vary in ["price", "size"] {
                plots.append(("extreme \(account), \(vary)", try plot([extreme, "--account", account, "--vary", vary]).svg))
            }
        }
        return plots
    }

    /// The frame of the plot area: the one unfilled rectangle drawn in dark grey.
    static func plotArea(_ elements: [Element]) -> Element? {
        elements.first { $0.name == "rect" && $0.attributes["fill"] == "none" && $0.attributes["stroke"] == "#333" }
    }

    @Test func legendCoversNoPointOfAnySeries() throws {
        for (name, svg) in try Self.everyPlot() {
            let elements = Self.elements(svg)
            // Each legend entry: its text, and its 30 px swatch 6 px to the left of it.
            let entries = elements.filter { $0.name == "text" && ["equity", "maintenance margin", "initial margin", "liquidatable"].contains($0.text) }
            #expect(entries.count == 4 || entries.count == 3, "\(name): legend entries \(entries.map(\.text))")
            let lines = elements.filter { $0.name == "polyline" }
            #expect(lines.count == 3, "\(name)")
            for entry in entries {
                let size = entry.number("font-size")
                let (x0, x1) = (entry.number("x") - 36, entry.number("x") + Self.textWidth(entry.text, fontSize: size))
                let (y0, y1) = (entry.number("y") - size, entry.number("y") + 3)
                for line in lines {
                    let inside = Self.points(line).filter { $0.0 >= x0 && $0.0 <= x1 && $0.1 >= y0 && $0.1 <= y1 }
                    #expect(inside.isEmpty, "\(name): legend entry \(entry.text) covers \(line.attributes["data-series"] ?? "a series") at \(inside.prefix(3))")
                }
            }
        }
    }

    @Test func seriesFillMostOfThePlotHeight() throws {
        for (name, svg) in try Self.everyPlot() {
            let elements = Self.elements(svg)
            let area = try #require(Self.plotArea(elements), "\(name): no plot area")
            let ys = elements.filter { $0.name == "polyline" }.flatMap { Self.points($0).map(\.1) }
            let filled = ((ys.max() ?? 0) - (ys.min() ?? 0)) / area.number("height")
            #expect(filled >= 0.8, "\(name): the series span \(filled * 100) % of the plot height")
        }
    }

    @Test func tickLabelsAreShortExactDecimals() throws {
        for (name, svg) in try Self.everyPlot() {
            // x tick labels are centred under the plot, y tick labels end left of it.
            let ticks = Self.elements(svg).filter { $0.name == "text" && ($0.attributes["text-anchor"] == "end" || $0.attributes["font-size"]?.hasPrefix("12") == true && $0.attributes["text-anchor"] == "middle") }
            #expect(ticks.count >= 6, "\(name)")
            for tick in ticks {
                let digits = tick.text.filter(\.isNumber).drop { $0 == "0" }
                #expect(digits.count <= 6, "\(name): tick label \(tick.text) has \(digits.count) digits")
                #expect(tick.text.wholeMatch(of: /-?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?([kMBT]|e[0-9]+)?/) != nil,
                        "\(name): tick label \(tick.text)")
            }
        }
    }

    @Test func yTickLabelsFitLeftOfThePlotArea() throws {
        for (name, svg) in try Self.everyPlot() {
            let elements = Self.elements(svg)
            // The rotated y axis title's baseline is the translate x; its glyphs sit left of it.
            let title = try #require(elements.first { $0.attributes["transform"]?.hasPrefix("translate(") == true })
            let titleX = Double(title.attributes["transform"]!.dropFirst("translate(".count).split(separator: " ")[0])!
            let yTicks = elements.filter { $0.name == "text" && $0.attributes["text-anchor"] == "end" }
            #expect(yTicks.count >= 3, "\(name): y tick labels \(yTicks.map(\.text))")
            for tick in yTicks {
                let leftEdge = tick.number("x") - Self.textWidth(tick.text, fontSize: tick.number("font-size"))
                #expect(leftEdge >= titleX + 4, "\(name): y label \(tick.text) reaches x = \(leftEdge)")
            }
        }
    }

    @Test func markerLabelsOverlapNeitherEachOtherNorAMarkerLine() throws {
        for (name, svg) in try Self.everyPlot() {
            let elements = Self.elements(svg)
            let labels = elements.filter { $0.name == "text" && ($0.text.hasPrefix("state now") || $0.text.hasPrefix("liquidation point")) }
            let markerLines = elements.filter { $0.name == "line" && $0.attributes["stroke-dasharray"] == "6 4" }
            #expect(markerLines.count == labels.count, "\(name)")
            // Left-anchored boxes from the baseline up one font size.
            let boxes = labels.map { label -> (Double, Double, Double, Double) in
                let size = label.number("font-size"), width = Self.textWidth(label.text, fontSize: size)
                let x = label.attributes["text-anchor"] == "end" ? label.number("x") - width : label.number("x")
                return (x, label.number("y") - size, width, size)
            }
            for (i, a) in boxes.enumerated() {
                for b in boxes[(i + 1)...] {
                    let apart = a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1
                    #expect(apart, "\(name): marker labels overlap: \(labels.map(\.text))")
                }
                for line in markerLines {
                    let x = line.number("x1"), top = min(line.number("y1"), line.number("y2")), bottom = max(line.number("y1"), line.number("y2"))
                    let crosses = x > a.0 && x < a.0 + a.2 && top < a.1 + a.3 && bottom > a.1
                    #expect(!crosses, "\(name): a marker line at x = \(x) crosses the label \(labels[i].text)")
                }
            }
        }
    }

    @Test func accountLiquidatableOverTheWholeRangeHasNoLiquidationPoint() throws {
        let extreme = try Self.extremeState()
        for vary in ["price", "size", "volatility"] {
            let (svg, stderr) = try Self.plot([extreme, "--account", Self.accountTwo, "--vary", vary])
            #expect(stderr.contains("liquidatable over the whole range"), "\(vary): \(stderr)")
            #expect(!stderr.contains("liquidation point"), "\(vary): \(stderr)")
            #expect(!svg.contains("liquidation point:") && svg.contains("liquidatable over the whole range"), "\(vary)")
            let (richSVG, richStderr) = try Self.plot([extreme, "--account", Self.accountOne, "--vary", vary])
            #expect(richStderr.contains("not liquidatable anywhere in the range"), "\(vary): \(richStderr)")
            #expect(!richSVG.contains("liquidation point:"), "\(vary)")
        }
    }

    @Test(arguments: [
        ("price", "oracle price", "USD"),
        ("volatility", "annualised volatility", "% a year"),
        ("size", "position size", "base units"),
        ("depth", "liquidity depth", "USD"),
        ("oracle-age", "oracle price age", "s"),
    ])
    func summaryGivesTheRangeAndLiquidationPointWithUnits(vary: String, quantity: String, unit: String) throws {
        let (_, stderr) = try Self.plot(["--example", "--vary", vary])
        let summary = try #require(stderr.split(separator: "\n").last.map(String.init))
        let number = #"-?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?[kMBT]?"#
        let unitPattern = NSRegularExpression.escapedPattern(for: unit)
        let pattern = "\(quantity) in market 2 from \(number) to \(number) \(unitPattern) \\(state now \(number) \(unitPattern)\\); "
            + "liquidation point at \(quantity) \(number) \(unitPattern)$"
        #expect(summary.range(of: pattern, options: .regularExpression) != nil, "\(summary) should match \(pattern)")
        if vary == "price" { #expect(summary.hasSuffix("liquidation point at oracle price 149.6 USD"), "\(summary)") }
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let extreme = try Self.extremeState()
        for arguments in [["--example", "--vary", "depth"], [extreme, "--account", Self.accountOne, "--vary", "price"]] {
            #expect(try Self.plot(arguments).svg == Self.plot(arguments).svg, "\(arguments)")
        }
    }
}
