// The margin of Spec/margin.md over the rationals, with real square roots and
// no rounding (invariants.md, `rounding-favours-protocol`): the same formulas
// and caps on the same stored inputs. Rational parts are exact fractions; the
// parts under a square root are enclosed at a resolution the caller picks
// (units of 1/scale), each bracket rounded away from the exact value, so a
// comparison decided by an enclosure is certain.
import EVMArithmetic
import MarginEngine

/// A real number known to lie in [low / scale, high / scale], for the scale
/// of the computation that built it.
public struct ExactInterval: Sendable, CustomStringConvertible {
    public let low: MPZ
    public let high: MPZ

    public var description: String { "[\(low), \(high)]" }
}

extension ExactInterval {
    /// The exact value `value · scale`, an integer: low == high.
    public init(point value: MPZ) {
        self.init(low: value, high: value)
    }
}

/// How an integer compares with an exact real known only by an enclosure.
public enum ExactDecision: Equatable, Sendable { case holds, fails, undecided }

/// One open position's terms of margin.md `positionTerms`, exactly.
public struct ExactPositionTerms: Sendable {
    public let market: Int
    public let isShort: Bool
    /// `|size| · price`: the exact notional times WAD.
    public let sizePrice: MPZ
    /// `V · WAD`, the square of the exact horizon volatility, enclosed in
    /// integers: `[horizonVariance, horizonVarianceHigh]`. Exact (both equal
    /// `variance · T · WAD`) where V is 1.0's; for a GARCH forecast the
    /// bounds of `exactHorizonVariance`, rounded outward.
    public let horizonVariance: MPZ
    public let horizonVarianceHigh: MPZ
    /// The exact risk is at least `sqrt(riskSquare) / riskDenominator` and at
    /// most `sqrt(riskSquareHigh) / riskDenominator`:
    /// `|size|·p·z·sqrt(V·WAD) / WAD³`, times `breakerMultiplier / WAD` while the breaker is on.
    public let riskSquare: MPZ
    public let riskSquareHigh: MPZ
    public let riskDenominator: MPZ
    /// `N · baseMarginRatio / WAD`.
    public let base: ExactRational
    /// `N · impactCoefficient / WAD · N / (liquidityDepth · f)`, f the depth
    /// factor of margin.md "Effective depth": exact where f is rational (no
    /// thinning, or the breaker's floor); a lower bound at 2^-256 of f where
    /// f = sqrt(vL / v) is not, with `impactHigh` the upper bound.
    public let impact: ExactRational
    public let impactHigh: ExactRational

    /// `|size| · price / WAD`.
    public var notional: ExactRational { ExactRational(sizePrice, .wad) }

    /// Returns `[floor(r · scale), ceil(r · scale)]` of the exact risk r.
    public func risk(scale: MPZ) -> ExactInterval {
        let scale2 = scale * scale
        return ExactInterval(low: (riskSquare * scale2).flooredSquareRoot.flooredDivision(by: riskDenominator),
                             high: (riskSquareHigh * scale2).ceilingSquareRoot.ceilingDivision(by: riskDenominator))
    }
}

public enum ExactMargin {
    /// The exact terms of the open position of `account` in market `m` at `now`
    /// (the oracle age is `min(now - priceTime, MAX_MARGIN_ORACLE_AGE)`, as in the model).
    public static func positionTerms(_ state: EngineState, _ account: Address, _ m: Int, now: UInt256) -> ExactPositionTerms {
        let W = MPZ.wad
        let market = state.markets[m], params = market.params
        let size = state.account(account).positions[m].size
        let sizePrice = MPZ(size.magnitude) * MPZ(market.price)
        let age = min(now &- market.priceTime, Constants.maxMarginOracleAge)
        let t = MPZ(params.liquidationHorizon) + MPZ(age)
        let v = exactHorizonVariance(params, variance: MPZ(market.variance), horizon: t)
        let horizonVariance = v.low.floor(times: W), horizonVarianceHigh = v.high.ceil(times: W)
        var amplitude = sizePrice * MPZ(market.z(forSize: size))
        var denominator = W * W * W
        if now < market.breakerUntil {
            amplitude = amplitude * MPZ(params.breakerMultiplier)
            denominator = denominator * W
        }
        let factor = depthFactor(market, now: now)
        let slippage = ExactRational(sizePrice * sizePrice * MPZ(params.impactCoefficient), W * W * W * MPZ(params.liquidityDepth))
        return ExactPositionTerms(
            market: m, isShort: size.isNegative, sizePrice: sizePrice,
            horizonVariance: horizonVariance, horizonVarianceHigh: horizonVarianceHigh,
            riskSquare: amplitude * amplitude * horizonVariance, riskSquareHigh: amplitude * amplitude * horizonVarianceHigh,
            riskDenominator: denominator,
            base: ExactRational(sizePrice * MPZ(params.baseMarginRatio), W * W),
            impact: slippage / factor.high, impactHigh: slippage / factor.low)
    }

