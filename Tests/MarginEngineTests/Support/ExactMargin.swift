// The margin over the rationals, with real square roots and no rounding
// (invariants.md, `rounding-favours-protocol`): the same formulas and caps on
// the same stored inputs. Rational parts are exact fractions; the parts under
// a square root are enclosed in intervals of width 1/D with D = WAD^4 · 2^256,
// so a value whose exact form is a fraction with a power-of-WAD denominator
// is a point, and comparisons are decided unless two numbers agree to 10^-95.
@testable import MarginEngine
import EVMArithmetic
import GMPOracle

/// An exact fraction num/den with den > 0.
struct Fraction: CustomStringConvertible {
    let num: MPZ, den: MPZ

    init(_ num: MPZ, _ den: MPZ = .one) {
        precondition(den.signum != 0)
        if den.signum < 0 { self.num = -num; self.den = -den } else { self.num = num; self.den = den }
    }

    static func + (a: Fraction, b: Fraction) -> Fraction { Fraction(a.num * b.den + b.num * a.den, a.den * b.den) }
    static func - (a: Fraction, b: Fraction) -> Fraction { Fraction(a.num * b.den - b.num * a.den, a.den * b.den) }
    static func * (a: Fraction, b: Fraction) -> Fraction { Fraction(a.num * b.num, a.den * b.den) }
    static func / (a: Fraction, b: Fraction) -> Fraction { Fraction(a.num * b.den, a.den * b.num) }

    /// a <= b, exactly.
    static func <= (a: Fraction, b: Fraction) -> Bool { a.num * b.den <= b.num * a.den }

    var description: String { "\(num)/\(den)" }
}

/// A real number x known to lie in [lo/D, hi/D].
struct Enclosure: CustomStringConvertible {
    var lo: MPZ, hi: MPZ

    static var zero: Enclosure { Enclosure(lo: .zero, hi: .zero) }

    var description: String { "[\(lo), \(hi)]/D" }
}

/// How an integer compares with an exact real known only by an enclosure.
enum Decision: Equatable { case holds, fails, undecided }

enum ExactMargin {
    nonisolated(unsafe) static let d = MPZ.power(10, 72) * MPZ.twoTo(256)

    /// The exact per-position risk r = |size|·p·z·sqrt(var·T·WAD)/WAD^3 (·bm/WAD), enclosed.
    static func risk(_ s: EngineState, _ account: Address, _ m: Int, now: UInt256) -> Enclosure {
        let market = s.markets[m], params = market.params
        let size = s.account(account).positions[m].size
        let x = market.variance.exact * (params.liquidationHorizon.exact + MarginOracle.age(market, now: now)) * WAD
        var num = size.exact.magnitude * market.price.exact * params.zScore.exact
        var den = WAD * WAD * WAD
        if now < market.breakerUntil { num = num * params.breakerMultiplier.exact; den = den * WAD }
        let root = x * d * d
        return Enclosure(lo: MPZ.floorMulDiv(num, root.squareRoot, den),
                         hi: MPZ.ceilingMulDiv(num, root.ceilingSquareRoot, den))
    }

