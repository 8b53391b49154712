import ContractIO
import EVMArithmetic
import Foundation
import MarginEngine

extension BacktestReport {
    /// A finite Double as a JSON number (10 significant digits); null otherwise.
    static func number(_ x: Double) -> JSONValue {
        x.isFinite ? .number(String(format: "%.10g", x)) : .null
    }

    static func number(_ x: Int) -> JSONValue { .number(String(x)) }

    static func statistics(_ s: ExceedanceStatistics) -> JSONValue {
        .object([
            ("observations", number(s.observations)),
            ("exceedances", number(s.exceedances)),
            ("expectedExceedances", number(s.expected)),
            ("exceedanceRate", number(s.rate)),
            ("kupiecStatistic", number(s.kupiecStatistic)),
            ("kupiecPValue", number(s.kupiecPValue)),
            ("christoffersenStatistic", number(s.independenceStatistic)),
            ("christoffersenPValue", number(s.independencePValue)),
            ("conditionalCoverageStatistic", number(s.conditionalCoverageStatistic)),
            ("conditionalCoveragePValue", number(s.conditionalCoveragePValue)),
            ("transitions", .array(s.transitions.map { .array($0.map(number)) })),
        ])
    }

    static func window(_ w: Window) -> JSONValue {
        .object([
            ("start", .string(UTCDate.text(w.start))), ("end", .string(UTCDate.text(w.end))),
            ("observations", number(w.observations)), ("exceedances", number(w.exceedances)),
            ("expectedExceedances", number(w.expected)), ("zone", .string(w.zone.rawValue)),
            ("kupiecPValue", number(w.kupiecPValue)),
        ])
    }

    /// The report as JSON: the first portfolio's headline numbers at the
    /// top level, the details in named objects. Every number a JSON number,
    /// every contract parameter a decimal string (WAD integers).
    public var json: JSONValue {
        let m = margin
        let params = setup.marketParams.map { p in
            JSONValue.object(zip(ParameterBounds.market.map(\.name), p.values).map { ($0, .string($1.description)) })
        }
        let global = JSONValue.object(zip(ParameterBounds.global.map(\.name), setup.globalParams.values)
            .map { ($0, .string($1.description)) })
        let worst = worstShortfalls.first
        return .object([
            ("observations", BacktestReport.number(m.observations)),
            ("exceedances", BacktestReport.number(m.exceedances)),
            ("expectedExceedances", BacktestReport.number(m.expected)),
            ("exceedanceRate", BacktestReport.number(m.rate)),
            ("kupiecPValue", BacktestReport.number(m.kupiecPValue)),
            ("christoffersenPValue", BacktestReport.number(m.independencePValue)),
            ("conditionalCoveragePValue", BacktestReport.number(m.conditionalCoveragePValue)),
            ("meanMarginRatio", BacktestReport.number(capital.meanMarginRatio)),
            ("exceedanceProbability", BacktestReport.number(probability)),
            ("zScore", BacktestReport.number(zScore)),
            ("adaptiveZCeiling", adaptiveZCeiling.map(BacktestReport.number) ?? .null),
            ("horizonSeconds", BacktestReport.number(Int(setup.horizon))),
            ("firstDate", .string(UTCDate.text(firstTime))),
            ("lastDate", .string(UTCDate.text(lastTime))),
            ("steps", BacktestReport.number(steps)),
            ("warmUp", BacktestReport.number(setup.warmUp)),
            ("series", .array(setup.series.map { s in
                .object([
                    ("name", .string(s.name)), ("timeColumn", .string(s.timeColumn)), ("priceColumn", .string(s.priceColumn)),
                    ("observations", BacktestReport.number(s.observations.count)),
                    ("samplingIntervalSeconds", BacktestReport.number(Int(s.samplingInterval))),
                    ("gaps", .array(s.gaps.map { g in
                        .object([("line", BacktestReport.number(g.line)), ("date", g.time.map { .string(UTCDate.text($0)) } ?? .null),
                                 ("value", .string(g.value))])
                    })),
                ])
            })),
            ("portfolio", .array(setup.legs.map { leg in
                .object([("market", BacktestReport.number(leg.market)), ("side", .string(leg.side.rawValue)),
                         ("notional", .string(leg.notional.description))])
            })),
            ("marketParams", .array(params)),
            ("globalParams", global),
            ("insuranceFund", .string(setup.insuranceFund.description)),
            ("correlation", .string(setup.correlation.description)),
            ("correlationCalls", .array(correlationCalls.map { c in
                .object([("date", .string(UTCDate.text(c.time))), ("marketA", BacktestReport.number(c.marketA)),
                         ("marketB", BacktestReport.number(c.marketB)), ("correlation", .string(c.correlation.description))])
            })),
            ("margin", BacktestReport.statistics(margin)),
            ("valueAtRisk", BacktestReport.statistics(valueAtRisk)),
            ("capital", .object([
                ("meanMarginRatio", BacktestReport.number(capital.meanMarginRatio)),
                ("medianMarginRatio", BacktestReport.number(capital.medianMarginRatio)),
                ("p99MarginRatio", BacktestReport.number(capital.p99MarginRatio)),
                ("equivalentStaticRatio", BacktestReport.number(capital.equivalentStaticRatio)),
                ("capitalEfficiency", BacktestReport.number(capital.capitalEfficiency)),
                ("staticMargins", .array(capital.staticMargins.map {
                    .object([("ratio", .string($0.ratio.description)), ("exceedances", BacktestReport.number($0.exceedances))])
                })),
            ])),
            ("window", BacktestReport.number(setup.window)),
            ("windows", .array(windows.map(BacktestReport.window))),
            ("rollingZones", .object(BaselZone.allCases.map { ($0.rawValue, BacktestReport.number(rollingZones[$0] ?? 0)) })),
            ("worstWindow", worstWindow.map(BacktestReport.window) ?? .null),
            ("shortfall", .object([
                ("sumUSD", BacktestReport.number(shortfallSumUSD)),
                ("sumFractionOfMargin", BacktestReport.number(shortfallSumFractionOfMargin)),
                ("worstUSD", BacktestReport.number(worst?.shortfallUSD ?? 0)),
                ("worstFractionOfMargin", BacktestReport.number(worst?.fractionOfMargin ?? 0)),
                ("worst", .array(worstShortfalls.map { s in
                    .object([
                        ("date", .string(UTCDate.text(s.time))), ("lossUSD", BacktestReport.number(s.lossUSD)),
                        ("marginUSD", BacktestReport.number(s.marginUSD)), ("shortfallUSD", BacktestReport.number(s.shortfallUSD)),
                        ("fractionOfMargin", BacktestReport.number(s.fractionOfMargin)),
                        ("priceChanges", .array(s.priceChanges.map(BacktestReport.number))),
                        ("breakerActive", .bool(s.breakerActive)),
                        ("breakerTrippedWithinHorizon", .bool(s.breakerTrippedWithinHorizon)),
                        ("stressMultiplier", BacktestReport.number(s.stressMultiplier)),
                    ])
                })),
            ])),
            ("breaker", .object([("activeSteps", BacktestReport.number(breakerActiveSteps)),
                                 ("trips", BacktestReport.number(breakerTrips))])),
            ("stressMultiplier", .object([("min", BacktestReport.number(stressRange.0)),
                                          ("max", BacktestReport.number(stressRange.1))])),
        ])
    }
}
