import EVMArithmetic
import MarginEngine

/// Evaluates one account's margin while one input varies, for `margin plot`:
/// what-if copies of a state, each evaluated by the exact model.
public struct MarginSweep: Sendable {
    public enum Input: String, CaseIterable, Sendable {
        case volatility, size, depth, price
        case oracleAge = "oracle-age"

        /// What the x axis shows, without its unit.
        public var quantity: String {
            switch self {
            case .volatility: return "annualised volatility"
            case .size: return "position size"
            case .depth: return "liquidity depth"
            case .price: return "oracle price"
            case .oracleAge: return "oracle price age"
            }
        }

        /// The unit of the x values, as printed after a number.
        public var unit: String {
            switch self {
            case .volatility: return "% a year"
            case .size: return "base units"
            case .depth, .price: return "USD"
            case .oracleAge: return "s"
            }
        }

        public var axisLabel: String {
            switch self {
            case .volatility: return "annualised volatility (%)"
            default: return "\(quantity) (\(unit))"
            }
        }
    }

    public struct Point: Sendable {
        /// The varied input in the axis's unit.
        public let x: Double
        public let maintenance: Double
        public let initial: Double
        public let equity: Double
        /// The model's own `isLiquidatable`: equity < maintenance margin, in integers.
        public let liquidatable: Bool
    }

    /// Where along the range the account becomes liquidatable.
    public enum Liquidation: Equatable, Sendable {
        /// Equity crosses maintenance margin at this x (between two samples, interpolated).
        case at(Double)
        /// Liquidatable at every sample.
        case wholeRange
        /// Liquidatable at no sample.
        case never
    }

    public let points: [Point]
    public let liquidation: Liquidation
    /// The state's own value of the input.
    public let currentX: Double

    /// The x intervals where the account is liquidatable, split halfway between samples.
    public var liquidatableIntervals: [(Double, Double)] {
        var intervals: [(Double, Double)] = []
        var start: Double?
        for (i, p) in points.enumerated() {
            if p.liquidatable && start == nil { start = i == 0 ? p.x : (points[i - 1].x + p.x) / 2 }
            if !p.liquidatable, let s = start { intervals.append((s, (points[i - 1].x + p.x) / 2)); start = nil }
        }
        if let s = start, let last = points.last { intervals.append((s, last.x)) }
        return intervals
    }

    /// Seconds in the 365-day year that volatility is annualised over.
    public static let secondsPerYear = 31_536_000.0

    /// Samples `count` values of `input` around the current one; each sample
    /// is the exact model evaluated on a modified copy of the state.
    public init(state: EngineState, account: Address, market m: Int, input: Input, now: UInt256, count: Int = 121) {
        let base = state.markets[m]
        let position = state.account(account).positions[m]
        var samples: [(Double, EngineState, UInt256)] = []
        for i in 0..<count {
            let t = Double(i) / Double(count - 1)
            var s = state
            var at = now
            let x: Double
            switch input {
            case .volatility:
                // variance from 0 to 4x the current (or up to a 10 % daily move if zero)
                let top = base.variance.isZero ? UInt256(1_157_407_407) : base.variance &* 4
                let v = MarginSweep.scale(top, t)
                s.markets[m].variance = v
                x = MarginSweep.annualisedVolatility(v)
            case .size:
                let factor = 3 * t   // 0 to 3x the position, same sign
                let permille = UInt256(UInt64(factor * 1000))
                let size = (try? UInt256.mulDiv(position.size.magnitude, permille, 1000)) ?? .zero
                let on = (try? UInt256.mulDiv(position.openNotional.magnitude, permille, 1000)) ?? .zero
                s.updatePosition(account, m, Position(
                    size: Int256(negative: position.size.isNegative, magnitude: size) ?? .zero,
                    openNotional: Int256(negative: position.openNotional.isNegative, magnitude: on) ?? .zero))
                x = MarginSweep.wad(size) * (position.size.isNegative ? -1 : 1)
            case .depth:
                let factor = 0.1 + 4.9 * t
                let depth = (try? UInt256.mulDiv(base.params.liquidityDepth, UInt256(UInt64(factor * 1000)), 1000)) ?? base.params.liquidityDepth
                s.markets[m].params.liquidityDepth = max(depth, Constants.wad)
                x = MarginSweep.wad(s.markets[m].params.liquidityDepth)
            case .price:
                let factor = 0.5 + t
                let price = (try? UInt256.mulDiv(base.price, UInt256(UInt64(factor * 10_000)), 10_000)) ?? base.price
                s.markets[m].price = max(price, Constants.minPrice)
                x = MarginSweep.wad(s.markets[m].price)
            case .oracleAge:
                let age = UInt256(UInt64(t * 2 * 86_400))
                at = base.priceTime &+ age
                x = Double(age.w0)
            }
            samples.append((x, s, at))
        }
        var points: [Point] = []
        for (x, s, at) in samples {
            guard let b = try? s.marginBreakdown(account, now: at),
                  let liquidatable = try? s.isLiquidatable(account, now: at) else { continue }
            points.append(Point(x: x, maintenance: MarginSweep.wad(b.maintenanceMargin),
                                initial: MarginSweep.wad(b.initialMargin), equity: MarginSweep.wad(b.equity),
                                liquidatable: liquidatable))
        }
        self.points = points
        liquidation = MarginSweep.liquidation(points)
        switch input {
        case .volatility: currentX = MarginSweep.annualisedVolatility(base.variance)
        case .size: currentX = MarginSweep.wad(position.size.magnitude) * (position.size.isNegative ? -1 : 1)
        case .depth: currentX = MarginSweep.wad(base.params.liquidityDepth)
        case .price: currentX = MarginSweep.wad(base.price)
        case .oracleAge: currentX = Double((now > base.priceTime ? now &- base.priceTime : .zero).w0)
        }
    }

    /// The first change of `isLiquidatable` between neighbouring samples, at
    /// the linear interpolation of equity − MM; the whole range or never if it does not change.
    public static func liquidation(_ points: [Point]) -> Liquidation {
        guard let first = points.first else { return .never }
        for (a, b) in zip(points, points.dropFirst()) where a.liquidatable != b.liquidatable {
            let da = a.equity - a.maintenance, db = b.equity - b.maintenance
            // Float rounding can put both on one side of zero; then take the midpoint.
            let t = (da - db) != 0 ? min(max(da / (da - db), 0), 1) : 0.5
            return .at(a.x + (b.x - a.x) * t)
        }
        return first.liquidatable ? .wholeRange : .never
    }

    /// `top · t` for t in [0, 1], in integers.
    static func scale(_ top: UInt256, _ t: Double) -> UInt256 {
        (try? UInt256.mulDiv(top, UInt256(UInt64(t * 1_000_000)), 1_000_000)) ?? top
    }

    /// `sqrt(variance / WAD · seconds a year) · 100`: the variance per second as an annualised volatility in %.
    public static func annualisedVolatility(_ variance: UInt256) -> Double {
        (wad(variance) * secondsPerYear).squareRoot() * 100
    }

    /// A WAD amount as a `Double`, for drawing.
    public static func wad(_ x: UInt256) -> Double { Double(x.description)! / 1e18 }
    public static func wad(_ x: Int256) -> Double { Double(x.description)! / 1e18 }
}

extension EngineState {
    /// Replaces one position, for what-if evaluations outside any operation.
    mutating func updatePosition(_ address: Address, _ m: Int, _ position: Position) {
        var account = accounts[address] ?? Account()
        account.positions[m] = position
        accounts[address] = account
    }
}
