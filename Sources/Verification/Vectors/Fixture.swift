import EVMArithmetic
import MarginEngine

/// The standard deployment, assets and markets the vector cases start from.
enum Fixture {
    static func wad(_ units: UInt64) -> UInt256 { UInt256(units) &* UInt256.wad }
    /// x · 10^-n in WAD: fraction(25, 2) = 0.25.
    static func fraction(_ x: UInt64, _ n: Int) -> UInt256 { UInt256(x) &* Constants.pow10(18 - n) }

    static let globalParams = GlobalParams(
        nettingFloor: fraction(3, 1), stressGamma: wad(1), insuranceTarget: .zero, imBuffer: fraction(5, 1),
        maxOracleAge: 600, priceBand: fraction(2, 2), feeRatio: fraction(5, 4), closeFactor: fraction(5, 1),
        deepUnderwaterRatio: fraction(5, 1), penaltyRatio: fraction(2, 2), liquidatorShare: fraction(5, 1))

    /// (decimals, weight, price): USDC, WETH, and USD18 (18 decimals, weight 1, 1 USD) for exact equity.
    static let assets: [(UInt256, UInt256, UInt256)] = [
        (6, wad(1), wad(1)), (18, fraction(8, 1), wad(2000)), (18, wad(1), wad(1)), (8, fraction(7, 1), wad(40000)),
    ]

    static let marketPrices: [UInt256] = [wad(2000), wad(40000), wad(150), wad(15), wad(30), wad(1), wad(2), wad(5)]
    static let variances: [UInt256] = [2_000_000_000, 1_500_000_000, 4_000_000_000, 3_000_000_000,
                                       3_000_000_000, 5_000_000_000, 5_000_000_000, 5_000_000_000]

    static func params(depth: UInt256) -> MarketParams {
        MarketParams(baseMarginRatio: fraction(1, 2), zScore: fraction(233, 2), liquidationHorizon: 3600,
                     impactCoefficient: fraction(1, 1), liquidityDepth: depth, breakerThreshold: fraction(1, 1),
                     breakerCooldown: 1800, breakerMultiplier: wad(2), ewmaLambda: fraction(94, 2))
    }

    /// Beta 0.6, alpha 0.2, omega 2e9: a long-run level of 1e10 WAD per
    /// second, with room for every single-weight guardrail move to pass
    /// requireGarch; an observation a minute, so an hour's horizon is 60
    /// forecast steps.
    static func garch(_ p: MarketParams) -> MarketParams {
        var q = p
        q.garchBeta = fraction(6, 1); q.garchAlpha = fraction(2, 1); q.garchOmega = 2_000_000_000
        q.oracleCadence = 60
        return q
    }

    /// `values` with value k changed, the other GARCH weights moved as little
    /// as needed to pass requireGarch (alpha + beta <= WAD, omega = 0 at WAD).
    static func admissible(_ values: [UInt256], setting k: Int, to v: UInt256) -> [UInt256] {
        var out = values
        out[k] = v
        let beta = MarketParams.garchBetaIndex, alpha = MarketParams.garchAlphaIndex, omega = MarketParams.garchOmegaIndex
        if k == beta || k == alpha, out[k] <= .wad {
            let other = k == beta ? alpha : beta
            out[other] = min(out[other], UInt256.wad &- out[k])
        }
        if out[beta] &+ out[alpha] == .wad, !out[omega].isZero {
            if k != omega {
                out[omega] = .zero
            } else {
                // Make room for omega: lower the larger weight by its minStep.
                let larger = out[beta] >= out[alpha] ? beta : alpha
                out[larger] = out[larger] &- min(out[larger], Constants.pow10(16))
            }
        }
        return out
    }

    /// Market 1 runs a GARCH(1,1) with a long-run level; the others run
    /// Spec 1.0's EWMA (lambda 0.94).
    static let marketParams: [MarketParams] = [
        params(depth: wad(5_000_000)), garch(params(depth: wad(20_000_000))), params(depth: wad(2_000_000)),
        params(depth: wad(1_000_000)), params(depth: wad(1_000_000)), params(depth: wad(1_000_000)),
        params(depth: wad(1_000_000)), params(depth: wad(1_000_000)),
    ]
}
