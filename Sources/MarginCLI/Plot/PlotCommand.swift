import ArgumentParser
import ContractIO
import EVMArithmetic
import MarginEngine
import Verification

extension Margin {
    /// `margin plot`: MM, IM and equity of one account against one input.
    struct Plot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw maintenance margin, initial margin and equity against one varied input (SVG).",
            discussion: """
                Each point is the exact model evaluated on a copy of the state with the input changed \
                (volatility: the market's variance from 0 to 4x, shown as annualised volatility in %; \
                size: the position from 0 to 3x, in base units; depth: 0.1x to 5x, in USD; price: 50 % to \
                150 %, in USD; oracle-age: 0 to 2 days, in seconds). The liquidation point, where the \
                account becomes liquidatable (equity below maintenance margin), and the state's own value \
                are marked; an account liquidatable over the whole range, or nowhere in it, has no \
                liquidation point and the plot says so.

                Example: margin plot --example --vary volatility --out vol.svg
                """
        )

        @Argument(help: ArgumentHelp("The state JSON file (Spec/eval-state-format.md); - reads standard input.", valueName: "state-file"))
        var stateFile: String?

        @Option(help: ArgumentHelp("The account to plot (0x address).", valueName: "address"))
        var account: String?

        @Option(help: ArgumentHelp("The input to vary: volatility, size, depth, price or oracle-age.", valueName: "input"))
        var vary: String = "price"

        @Option(parsing: .unconditional, help: ArgumentHelp("The market whose input varies (default: the account's largest position).", valueName: "index"))
        var market: Int?

        @Option(help: ArgumentHelp("Output SVG file (written atomically; a device such as /dev/stdout is written through).", valueName: "file"))
        var out: String

        @Flag(help: "Plot the built-in example state (the account near liquidation).")
        var example = false

        /// The example's long basket near liquidation.
        static let exampleAccount = (try? Address(parsing: "0x3000000000000000000000000000000000000003")) ?? .zero

        /// "0x3000…0003": addresses are long for a title.
        static func short(_ a: Address) -> String {
            let d = a.description
            return String(d.prefix(6)) + "…" + String(d.suffix(4))
        }

        func validate() throws {
            if example == (stateFile != nil) { throw ValidationError("Please give a STATE-FILE or --example (exactly one).") }
            if MarginSweep.Input(rawValue: vary) == nil {
                throw ValidationError("Please give --vary as one of: \(MarginSweep.Input.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }

        func run() throws {
            let output = try OutputFile.checked(out, option: "--out", inputs: stateFile.map { [$0] } ?? [])
            let source = stateFile ?? "the built-in example"
            let document = stateFile == nil ? try Eval.exampleJSON() : try InputFile.readJSON(source)
            let file: StateFile
            do { file = try StateFile(json: document) } catch { throw ToolFailure.badInput("\(source): \(error)") }
            let target: Address
            if let account {
                do { target = try Address(parsing: account) } catch { throw ToolFailure.badInput("--account: \(error)") }
            } else if example {
                target = Plot.exampleAccount
            } else {
                throw ToolFailure.badInput("--account is required with a state file")
            }
            guard file.accounts.contains(target) else {
                throw ToolFailure.badInput("\(source): no account \(target) in the state file")
            }
            let positions = file.state.account(target).positions
            let m: Int
            if let market {
                guard (0..<file.state.marketCount).contains(market) else {
                    throw ToolFailure.badInput("--market \(market): the state has \(file.state.marketCount) market(s)")
                }
                m = market
            } else {
                guard let largest = (0..<file.state.marketCount).filter({ !positions[$0].size.isZero })
                    .max(by: { positions[$0].size.magnitude < positions[$1].size.magnitude }) else {
                    throw ToolFailure.badInput("\(source): account \(target) has no open position to plot")
                }
                m = largest
            }
            let input = MarginSweep.Input(rawValue: vary)!
            let sweep = MarginSweep(state: file.state, account: target, market: m, input: input, now: file.timestamp)
            try output.writeReporting(Plot.chart(sweep, account: target, market: m, input: input, timestamp: file.timestamp).svg)
            printToStandardError("margin plot: \(DisplayText.escaped(out)): \(Plot.summary(sweep, market: m, input: input))")
        }

        /// `x` with its unit, e.g. "149.6 USD", "35.5 % a year".
        static func amount(_ x: Double, _ input: MarginSweep.Input) -> String {
            "\(PlotNumber.label(x, significantDigits: 5)) \(input.unit)"
        }

        /// The chart of a sweep: the three series, the state's own value, and
        /// the liquidation point or a note that there is none.
        static func chart(_ sweep: MarginSweep, account: Address, market m: Int, input: MarginSweep.Input, timestamp: UInt256) -> SVGChart {
            var chart = SVGChart(
                title: "Margin of \(Plot.short(account)) as \(input.rawValue) varies, market \(m)",
                subtitle: "MarginEngine spec \(StateFile.specVersion), state at timestamp \(timestamp); amounts in USD",
                xLabel: input.axisLabel + ", market \(m)", yLabel: "USD")
            chart.series = [
                .init(label: "equity", color: "#1f77b4", dashed: false, points: sweep.points.map { ($0.x, $0.equity) }),
                .init(label: "maintenance margin", color: "#d62728", dashed: false, points: sweep.points.map { ($0.x, $0.maintenance) }),
                .init(label: "initial margin", color: "#ff7f0e", dashed: true, points: sweep.points.map { ($0.x, $0.initial) }),
            ]
            chart.markers.append(.init(x: sweep.currentX, label: "state now: \(amount(sweep.currentX, input))", color: "#555"))
            switch sweep.liquidation {
            case .at(let x):
                chart.markers.append(.init(x: x, label: "liquidation point: \(amount(x, input))", color: "#d62728"))
            case .wholeRange:
                chart.note = "liquidatable over the whole range: no liquidation point"
            case .never:
                chart.note = "not liquidatable anywhere in the range: no liquidation point"
                chart.noteColor = "#555"
            }
            chart.shaded = sweep.liquidatableIntervals
            chart.shadedLabel = "liquidatable"
            return chart
        }

        /// The stderr line: the range swept and where liquidation starts, with units.
        static func summary(_ sweep: MarginSweep, market m: Int, input: MarginSweep.Input) -> String {
            let xs = sweep.points.map(\.x)
            let range = "\(input.quantity) in market \(m) from \(PlotNumber.label(xs.min() ?? 0, significantDigits: 5)) to "
                + "\(amount(xs.max() ?? 0, input)) (state now \(amount(sweep.currentX, input)))"
            let outcome: String
            switch sweep.liquidation {
            case .at(let x): outcome = "liquidation point at \(input.quantity) \(amount(x, input))"
            case .wholeRange: outcome = "liquidatable over the whole range"
            case .never: outcome = "not liquidatable anywhere in the range"
            }
            return "\(sweep.points.count) points, \(range); \(outcome)"
        }
    }
}
