import ArgumentParser
import ContractIO
import EVMArithmetic
import MarginEngine

extension Margin {
    /// `margin plot`: MM, IM and equity of one account against one input.
    struct Plot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw maintenance margin, initial margin and equity against one varied input (SVG).",
            discussion: """
                Each point is the exact model evaluated on a copy of the state with the input changed
                (volatility: the market's variance from 0 to 4x; size: the position from 0 to 3x;
                depth: 0.1x to 5x; price: 50 % to 150 %; oracle-age: 0 to 2 days). The liquidation point,
                where equity falls below maintenance margin, and the state's own value are marked.
                """
        )

        @Argument(help: "The state JSON file (Spec/eval-state-format.md).")
        var stateFile: String?

        @Option(help: "The account to plot (0x address).")
        var account: String?

        @Option(help: "The input to vary: volatility, size, depth, price or oracle-age.")
        var vary: String = "price"

        @Option(parsing: .unconditional, help: ArgumentHelp("The market whose input varies (default: the account's largest position).", valueName: "index"))
        var market: Int?

        @Option(help: "Output SVG file (written atomically).")
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
            var chart = SVGChart(
                title: "Margin of \(Plot.short(target)) as \(input.rawValue) varies, market \(m)",
                subtitle: "MarginEngine spec \(StateFile.specVersion), state at timestamp \(file.timestamp); amounts in USD",
                xLabel: input.axisLabel, yLabel: "USD")
            chart.series = [
                .init(label: "equity", color: "#1f77b4", dashed: false, points: sweep.points.map { ($0.x, $0.equity) }),
                .init(label: "maintenance margin", color: "#d62728", dashed: false, points: sweep.points.map { ($0.x, $0.maintenance) }),
                .init(label: "initial margin", color: "#ff7f0e", dashed: true, points: sweep.points.map { ($0.x, $0.initial) }),
            ]
            chart.markers.append(.init(x: sweep.currentX, label: "state now: \(SVGChart.tick(sweep.currentX, 0.001))", color: "#555"))
            if let x = sweep.liquidationX {
                chart.markers.append(.init(x: x, label: "liquidation point: \(SVGChart.tick(x, 0.001))", color: "#d62728"))
            }
            chart.shaded = sweep.liquidatableIntervals
            chart.shadedLabel = "liquidatable"
            try output.writeReporting(chart.svg)
            let where_ = sweep.liquidationX.map { String(format: "liquidation point at %.4g", $0) } ?? "no liquidation point in the range"
            printToStandardError("margin plot: \(out): \(sweep.points.count) points, \(where_)")
        }
    }
}
