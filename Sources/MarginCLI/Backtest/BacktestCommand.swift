import ArgumentParser
import ContractIO
import EVMArithmetic
import MarginEngine
import Verification

extension Margin {
    /// `margin backtest`: replays real prices through the exact model and
    /// scores its maintenance margin against the losses that followed.
    struct Backtest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backtest",
            abstract: "Replay price series through the exact model and back-test its maintenance margin.",
            discussion: """
                Each CSV file is one market. Every observation is a postPrice at its own timestamp (the \
                contract's EWMA variance, breaker and stress run), a reference portfolio of constant USD \
                notional is held, and the maintenance margin at each step is compared with the loss over \
                the liquidation horizon that follows. The horizon must be a multiple of the data's \
                sampling interval (daily data: --horizon 86400). Parameters default to market 0 and the \
                global parameters of the built-in example (margin eval --example); --params FILE (JSON \
                with optional "marketParams", "globalParams" objects of decimal strings, as in state \
                files) and the options override them. Reports: exceedances against the number the \
                z-score implies, Kupiec and Christoffersen p-values, Basel zones of rolling windows, \
                capital against static ratios, the worst shortfalls. Exit 1 when Kupiec's test rejects \
                the margin's coverage at --significance.

                Example: margin backtest Tests/Data/btc-usd-daily.csv --horizon 86400 --plot btc.svg
                """
        )

        @Argument(help: ArgumentHelp("Price CSV files, one market each (a header row names the columns).", valueName: "file"))
        var prices: [String]

        @Option(name: .customLong("time-column"), help: ArgumentHelp("The time column: unix seconds or UTC dates (default: the first of unix_timestamp, timestamp, date, time).", valueName: "name"))
        var timeColumn: String?

        @Option(name: .customLong("price-column"), help: ArgumentHelp("The price column, decimal USD (default: close, then price).", valueName: "name"))
        var priceColumn: String?

        @Option(help: ArgumentHelp("The side of each file's position, long or short (one for all, or one per file).", valueName: "side"))
        var side: [String] = []

        @Option(help: ArgumentHelp("USD notional of each file's position, kept constant (one for all, or one per file; default 1000000).", valueName: "usd"))
        var notional: [String] = []

        @Option(help: ArgumentHelp("JSON file of marketParams and globalParams overrides (decimal strings).", valueName: "file"))
        var params: String?

        @Option(name: .customLong("z-score"), help: ArgumentHelp("zScore, decimal (example: 2.33).", valueName: "decimal"))
        var zScore: String?

        @Option(help: ArgumentHelp("liquidationHorizon and loss horizon in seconds (example: 3600).", valueName: "seconds"))
        var horizon: String?

        @Option(name: .customLong("ewma-lambda"), help: ArgumentHelp("Spec 1.0's EWMA lambda, decimal (example: 0.94): garchBeta = lambda, garchAlpha = 1 - lambda, garchOmega = 0.", valueName: "decimal"))
        var ewmaLambda: String?

        @Option(name: .customLong("base-margin-ratio"), help: ArgumentHelp("baseMarginRatio, decimal (example: 0.01).", valueName: "decimal"))
        var baseMarginRatio: String?

        @Option(name: .customLong("liquidity-depth"), help: ArgumentHelp("liquidityDepth in USD (example: 5000000).", valueName: "usd"))
        var liquidityDepth: String?

        @Option(name: .customLong("breaker-threshold"), help: ArgumentHelp("breakerThreshold, decimal return (example: 0.1).", valueName: "decimal"))
        var breakerThreshold: String?

        @Option(help: ArgumentHelp("Correlation set between every pair of markets, decimal in [-1, 1] (default 0).", valueName: "decimal"))
        var correlation: String?

        @Option(name: .customLong("trailing-correlation"), help: ArgumentHelp("Update the correlation from the last n returns by guardrailed setCorrelation calls.", valueName: "n"))
        var trailingCorrelation: Int?

        @Option(name: .customLong("correlation-every"), help: ArgumentHelp("Observations between two trailing-correlation updates.", valueName: "n"))
        var correlationEvery: Int = 30

        @Option(name: .customLong("insurance-fund"), help: ArgumentHelp("Insurance fund in USD (default: the target, so no stress).", valueName: "usd"))
        var insuranceFund: String?

        @Option(name: .customLong("warm-up"), help: ArgumentHelp("Observations not scored at the start while the EWMA settles.", valueName: "n"))
        var warmUp: Int = 30

        @Option(help: ArgumentHelp("Observations per rolling window (Basel: 250).", valueName: "n"))
        var window: Int = 250

        @Option(help: ArgumentHelp("Kupiec p-value below which the exit status is 1.", valueName: "decimal"))
        var significance: Double = 0.05

        @Option(help: ArgumentHelp("Also draw price, margin, losses, exceedances and breaker periods as SVG.", valueName: "file"))
        var plot: String?

        @Flag(help: "Sweep the parameter grids instead: coverage against capital, and the cheapest setting passing Kupiec.")
        var sweep = false

        @Option(name: .customLong("z-grid"), help: ArgumentHelp("Sweep: z-scores, comma-separated (default 2,2.33,2.58,3).", valueName: "decimals"))
        var zGrid: String?

        @Option(name: .customLong("lambda-grid"), help: ArgumentHelp("Sweep: EWMA lambdas (default 0.9,0.94,0.97).", valueName: "decimals"))
        var lambdaGrid: String?

        @Option(name: .customLong("horizon-grid"), help: ArgumentHelp("Sweep: horizons in seconds (default: --horizon).", valueName: "seconds"))
        var horizonGrid: String?

        @Option(name: .customLong("base-grid"), help: ArgumentHelp("Sweep: base margin ratios (default 0,0.01,0.02).", valueName: "decimals"))
        var baseGrid: String?

        @Option(name: .customLong("target-confidence"), help: ArgumentHelp("Sweep: the coverage Kupiec's test checks every setting against.", valueName: "decimal"))
        var targetConfidence: Double = 0.99

        @Option(help: ArgumentHelp("Sweep: write the setMarketParams path from today's parameters to the cheapest passing setting as a scenario file.", valueName: "file"))
        var propose: String?

        @OptionGroup var report: ReportOptions

        func validate() throws {
            if warmUp < 0 { throw ValidationError("Please give --warm-up as 0 or more observations.") }
            if window < 2 { throw ValidationError("Please give --window as 2 or more observations.") }
            if !(significance > 0 && significance < 1) { throw ValidationError("Please give --significance between 0 and 1.") }
            for list in [("--side", side.count), ("--notional", notional.count)] where list.1 > 1 && list.1 != prices.count {
                throw ValidationError("Please give \(list.0) once for all files or once per file (\(prices.count)).")
            }
            if propose != nil && !sweep { throw ValidationError("Please give --propose with --sweep.") }
            if !(targetConfidence > 0 && targetConfidence < 1) { throw ValidationError("Please give --target-confidence between 0 and 1.") }
            for s in side where PositionSide(rawValue: s) == nil {
                throw ValidationError("Please give --side as long or short, not \(s).")
            }
        }

        func run() throws {
            let plotFile = try plot.map { path throws(ToolFailure) in try OutputFile.checked(path, option: "--plot", inputs: prices) }
            let outputs = try report.files(inputs: prices + (params.map { [$0] } ?? []))
            let setup = try makeSetup()
            if sweep { return try runSweep(setup, outputs: outputs) }
            let run: BacktestRun
            do { run = try BacktestReplay.run(setup) } catch { throw ToolFailure.badInput("\(error)") }
            let result = BacktestReport(run)
            let json = CanonicalJSON.render(result.json)
            if report.json { print(json, terminator: "") } else { print(result.text, terminator: "") }
            try outputs.json?.writeReporting(json)
            if let junit = outputs.junit { try junit.writeReporting(Backtest.junit(result, significance: significance).xml) }
            if let plotFile { try plotFile.writeReporting(BacktestPlot(run: run, report: result).svg) }
            if result.margin.kupiecPValue < significance { throw ExitStatus.checkFailed }
        }

        /// The set-up from the example's parameters, the params file and the options.
        func makeSetup() throws(ToolFailure) -> BacktestSetup {
            let example: StateFile
            do { example = try StateFile(json: try Eval.exampleJSON()) } catch {
                throw ToolFailure(status: .internalError, message: "built-in example: \(error)")
            }
            var market = example.state.markets[0].params
            var global = example.state.globalParams
            if let params { try BacktestParamsFile.apply(params, market: &market, global: &global) }
            func wad(_ text: String?, _ option: String) throws(ToolFailure) -> UInt256? {
                guard let text else { return nil }
                guard let v = WadDecimal.parse(text) else {
                    throw .badInput("\(option): \(JSONNode.quote(text)) is not a number, expected a decimal such as 0.94")
                }
                return v
            }
            if let v = try wad(zScore, "--z-score") { market.zScore = v }
            if let v = try wad(ewmaLambda, "--ewma-lambda") {
                guard v <= .wad else { throw .badInput("--ewma-lambda: \(JSONNode.quote(ewmaLambda!)) is above 1, expected a decimal from 0 to 1") }
                market.useEWMA(lambda: v)
            }
            if let v = try wad(baseMarginRatio, "--base-margin-ratio") { market.baseMarginRatio = v }
            if let v = try wad(liquidityDepth, "--liquidity-depth") { market.liquidityDepth = v }
            if let v = try wad(breakerThreshold, "--breaker-threshold") { market.breakerThreshold = v }
            if let horizon {
                guard let seconds = UInt64(horizon) else {
                    throw .badInput("--horizon: \(JSONNode.quote(horizon)) is not a number of seconds, expected an unsigned integer such as 86400")
                }
                market.liquidationHorizon = UInt256(seconds)
            }
            var rho = Int256.zero
            if let correlation {
                let negative = correlation.hasPrefix("-")
                guard let magnitude = WadDecimal.parse(negative ? String(correlation.dropFirst()) : correlation),
                      magnitude <= .wad, let value = Int256(negative: negative, magnitude: magnitude) else {
                    throw .badInput("--correlation: \(JSONNode.quote(correlation)) is not a correlation, expected a decimal from -1 to 1")
                }
                rho = value
            }
            let fund = try wad(insuranceFund, "--insurance-fund") ?? global.insuranceTarget
            var series: [PriceSeries] = []
            for path in prices {
                do { series.append(try PriceSeries.read(path, timeColumn: timeColumn, priceColumn: priceColumn)) } catch {
                    throw ToolFailure(error)
                }
            }
            var legs: [BacktestSetup.Leg] = []
            for i in prices.indices {
                let sideText = side.isEmpty ? "long" : side[side.count == 1 ? 0 : i]
                let usdText = notional.isEmpty ? "1000000" : notional[notional.count == 1 ? 0 : i]
                guard let usd = try wad(usdText, "--notional"), !usd.isZero else {
                    throw .badInput("--notional: \(JSONNode.quote(usdText)) is not a position, expected a positive USD amount")
                }
                legs.append(.init(market: i, side: PositionSide(rawValue: sideText) ?? .long, notional: usd))
            }
            var setup = BacktestSetup(
                series: series, marketParams: Array(repeating: market, count: series.count), globalParams: global,
                initialVariance: Array(repeating: example.state.markets[0].variance, count: series.count),
                correlation: rho, insuranceFund: fund, legs: legs, warmUp: warmUp, window: window)
            setup.correlationUpdate = trailingCorrelation.map { .init(lookback: $0, every: correlationEvery) }
            do { try setup.validate() } catch { throw .badInput("\(error)") }
            return setup
        }

        /// `--sweep`: the grid's trade-off table, the cheapest passing setting, and `--propose`.
        func runSweep(_ setup: BacktestSetup, outputs: (json: OutputFile?, junit: OutputFile?)) throws {
            let proposal = try propose.map { path throws(ToolFailure) in try OutputFile.checked(path, option: "--propose", inputs: prices) }
            func grid(_ text: String?, _ option: String, _ fallback: [String], seconds: Bool = false) throws(ToolFailure) -> [UInt256] {
                var values: [UInt256] = []
                for item in text.map({ $0.split(separator: ",").map(String.init) }) ?? fallback {
                    guard let v = seconds ? UInt64(item).map({ UInt256($0) }) : WadDecimal.parse(item) else {
                        throw .badInput("\(option): \(JSONNode.quote(item)) is not a \(seconds ? "number of seconds" : "decimal"), expected a comma-separated list")
                    }
                    values.append(v)
                }
                return values
            }
            let g = BacktestSweep.Grid(
                zScores: try grid(zGrid, "--z-grid", ["2", "2.33", "2.58", "3"]),
                lambdas: try grid(lambdaGrid, "--lambda-grid", ["0.9", "0.94", "0.97"]),
                horizons: try grid(horizonGrid, "--horizon-grid", [], seconds: true),
                baseRatios: try grid(baseGrid, "--base-grid", ["0", "0.01", "0.02"]))
            let result: BacktestSweep
            do {
                result = try BacktestSweep.run(setup, grid: g, targetConfidence: targetConfidence, significance: significance)
            } catch { throw ToolFailure.badInput("\(error)") }
            let json = CanonicalJSON.render(BacktestSweepReport.json(result))
            if report.json { print(json, terminator: "") } else { print(BacktestSweepReport.text(result), terminator: "") }
            try outputs.json?.writeReporting(json)
            guard let best = result.cheapestPassing else { throw ExitStatus.checkFailed }
            if let proposal {
                let example: StateFile
                do { example = try StateFile(json: try Eval.exampleJSON()) } catch {
                    throw ToolFailure(status: .internalError, message: "built-in example: \(error)")
                }
                let today = example.state.markets[0]
                do {
                    let scenario = try ParameterProposal.scenario(
                        globalParams: example.state.globalParams, current: today.params, target: best.params,
                        price: today.price, variance: today.variance, start: example.timestamp)
                    try proposal.writeReporting(CanonicalJSON.render(scenario.json))
                    printToStandardError("margin backtest: \(scenario.calls.count / 2) setMarketParams steps written to \(DisplayText.escaped(proposal.path))")
                } catch let error as BacktestError {
                    throw ToolFailure.badInput("--propose: \(error)")
                }
            }
        }

        /// One test case per coverage test: a p-value below the significance fails.
        static func junit(_ r: BacktestReport, significance: Double) -> JUnitReport {
            var suite = JUnitReport(suiteName: "margin backtest")
            let names = r.setup.series.map(\.name).joined(separator: "+")
            for (name, p) in [("kupiec", r.margin.kupiecPValue), ("christoffersen-independence", r.margin.independencePValue),
                              ("conditional-coverage", r.margin.conditionalCoveragePValue)] {
                var c = JUnitReport.TestCase(name: name, className: "backtest.\(names)")
                if p < significance {
                    c.failure = ("p-value \(p) below \(significance)",
                                 "\(r.margin.exceedances) exceedances in \(r.margin.observations) observations, \(r.margin.expected) expected")
                }
                suite.cases.append(c)
            }
            return suite
        }
    }
}
