import ContractIO
import Foundation

/// The sweep as text (one row per setting) and as JSON.
public enum BacktestSweepReport {
    public static func text(_ sweep: BacktestSweep) -> String {
        var out = [String(format: "Sweep: %d settings against %.2f %% coverage (Kupiec at %.2f)", sweep.points.count,
                          (1 - sweep.targetProbability) * 100, sweep.significance),
                   "  z       lambda  horizon s  base     exceedances  expected  Kupiec p  mean MM/notional  passes"]
        for p in sweep.points {
            out.append("  " + [WadDecimal.double(p.params.zScore), WadDecimal.double(p.params.garchBeta)]
                .map { BacktestReport.pad(String(format: "%.4g", $0), 6) }.joined(separator: "  ")
                + "  " + BacktestReport.pad(p.params.liquidationHorizon.description, 9)
                + "  " + BacktestReport.pad(String(format: "%.4g", WadDecimal.double(p.params.baseMarginRatio)), 7)
                + String(format: "  %11d  %8.1f  ", p.exceedances, p.expected) + BacktestReport.pad(BacktestReport.p(p.kupiecPValue), 8)
                + "  " + BacktestReport.pad(BacktestReport.percent(p.meanMarginRatio), 16) + "  " + (p.passes ? "yes" : "no"))
        }
        if let best = sweep.cheapestPassing {
            out.append(String(format: "Cheapest passing: z %.4g, lambda %.4g, horizon %@ s, base %.4g: mean MM %@ of notional",
                              WadDecimal.double(best.params.zScore), WadDecimal.double(best.params.garchBeta),
                              best.params.liquidationHorizon.description, WadDecimal.double(best.params.baseMarginRatio),
                              BacktestReport.percent(best.meanMarginRatio)))
        } else {
            out.append("No setting passes Kupiec's test at this confidence.")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func point(_ p: BacktestSweep.Point) -> JSONValue {
        .object([
            ("zScore", .string(p.params.zScore.description)), ("ewmaLambda", .string(p.params.garchBeta.description)),
            ("liquidationHorizon", .string(p.params.liquidationHorizon.description)),
            ("baseMarginRatio", .string(p.params.baseMarginRatio.description)),
            ("observations", BacktestReport.number(p.observations)), ("exceedances", BacktestReport.number(p.exceedances)),
            ("expectedExceedances", BacktestReport.number(p.expected)), ("kupiecPValue", BacktestReport.number(p.kupiecPValue)),
            ("meanMarginRatio", BacktestReport.number(p.meanMarginRatio)), ("passes", .bool(p.passes)),
        ])
    }

    public static func json(_ sweep: BacktestSweep) -> JSONValue {
        .object([
            ("targetProbability", BacktestReport.number(sweep.targetProbability)),
            ("significance", BacktestReport.number(sweep.significance)),
            ("points", .array(sweep.points.map(point))),
            ("cheapestPassing", sweep.cheapestPassing.map(point) ?? .null),
        ])
    }
}
