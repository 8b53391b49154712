import EVMArithmetic
import MarginEngine

/// One account's margin at one time: the `marginBreakdown` view plus the
/// per-position terms, for `margin eval`; `json` is the output format of
/// Spec/eval-state-format.md.
public struct AccountEvaluation: Sendable {
    public struct PositionLine: Sendable {
        public let market: Int
        public let size: Int256
        public let terms: PositionTerms
        public let unrealisedPnl: Int256
        public let adlScore: Int256
    }

    public let address: Address
    public let breakdown: MarginBreakdown
    public let liquidatable: Bool
    public let positions: [PositionLine]

    /// Evaluates the margin.md functions; throws only for a state outside
    /// the in-bounds set, which the state file's validation excludes.
    public init(_ state: EngineState, _ address: Address, at now: UInt256) throws {
        self.address = address
        breakdown = try state.marginBreakdown(address, now: now)
        liquidatable = try state.isLiquidatable(address, now: now)
        var lines: [PositionLine] = []
        let account = state.account(address)
        for m in 0..<state.marketCount where !account.positions[m].size.isZero {
            lines.append(PositionLine(
                market: m, size: account.positions[m].size,
                terms: try state.positionTerms(address, m, now: now),
                unrealisedPnl: try state.unrealisedPnl(address, m),
                adlScore: try state.adlScore(address, m)))
        }
        positions = lines
    }

    public var json: JSONValue {
        func u(_ x: UInt256) -> JSONValue { .string(x.description) }
        func i(_ x: Int256) -> JSONValue { .string(x.description) }
        let b = breakdown
        return .object([
            ("address", .string(address.description)),
            ("equity", i(b.equity)),
            ("collateralValue", u(b.collateralValue)),
            ("sumBase", u(b.sumBase)),
            ("sumImpact", u(b.sumImpact)),
            ("sumRisk", u(b.sumRisk)),
            ("quadraticVaR", u(b.quadraticVaR)),
            ("nettingFloorVaR", u(b.nettingFloorVaR)),
            ("portfolioVaR", u(b.portfolioVaR)),
            ("stressMultiplier", u(b.stressMultiplier)),
            ("maintenanceMargin", u(b.maintenanceMargin)),
            ("initialMargin", u(b.initialMargin)),
            ("tierDiscount", u(b.tierDiscount)),
            ("liquidatable", .bool(liquidatable)),
            ("positions", .array(positions.map { p in
                .object([
                    ("market", .string(String(p.market))),
                    ("size", i(p.size)),
                    ("notional", u(p.terms.notional)),
                    ("horizonVolatility", u(p.terms.horizonVolatility)),
                    ("z", u(p.terms.z)),
                    ("risk", u(p.terms.risk)),
                    ("base", u(p.terms.base)),
                    ("effectiveDepth", u(p.terms.effectiveDepth)),
                    ("impact", u(p.terms.impact)),
                    ("unrealisedPnl", i(p.unrealisedPnl)),
                    ("adlScore", i(p.adlScore)),
                ])
            })),
        ])
    }
}
