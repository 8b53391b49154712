// Spec/margin.md recomputed in arbitrary precision (GMP mpz) with the
// Spec's rounding at each step. In an in-bounds state no step overflows
// (arithmetic.md, overflow proof), so the oracle needs no 256-bit limits and
// must agree with the model to the wei.
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic

/// The per-position terms of margin.md, exactly as the Spec rounds them.
struct OracleTerms: CustomStringConvertible {
    var notional: MPZ, horizonVolatility: MPZ, risk: MPZ, base: MPZ, effectiveDepth: MPZ, impact: MPZ

    var description: String {
        "N=\(notional) hv=\(horizonVolatility) r=\(risk) base=\(base) depth=\(effectiveDepth) impact=\(impact)"
    }
}

/// The marginBreakdown fields, exactly as the Spec rounds them.
struct OracleBreakdown: CustomStringConvertible {
    var equity: MPZ, collateralValue: MPZ, sumBase: MPZ, sumImpact: MPZ, sumRisk: MPZ
    var quadraticVaR: MPZ, nettingFloorVaR: MPZ, portfolioVaR: MPZ, stressMultiplier: MPZ
    var maintenanceMargin: MPZ, initialMargin: MPZ, tierDiscount: MPZ
    /// Q before the clamp, and sqrtUp(max(Q, 0)) before the cap at sumRisk.
    var q: MPZ, uncappedVaR: MPZ

    var description: String {
        "E=\(equity) C=\(collateralValue) base=\(sumBase) impact=\(sumImpact) risk=\(sumRisk) Q=\(q) "
            + "qVaR=\(quadraticVaR) nf=\(nettingFloorVaR) VaR=\(portfolioVaR) S=\(stressMultiplier) "
            + "MM=\(maintenanceMargin) IM=\(initialMargin) d=\(tierDiscount)"
    }

    /// Whether the model's breakdown has the same value in every field.
    func matches(_ b: MarginBreakdown) -> Bool {
        equity == b.equity.exact && collateralValue == b.collateralValue.exact && sumBase == b.sumBase.exact
            && sumImpact == b.sumImpact.exact && sumRisk == b.sumRisk.exact && quadraticVaR == b.quadraticVaR.exact
            && nettingFloorVaR == b.nettingFloorVaR.exact && portfolioVaR == b.portfolioVaR.exact
            && stressMultiplier == b.stressMultiplier.exact && maintenanceMargin == b.maintenanceMargin.exact
            && initialMargin == b.initialMargin.exact && tierDiscount == b.tierDiscount.exact
    }
}

enum MarginOracle {
    static func ceil(_ a: MPZ, _ d: MPZ) -> MPZ { a.ceilingDivision(by: d) }
    static func floor(_ a: MPZ, _ d: MPZ) -> MPZ { a.flooredDivision(by: d) }

    /// collateralValue: Σ floor(floor(amount·10^(18-dec)·price / WAD)·weight / WAD).
    static func collateralValue(_ s: EngineState, _ account: Address) -> MPZ {
        var total = MPZ.zero
        for (a, asset) in s.assets.enumerated() {
            let amount = s.account(account).collateral[a].exact
            let scale = MPZ.power(10, UInt(18 - Int(asset.decimals.uint64Value!)))
            let usd = floor(amount * scale * asset.price.exact, WAD)
            total = total + floor(usd * asset.weight.exact, WAD)
        }
        return total
    }

    /// valueAt: floor(size·price / WAD), toward -infinity.
    static func valueAt(_ size: Int256, _ price: UInt256) -> MPZ {
        floor(size.exact * price.exact, WAD)
    }

    /// costAt: ceil(delta·price / WAD), toward +infinity.
    static func costAt(_ delta: Int256, _ price: UInt256) -> MPZ {
        ceil(delta.exact * price.exact, WAD)
    }

    static func unrealisedPnl(_ s: EngineState, _ account: Address, _ m: Int) -> MPZ {
        let p = s.account(account).positions[m]
        if p.size.isZero { return .zero }
        return valueAt(p.size, s.markets[m].price) - p.openNotional.exact
    }

    static func equity(_ s: EngineState, _ account: Address) -> MPZ {
        var e = collateralValue(s, account) + s.account(account).cash.exact
        for m in 0..<s.marketCount { e = e + unrealisedPnl(s, account, m) }
        return e
    }

    /// S = WAD + ceil(γ·ceil((target - fund)·WAD / target) / WAD).
    static func stressMultiplier(_ s: EngineState) -> MPZ {
        let target = s.globalParams.insuranceTarget.exact, fund = s.insuranceFund.exact
        var f = MPZ.zero
        if target.signum != 0 && fund < target { f = ceil((target - fund) * WAD, target) }
        return WAD + ceil(s.globalParams.stressGamma.exact * f, WAD)
    }

    /// The oracle age used in the margin: min(now - priceTime, 30 days).
    static func age(_ market: Market, now: UInt256) -> MPZ {
        let age = now.exact - market.priceTime.exact
        let cap = MPZ(2_592_000 as UInt)
        return age < cap ? age : cap
    }

