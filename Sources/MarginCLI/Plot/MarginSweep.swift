import EVMArithmetic
import MarginEngine

/// Evaluates one account's margin while one input varies, for `margin plot`.
struct MarginSweep {
    enum Input: String, CaseIterable {
        case volatility, size, depth, price
        case oracleAge = "oracle-age"

        var axisLabel: String {
            switch self {
            case .volatility: return "daily volatility of the market (%)"
            case .size: return "position size (units)"
            case .depth: return "liquidity depth (million USD)"
            case .price: return "oracle price (USD)"
            case .oracleAge: return "oracle price age (minutes)"
            }
        }
    }

    struct Point {
        /// The varied input in the axis's unit.
        let x: Double
        let maintenance: Double
        let initial: Double
        let equity: Double
    }

    let points: [Point]
    /// The x where equity first falls below maintenance margin, if it does.
    let liquidationX: Double?
    /// The x intervals where equity < maintenance margin.
    var liquidatableIntervals: [(Double, Double)] {
        var intervals: [(Double, Double)] = []
        var start: Double?
        for (i, p) in points.enumerated() {
            let below = p.equity < p.maintenance
            if below && start == nil { start = i == 0 ? p.x : (points[i - 1].x + p.x) / 2 }
            if !below, let s = start { intervals.append((s, (points[i - 1].x + p.x) / 2)); start = nil }
        }
        if let s = start, let last = points.last { intervals.append((s, last.x)) }
        return intervals
    }
    /// The state's own value of the input.
    let currentX: Double

    /// Samples `count` values of `input` around the current one; each sample
    /// is the exact model evaluated on a modified copy of the state.
    init(state: EngineState, account: Address, market m: Int, input: Input, now: UInt256, count: Int = 121) {
        let base = state.markets[m]
        let position = state.account(account).positions[m]
        var samples: [(Double, EngineState, UInt256)] = []
        let wad = Double(sign: .plus, exponent: 0, significand: 1) * 1e18
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
                x = (Double(v.description)! / wad * 86_400).squareRoot() * 100
            case .size:
                let factor = 3 * t   // 0 to 3x the position, same sign
                let permille = UInt256(UInt64(factor * 1000))
                let size = (try? UInt256.mulDiv(position.size.magnitude, permille, 1000)) ?? .zero
                let on = (try? UInt256.mulDiv(position.openNotional.magnitude, permille, 1000)) ?? .zero
                s.updatePosition(account, m, Position(
                    size: Int256(negative: position.size.isNegative, magnitude: size) ?? .zero,
                    openNotional: Int256(negative: position.openNotional.isNegative, magnitude: on) ?? .zero))
                x = Double(size.description)! / wad * (position.size.isNegative ? -1 : 1)
            case .depth:
                let factor = 0.1 + 4.9 * t
                let depth = (try? UInt256.mulDiv(base.params.liquidityDepth, UInt256(UInt64(factor * 1000)), 1000)) ?? base.params.liquidityDepth
                s.markets[m].params.liquidityDepth = max(depth, Constants.wad)
                x = Double(s.markets[m].params.liquidityDepth.description)! / wad / 1e6
            case .price:
                let factor = 0.5 + t
                let price = (try? UInt256.mulDiv(base.price, UInt256(UInt64(factor * 10_000)), 10_000)) ?? base.price
                s.markets[m].price = max(price, Constants.minPrice)
                x = Double(s.markets[m].price.description)! / wad
            case .oracleAge:
                let age = UInt256(UInt64(t * 2 * 86_400))
                at = base.priceTime &+ age
                x = Double(age.w0) / 60
            }
            samples.append((x, s, at))
        }
        var points: [Point] = []
        for (x, s, at) in samples {
            guard let b = try? s.marginBreakdown(account, now: at) else { continue }
            points.append(Point(x: x, maintenance: MarginSweep.usd(b.maintenanceMargin),
                                initial: MarginSweep.usd(b.initialMargin), equity: MarginSweep.usd(b.equity)))
        }
        self.points = points
        var crossing: Double?
        for (a, b) in zip(points, points.dropFirst()) where (a.equity >= a.maintenance) != (b.equity >= b.maintenance) {
            // Linear interpolation between the two samples that straddle it.
            let da = a.equity - a.maintenance, db = b.equity - b.maintenance
            crossing = a.x + (b.x - a.x) * da / (da - db)
            break
        }
        if crossing == nil, let first = points.first, first.equity < first.maintenance { crossing = first.x }
        liquidationX = crossing
        switch input {
        case .volatility: currentX = (Double(base.variance.description)! / wad * 86_400).squareRoot() * 100
        case .size: currentX = Double(position.size.magnitude.description)! / wad * (position.size.isNegative ? -1 : 1)
        case .depth: currentX = Double(base.params.liquidityDepth.description)! / wad / 1e6
        case .price: currentX = Double(base.price.description)! / wad
        case .oracleAge: currentX = Double((now > base.priceTime ? now &- base.priceTime : .zero).w0) / 60
        }
    }

    /// `top · t` for t in [0, 1], in integers.
    static func scale(_ top: UInt256, _ t: Double) -> UInt256 {
        (try? UInt256.mulDiv(top, UInt256(UInt64(t * 1_000_000)), 1_000_000)) ?? top
    }

    static func usd(_ x: UInt256) -> Double { Double(x.description)! / 1e18 }
    static func usd(_ x: Int256) -> Double { Double(x.description)! / 1e18 }
}

extension EngineState {
    /// Replaces one position, for what-if evaluations outside any operation.
    mutating func updatePosition(_ address: Address, _ m: Int, _ position: Position) {
        var account = accounts[address] ?? Account()
        account.positions[m] = position
        accounts[address] = account
    }
}