    /// The depth factor f of margin.md "Effective depth" over the reals:
    /// `depthFloor / WAD` while the breaker is on; `max(sqrt(vL / v),
    /// depthFloor / WAD)` where alpha + beta < 1 and v > vL = ω / (1 − φ);
    /// else 1. The square root is enclosed at 2^-256.
    public static func depthFactor(_ market: Market, now: UInt256) -> (low: ExactRational, high: ExactRational) {
        let W = MPZ.wad, params = market.params
        let floor = ExactRational(MPZ(params.depthFloor), W)
        if now < market.breakerUntil { return (floor, floor) }
        let gap = W - MPZ(params.garchAlpha) - MPZ(params.garchBeta)
        let scaled = MPZ(market.variance) * gap, level = MPZ(params.garchOmega) * W
        guard gap > .zero && scaled > level else { return (ExactRational(.one), ExactRational(.one)) }
        let bits = 256, unit = MPZ.twoTo(bits)
        let square = level.shiftedLeft(2 * bits)       // vL / v in units of 2^-512
        let low = ExactRational(square.flooredDivision(by: scaled).flooredSquareRoot, unit)
        let high = ExactRational(square.ceilingDivision(by: scaled).ceilingSquareRoot, unit)
        return (max(low, floor), max(high, floor))
    }

    /// GARCH(1,1)'s forecast variance over `horizon` seconds (margin.md,
    /// "Horizon variance") over the reals: `T·vL + (v − vL)·(c·S_n + (T − n·c)·φ^n)`
    /// with `vL = min(ω/(1 − φ), MAX_VARIANCE)`, `S_n = (1 − φ^n)/(1 − φ)`,
    /// `n = ⌊(T − 1)/c⌋`; `v·T` when `φ = 1` or `T <= c`. φ^n (n up to 3.2e6)
    /// is enclosed in fixed point at 2^-512, so the result is an enclosure
    /// `[low, high]` a few 2^-500 wide, exact where V is 1.0's.
    public static func exactHorizonVariance(_ params: MarketParams, variance v: MPZ, horizon t: MPZ)
        -> (low: ExactRational, high: ExactRational) {
        let W = MPZ.wad, c = MPZ(params.oracleCadence)
        let phiW = MPZ(params.garchAlpha) + MPZ(params.garchBeta)
        let today = ExactRational(v * t)
        if phiW >= W || t <= c { return (today, today) }
        let gap = W - phiW
        let vL = min(ExactRational(MPZ(params.garchOmega) * W, gap), ExactRational(MPZ(Constants.maxVariance)))
        let variance = ExactRational(v)
        if variance == vL { return (today, today) }
        let n = (t - .one).flooredDivision(by: c)
        let lastStep = t - n * c
        // φ^n in units of 2^-bits, by squaring from the top bit, floored and ceiled.
        let bits = 512, unit = MPZ.one.shiftedLeft(bits)
        var powLow = unit, powHigh = unit
        let phiLow = phiW.shiftedLeft(bits).flooredDivision(by: W), phiHigh = phiW.shiftedLeft(bits).ceilingDivision(by: W)
        for i in stride(from: n.bitCount - 1, through: 0, by: -1) {
            powLow = (powLow * powLow).flooredShiftedRight(bits)
            powHigh = (powHigh * powHigh).ceilingDivision(by: unit)
            if n.bit(i) {
                powLow = (powLow * phiLow).flooredShiftedRight(bits)
                powHigh = (powHigh * phiHigh).ceilingDivision(by: unit)
            }
        }
        let phi = ExactRational(phiW, W), one = ExactRational(.one)
        func forecast(_ power: MPZ) -> ExactRational {
            let p = ExactRational(power, unit)
            let w = ExactRational(c) * (one - p) / (one - phi) + ExactRational(lastStep) * p
            return ExactRational(t) * vL + (variance - vL) * w
        }
        // dV/dφ^n = (v − vL)·(T − n·c − c/(1 − φ)), and T − n·c <= c: its sign is that of vL − v.
        let atLow = forecast(powLow), atHigh = forecast(powHigh)
        return variance > vL ? (atHigh, atLow) : (atLow, atHigh)
    }

    /// The exact terms of every open position of `account`, markets in ascending order.
    public static func openPositions(_ state: EngineState, _ account: Address, now: UInt256) -> [ExactPositionTerms] {
        (0..<state.marketCount).filter { !state.account(account).positions[$0].size.isZero }
            .map { positionTerms(state, account, $0, now: now) }
    }

    /// Equity over the rationals: Σ collateral·10^(18-dec)·price·weight / WAD² + cash
    /// + Σ (size·price / WAD − openNotional).
    public static func equity(_ state: EngineState, _ account: Address) -> ExactRational {
        let W = MPZ.wad, W2 = W * W
        let holder = state.account(account)
        var total = MPZ(holder.cash) * W2
        for a in 0..<state.assetCount where !holder.collateral[a].isZero {
            let asset = state.assets[a]
            total = total + MPZ(holder.collateral[a]) * MPZ(asset.scale) * MPZ(asset.price) * MPZ(asset.weight)
        }
        for m in 0..<state.marketCount where !holder.positions[m].size.isZero {
            total = total + MPZ(holder.positions[m].size) * MPZ(state.markets[m].price) * W
                - MPZ(holder.positions[m].openNotional) * W2
        }
        return ExactRational(total, W2)
    }