    /// The exact portfolio VaR max(min(sqrt(max(Q, 0)), Σr), nettingFloor·Σr), enclosed.
    static func portfolioVaR(_ s: EngineState, _ account: Address, now: UInt256) -> Enclosure {
        var risks: [(Int, Enclosure)] = []
        var sum = Enclosure.zero
        for m in 0..<s.marketCount where !s.account(account).positions[m].size.isZero {
            let r = risk(s, account, m, now: now)
            risks.append((m, r))
            sum = Enclosure(lo: sum.lo + r.lo, hi: sum.hi + r.hi)
        }
        var q = Enclosure.zero
        for (i, ri) in risks {
            for (j, rj) in risks {
                let rho = s.correlation[i][j]
                if rho.isZero { continue }
                let negative = (s.account(account).positions[i].size.isNegative
                    != s.account(account).positions[j].size.isNegative) != rho.isNegative
                let den = WAD * d
                let lo = MPZ.floorMulDiv(ri.lo * rj.lo, rho.exact.magnitude, den)
                let hi = MPZ.ceilingMulDiv(ri.hi * rj.hi, rho.exact.magnitude, den)
                q = negative ? Enclosure(lo: q.lo - hi, hi: q.hi - lo) : Enclosure(lo: q.lo + lo, hi: q.hi + hi)
            }
        }
        let qLo = q.lo.signum > 0 ? q.lo : .zero, qHi = q.hi.signum > 0 ? q.hi : .zero
        let root = Enclosure(lo: (qLo * d).squareRoot, hi: (qHi * d).ceilingSquareRoot)
        let quadratic = Enclosure(lo: min(root.lo, sum.lo), hi: min(root.hi, sum.hi))
        let nf = s.globalParams.nettingFloor.exact
        let floorVaR = Enclosure(lo: MPZ.floorMulDiv(sum.lo, nf, WAD), hi: MPZ.ceilingMulDiv(sum.hi, nf, WAD))
        return Enclosure(lo: max(quadratic.lo, floorVaR.lo), hi: max(quadratic.hi, floorVaR.hi))
    }

    /// Σ base + Σ impact over the rationals.
    static func baseAndImpact(_ s: EngineState, _ account: Address) -> Fraction {
        var total = Fraction(.zero)
        for m in 0..<s.marketCount {
            let size = s.account(account).positions[m].size
            if size.isZero { continue }
            let market = s.markets[m], params = market.params
            let n = Fraction(size.exact.magnitude * market.price.exact, WAD)
            total = total + n * Fraction(params.baseMarginRatio.exact, WAD)
            total = total + n * Fraction(params.impactCoefficient.exact, WAD) * n / Fraction(params.liquidityDepth.exact)
        }
        return total
    }

    /// S over the rationals: 1 + γ·(target − fund)/target, in WAD.
    static func stress(_ s: EngineState) -> Fraction {
        let target = s.globalParams.insuranceTarget.exact, fund = s.insuranceFund.exact
        guard target.signum != 0 && fund < target else { return Fraction(WAD) }
        return Fraction(WAD) + Fraction(s.globalParams.stressGamma.exact * (target - fund), target)
    }

    /// Whether `value >= exact MM × factor` where factor is WAD-scaled
    /// (WAD for MM itself, WAD + imBuffer for IM): value·WAD²/(S·factor) − Σbase − Σimpact >= VaR.
    static func covers(_ value: UInt256, factor: MPZ, _ s: EngineState, _ account: Address, now: UInt256) -> Decision {
        let slack = Fraction(value.exact * WAD * WAD) / (stress(s) * Fraction(factor)) - baseAndImpact(s, account)
        let vaR = portfolioVaR(s, account, now: now)
        // slack·D against [lo, hi].
        let scaled = slack * Fraction(d)
        if Fraction(vaR.hi) <= scaled { return .holds }
        if !(Fraction(vaR.lo) <= scaled) { return .fails }
        return .undecided
    }

    /// Equity over the rationals, times WAD^2.
    static func equityTimesWad2(_ s: EngineState, _ account: Address) -> MPZ {
        let acct = s.account(account)
        var total = acct.cash.exact * WAD * WAD
        for (a, asset) in s.assets.enumerated() {
            let scale = MPZ.power(10, UInt(18 - Int(asset.decimals.uint64Value!)))
            total = total + acct.collateral[a].exact * scale * asset.price.exact * asset.weight.exact
        }
        for m in 0..<s.marketCount where !acct.positions[m].size.isZero {
            total = total + acct.positions[m].size.exact * s.markets[m].price.exact * WAD
                - acct.positions[m].openNotional.exact * WAD * WAD
        }
        return total
    }
}
