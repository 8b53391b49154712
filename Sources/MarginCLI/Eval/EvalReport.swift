import ContractIO
import Verification
import EVMArithmetic
import MarginEngine

/// The human-readable form of `margin eval`.
enum EvalReport {
    static func text(_ evaluations: [AccountEvaluation], file: StateFile, at now: UInt256, source: String) -> String {
        var out: [String] = []
        let stress = evaluations.first?.breakdown.stressMultiplier
        out.append("MarginEngine \(StateFile.specVersion) margin of \(evaluations.count) account(s) in \(source) at timestamp \(now)")
        out.append("insurance fund \(WadFormat.unsigned(file.state.insuranceFund)) USD"
            + (stress.map { ", stress multiplier \(WadFormat.unsigned($0))" } ?? ""))
        out.append("")

        var summary = TextTable(["account", "equity", "maintenance", "initial", "MM cover", "liquidatable"])
        for e in evaluations {
            let b = e.breakdown
            summary.add([
                e.address.description, WadFormat.signed(b.equity), WadFormat.unsigned(b.maintenanceMargin),
                WadFormat.unsigned(b.initialMargin), cover(b.equity, b.maintenanceMargin),
                e.liquidatable ? "YES" : "no",
            ])
        }
        out.append(summary.render())

        for e in evaluations {
            let b = e.breakdown
            out.append("")
            out.append("\(e.address)" + (e.liquidatable ? "  LIQUIDATABLE: equity < maintenance margin" : ""))
            var terms = TextTable(["term", "value"])
            terms.add(["collateral value (haircut)", WadFormat.unsigned(b.collateralValue)])
            terms.add(["equity", WadFormat.signed(b.equity)])
            terms.add(["sum of base margins", WadFormat.unsigned(b.sumBase)])
            terms.add(["sum of impact (slippage)", WadFormat.unsigned(b.sumImpact)])
            terms.add(["sum of risks", WadFormat.unsigned(b.sumRisk)])
            terms.add(["quadratic VaR (correlated)", WadFormat.unsigned(b.quadraticVaR)])
            terms.add(["netting floor VaR", WadFormat.unsigned(b.nettingFloorVaR)])
            terms.add(["portfolio VaR", WadFormat.unsigned(b.portfolioVaR)])
            terms.add(["identity-tier discount of the VaR", WadFormat.unsigned(b.tierDiscount)])
            terms.add(["stress multiplier", WadFormat.unsigned(b.stressMultiplier)])
            terms.add(["maintenance margin", WadFormat.unsigned(b.maintenanceMargin)])
            terms.add(["initial margin", WadFormat.unsigned(b.initialMargin)])
            out.append(terms.render(indent: "  "))
            if !e.positions.isEmpty {
                out.append("")
                var positions = TextTable(["market", "size", "notional", "horizon vol", "z", "risk", "base", "depth",
                                           "impact", "unrealised PnL", "ADL score"])
                for p in e.positions {
                    let breaker = now < file.state.markets[p.market].breakerUntil ? " (breaker)" : ""
                    positions.add([
                        "\(p.market)\(breaker)", WadFormat.signed(p.size), WadFormat.unsigned(p.terms.notional),
                        WadFormat.unsigned(p.terms.horizonVolatility), WadFormat.unsigned(p.terms.z),
                        WadFormat.unsigned(p.terms.risk),
                        WadFormat.unsigned(p.terms.base), WadFormat.unsigned(p.terms.effectiveDepth),
                        WadFormat.unsigned(p.terms.impact),
                        WadFormat.signed(p.unrealisedPnl), WadFormat.signed(p.adlScore),
                    ])
                }
                out.append(positions.render(indent: "  "))
            }
        }
        return out.joined(separator: "\n")
    }

    /// equity / MM as a percentage with one decimal, "-" without margin.
    private static func cover(_ equity: Int256, _ mm: UInt256) -> String {
        guard !mm.isZero else { return "-" }
        // Display only: truncated per-mille of |equity| / MM.
        guard let perMille = try? UInt256.mulDiv(equity.magnitude, 1000, mm) else { return ">>" }
        let text = "\(EVM.div(perMille, 10)).\(EVM.mod(perMille, 10))%"
        return equity.isNegative ? "-" + text : text
    }
}