    /// The stress multiplier S over the rationals (WAD-scaled):
    /// `WAD + γ·(target − fund) / target` while the fund is short of a non-zero target, else WAD.
    public static func stressMultiplier(_ state: EngineState) -> ExactRational {
        let g = state.globalParams
        guard !g.insuranceTarget.isZero && state.insuranceFund < g.insuranceTarget else { return ExactRational(.wad) }
        let target = MPZ(g.insuranceTarget)
        return ExactRational(MPZ.wad * target + MPZ(g.stressGamma) * (target - MPZ(state.insuranceFund)), target)
    }

    /// Σ base + Σ impact over the rationals, at the low or the high end of
    /// each impact's enclosure.
    public static func baseAndImpact(_ positions: [ExactPositionTerms], high: Bool = false) -> ExactRational {
        positions.reduce(ExactRational(.zero)) { $0 + $1.base + (high ? $1.impactHigh : $1.impact) }
    }

    /// The exact portfolio VaR of margin.md step 4, `max(min(sqrt(max(Q, 0)), Σr), Σr·nettingFloor/WAD)`
    /// with `Q = Σ_i Σ_j s_i·ρ_ij·s_j / WAD`, enclosed at 1/scale: each product
    /// is bracketed against its sign, so the enclosure holds the exact value.
    /// `risks` replaces the exact risk of a market (by index) with a given enclosure.
    public static func portfolioVaR(_ positions: [ExactPositionTerms], _ state: EngineState, scale: MPZ,
                                    risks given: [Int: ExactInterval] = [:]) -> ExactInterval {
        let W = MPZ.wad
        let risks = positions.map { given[$0.market] ?? $0.risk(scale: scale) }
        let sumLow = risks.reduce(MPZ.zero) { $0 + $1.low }, sumHigh = risks.reduce(MPZ.zero) { $0 + $1.high }
        // Q in units of 1/scale².
        var qLow = MPZ.zero, qHigh = MPZ.zero
        for (i, pi) in positions.enumerated() {
            for (j, pj) in positions.enumerated() {
                let rho = state.correlation[pi.market][pj.market]
                if rho.isZero { continue }
                let negative = (pi.isShort != rho.isNegative) != pj.isShort
                let magnitude = MPZ(rho.magnitude)
                let productLow = magnitude * risks[i].low * risks[j].low
                let productHigh = magnitude * risks[i].high * risks[j].high
                if negative {
                    qLow = qLow - productHigh.ceilingDivision(by: W)
                    qHigh = qHigh - productLow.flooredDivision(by: W)
                } else {
                    qLow = qLow + productLow.flooredDivision(by: W)
                    qHigh = qHigh + productHigh.ceilingDivision(by: W)
                }
            }
        }
        let quadraticLow = min(max(qLow, .zero).flooredSquareRoot, sumLow)
        let quadraticHigh = min(max(qHigh, .zero).ceilingSquareRoot, sumHigh)
        let nettingFloor = MPZ(state.globalParams.nettingFloor)
        let floorLow = (sumLow * nettingFloor).flooredDivision(by: W)
        let floorHigh = (sumHigh * nettingFloor).ceilingDivision(by: W)
        return ExactInterval(low: max(quadraticLow, floorLow), high: max(quadraticHigh, floorHigh))
    }

    /// The exact VaR after the account's identity-tier discount (margin.md
    /// "Tier discount"): `VaR · (WAD − d) / WAD`, with d the live tier's
    /// discount, enclosed outward like `vaR`.
    public static func discounted(_ vaR: ExactInterval, _ state: EngineState, _ account: Address, now: UInt256) -> ExactInterval {
        let attestation = state.account(account).attestation
        guard attestation.isLive(at: now) else { return vaR }
        let W = MPZ.wad, keep = W - MPZ(state.tierParams.discount(ofTier: attestation.tier))
        return ExactInterval(low: (vaR.low * keep).flooredDivision(by: W), high: (vaR.high * keep).ceilingDivision(by: W))
    }

    /// Whether `value >= exact MM · factor / WAD`, where factor is WAD-scaled
    /// (WAD for MM itself, WAD + imBuffer for IM), with the VaR enclosed at
    /// 1/scale: `value·WAD² / (S·factor) − Σbase − Σimpact >= VaR`.
    public static func covers(_ value: UInt256, factor: MPZ, _ state: EngineState, _ account: Address,
                              now: UInt256, scale: MPZ) -> ExactDecision {
        let positions = openPositions(state, account, now: now)
        let W = MPZ.wad
        let budget = ExactRational(MPZ(value) * W * W) / (stressMultiplier(state) * ExactRational(factor))
        let vaR = discounted(portfolioVaR(positions, state, scale: scale), state, account, now: now)
        let scale = ExactRational(scale)
        if ExactRational(vaR.high) <= (budget - baseAndImpact(positions, high: true)) * scale { return .holds }
        if !(ExactRational(vaR.low) <= (budget - baseAndImpact(positions)) * scale) { return .fails }
        return .undecided
    }
}