    /// margin.md horizonVariance, step by step over MPZ (no overflow to model:
    /// the Spec shows none is possible).
    static func horizonVariance(_ p: MarketParams, variance v: MPZ, _ t: MPZ) -> MPZ {
        let c = p.oracleCadence.exact
        let phi = p.garchAlpha.exact + p.garchBeta.exact
        if phi == WAD || t <= c { return v * t }                                   // 1
        let gap = WAD - phi
        let longRun = min(ceil(p.garchOmega.exact * WAD, gap), MPZ(pow10(13)))      // 2
        if v == longRun { return v * t }                                          // 3
        let n = floor(t - MPZ.one, c)                                             // 4
        let r = v > longRun ? WAD - MPZ.one : MPZ.zero                            // 5
        var sum = MPZ.zero, power = WAD                                           // 6
        for i in 0..<22 {                                                         // 7
            sum = sum + floor(power * sum + r, WAD)
            power = floor(power * power + r, WAD)
            if n.bit(21 - i) {
                sum = sum + power
                power = floor(power * phi + r, WAD)
            }
        }
        let w = c * sum + (t - n * c) * power                                     // 8
        if v > longRun { return t * longRun + floor((v - longRun) * w + WAD - MPZ.one, WAD) }   // 9
        return t * longRun - floor((longRun - v) * w, WAD)
    }

    /// margin.md effectiveDepth, step by step over MPZ.
    static func effectiveDepth(_ market: Market, now: UInt256) -> MPZ {
        let p = market.params
        var f = WAD                                                               // 1
        let phi = p.garchAlpha.exact + p.garchBeta.exact
        if now < market.breakerUntil {
            f = p.depthFloor.exact                                                // 2
        } else if phi < WAD {
            let scaled = market.variance.exact * (WAD - phi), level = p.garchOmega.exact * WAD
            if scaled > level {                                                   // 3
                f = max(floor(level * WAD * WAD, scaled).flooredSquareRoot, p.depthFloor.exact)   // 4
            }
        }
        return floor(p.liquidityDepth.exact * f, WAD)                             // 5
    }

    static func terms(_ s: EngineState, _ account: Address, _ m: Int, now: UInt256) -> OracleTerms {
        let size = s.account(account).positions[m].size
        let market = s.markets[m], params = market.params
        let n = ceil(size.exact.magnitude * market.price.exact, WAD)
        let t = params.liquidationHorizon.exact + age(market, now: now)
        let hv = (horizonVariance(params, variance: market.variance.exact, t) * WAD).ceilingSquareRoot
        let z = size.signum > 0 ? market.zLong.exact : market.zShort.exact                // the side's adaptive z
        var r = ceil(ceil(n * z, WAD) * hv, WAD)
        if now < market.breakerUntil { r = ceil(r * params.breakerMultiplier.exact, WAD) }
        let base = ceil(n * params.baseMarginRatio.exact, WAD)
        let depth = effectiveDepth(market, now: now)
        let impact = ceil(ceil(n * params.impactCoefficient.exact, WAD) * n, depth)
        return OracleTerms(notional: n, horizonVolatility: hv, risk: r, base: base, effectiveDepth: depth, impact: impact)
    }

    /// correlationTerm: ceil(|si||ρ|/WAD)·|sj| when the sign is positive, -floor(|si||ρ|/WAD)·|sj| when negative.
    static func correlationTerm(_ si: MPZ, _ rho: MPZ, _ sj: MPZ) -> MPZ {
        if si.signum == 0 || rho.signum == 0 || sj.signum == 0 { return .zero }
        let a = si.magnitude * rho.magnitude
        if si.signum * rho.signum * sj.signum < 0 { return -(floor(a, WAD) * sj.magnitude) }
        return ceil(a, WAD) * sj.magnitude
    }

    static func breakdown(_ s: EngineState, _ account: Address, now: UInt256) -> OracleBreakdown {
        let stress = stressMultiplier(s)
        var sumBase = MPZ.zero, sumImpact = MPZ.zero, sumRisk = MPZ.zero
        var signed = [MPZ](repeating: .zero, count: s.marketCount)
        for m in 0..<s.marketCount {
            let size = s.account(account).positions[m].size
            if size.isZero { continue }
            let t = terms(s, account, m, now: now)
            sumBase = sumBase + t.base
            sumImpact = sumImpact + t.impact
            sumRisk = sumRisk + t.risk
            signed[m] = size.isNegative ? -t.risk : t.risk
        }
        var q = MPZ.zero
        for i in 0..<s.marketCount {
            for j in 0..<s.marketCount {
                q = q + correlationTerm(signed[i], s.correlation[i][j].exact, signed[j])
            }
        }
        let uncapped = q.signum > 0 ? q.ceilingSquareRoot : MPZ.zero
        let quadratic = uncapped < sumRisk ? uncapped : sumRisk
        let floorVaR = ceil(sumRisk * s.globalParams.nettingFloor.exact, WAD)
        let portfolio = quadratic > floorVaR ? quadratic : floorVaR
        // The tier discount, as margin.md states its effect: VaR · (WAD − d) / WAD rounded up.
        let attestation = s.account(account).attestation
        let live = now < attestation.expiry && attestation.tier >= 1 && attestation.tier <= 3
        let discount = live ? s.tierParams.values[Int(attestation.tier.w0)].exact : MPZ.zero
        let mm = ceil((sumBase + sumImpact + ceil(portfolio * (WAD - discount), WAD)) * stress, WAD)
        let im = ceil(mm * (WAD + s.globalParams.imBuffer.exact), WAD)
        return OracleBreakdown(
            equity: equity(s, account), collateralValue: collateralValue(s, account), sumBase: sumBase,
            sumImpact: sumImpact, sumRisk: sumRisk, quadraticVaR: quadratic, nettingFloorVaR: floorVaR,
            portfolioVaR: portfolio, stressMultiplier: stress, maintenanceMargin: mm, initialMargin: im,
            tierDiscount: discount, q: q, uncappedVaR: uncapped)
    }
}
