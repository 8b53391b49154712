import ContractIO
import EVMArithmetic
import MarginEngine

/// Spec 1.1's effective depth (margin.md, "Effective depth"): the impact
/// term's depth falls to liquidityDepth · sqrt(vL / v) while the variance is
/// above its long-run level, never below depthFloor of it, and sits at the
/// floor while the breaker is on.
enum ThinningCases {
    typealias B = CaseBuilder

    struct Setting {
        var beta: UInt256, alpha: UInt256, omega: UInt256
        var variance: UInt256
        var depthFloor: UInt256
        var depth = Fixture.wad(100_000)
        var size = Fixture.wad(10)
    }

    static let f = Fixture.fraction
    /// Beta 0.6, alpha 0.2, omega 2e9: long-run level 1e10 WAD per second.
    static func garch(variance: UInt256, floor: UInt256 = f(25, 2)) -> Setting {
        Setting(beta: f(6, 1), alpha: f(2, 1), omega: 2_000_000_000, variance: variance, depthFloor: floor)
    }
    /// Spec 1.0's EWMA (lambda 0.94): no long-run level.
    static func ewma(variance: UInt256 = 2_000_000_000, floor: UInt256 = f(25, 2)) -> Setting {
        Setting(beta: f(94, 2), alpha: f(6, 2), omega: .zero, variance: variance, depthFloor: floor)
    }

    /// USDC, WETH and USD18, and one ETH market at 2,000 with this setting
    /// (cadence 60 s, impact coefficient 0.1).
    static func listed(_ m: Setting) -> B {
        var params = Fixture.marketParams[0]
        params.garchBeta = m.beta; params.garchAlpha = m.alpha; params.garchOmega = m.omega
        params.oracleCadence = 60; params.liquidityDepth = m.depth; params.depthFloor = m.depthFloor
        return B.oneMarket(params, variance: m.variance)
    }

    /// The same, then alice long `size` ETH against bob.
    static func opened(_ m: Setting) -> B {
        var b = listed(m)
        b.openAliceLong(m.size)
        return b
    }

    /// The same, then a 15 % move that trips the breaker (threshold 10 %).
    static func tripped(_ m: Setting) -> B {
        var b = opened(m)
        b.post(market: 0, price: Fixture.wad(2300))
        return b
    }

    static func all() -> [VectorCase] { views() + liquidation() + trade() }

    static func views() -> [VectorCase] {
        let cases: [(String, String, B, UInt64)] = [
            ("above-long-run-exact", "Variance 4e10, four times the long-run level 1e10: the depth factor is sqrt(1e10 / 4e10) = 0.5 exactly, so the impact term uses half of liquidityDepth.",
             opened(garch(variance: 40_000_000_000)), 12),
            ("above-long-run-rounds-down", "Variance 5e10: the factor isqrt(omega · WAD³ / (v · (WAD − alpha − beta))) = 0.447213595499957939 is rounded down, so the depth is thinner and the impact larger than exact.",
             opened(garch(variance: 50_000_000_000)), 12),
            ("one-wei-above-long-run", "Variance 1e10 + 1, one wei above the long-run level: v · (WAD − phi) > omega · WAD, and the factor is just below WAD.",
             opened(garch(variance: 10_000_000_001)), 12),
            ("at-long-run", "Variance equal to the long-run level 1e10: v · (WAD − phi) = omega · WAD is not above it, so the depth is liquidityDepth.",
             opened(garch(variance: 10_000_000_000)), 12),
            ("below-long-run", "Variance 1e9, below the long-run level: the depth is liquidityDepth.",
             opened(garch(variance: 1_000_000_000)), 12),
            ("floor-binds", "Variance MAX_VARIANCE (1e13): sqrt(1e10 / 1e13) = 0.0316 is below depthFloor 0.25, so the depth is a quarter of liquidityDepth.",
             opened(garch(variance: Constants.maxVariance)), 12),
            ("floor-wad-never-thins", "depthFloor 1 (WAD) at variance 1e13: the floor keeps the whole depth, Spec 1.1.0-alpha.3's impact term.",
             opened(garch(variance: Constants.maxVariance, floor: .wad)), 12),
            ("omega-zero-at-floor", "beta 0.7, alpha 0.1, omega 0: the long-run level is 0, so any variance is above it and the depth is at the floor 0.25.",
             opened(Setting(beta: f(7, 1), alpha: f(1, 1), omega: .zero, variance: 50_000_000_000, depthFloor: f(25, 2))), 12),
            ("ewma-never-thins", "Spec 1.0's EWMA (alpha + beta = WAD) at variance 1e13 without a breaker: no long-run level, so the depth is liquidityDepth.",
             opened(ewma(variance: Constants.maxVariance)), 12),
            ("breaker-at-floor", "Spec 1.0's EWMA, a 15 % move trips the breaker: while it is on, the depth is depthFloor (0.25) of liquidityDepth and the risk term is doubled.",
             tripped(ewma()), 12),
            ("breaker-over", "The same breaker 1,801 s after the trip (cooldown 1,800 s): the EWMA's depth is liquidityDepth again.",
             tripped(ewma()), 1_801),
            ("breaker-below-long-run", "omega 4e12 puts the long-run level at 2e13, above MAX_VARIANCE and so above any variance (the trip's post clamps it to 1e13): no thinning by volatility, but the breaker alone puts the depth at its floor.",
             tripped(Setting(beta: f(6, 1), alpha: f(2, 1), omega: 4_000_000_000_000, variance: 1_000_000_000, depthFloor: f(25, 2))), 12),
            ("breaker-before-volatility", "Long-run level 1e10, depthFloor 0.01: the trip's post clamps the variance to 1e13, where the volatility factor would be sqrt(1e10 / 1e13) = 0.0316, above the floor; the breaker comes first, so the depth is the floor, 0.01 of liquidityDepth.",
             tripped(garch(variance: 1_000_000_000, floor: f(1, 2))), 12),
            ("breaker-last-second", "The breaker's last second, 1,799 s after a trip with cooldown 1,800 s: now < breakerUntil, so the EWMA market's depth is at the floor 0.25.",
             tripped(ewma()), 1_799),
            ("breaker-until-is-over", "Exactly breakerUntil, 1,800 s after the trip: now < breakerUntil is false, so the EWMA market's depth is liquidityDepth again.",
             tripped(ewma()), 1_800),
            ("level-not-rounded", "beta 0.6, alpha 0.1, omega 1e9: the long-run level 1e9 / 0.3 = 3,333,333,333.3… is not a whole number, and the variance 3,333,333,334 is above it. The exact level gives the factor 0.9999999999 (not WAD, as a level rounded up to 3,333,333,334 would), so the impact is 400.00000004… instead of 400.",
             opened(Setting(beta: f(6, 1), alpha: f(1, 1), omega: 1_000_000_000, variance: 3_333_333_334, depthFloor: f(25, 2))), 12),
            ("zero-variance-zero-level", "beta 0.7, alpha 0.1, omega 0 and variance 0: v · (WAD − phi) = 0 is not above omega · WAD = 0, so the depth is liquidityDepth (a test of >= would divide 0 by 0).",
             opened(Setting(beta: f(7, 1), alpha: f(1, 1), omega: .zero, variance: .zero, depthFloor: f(25, 2))), 12),
            ("smallest-depth", "liquidityDepth 1 USD and depthFloor 0.01 (both at their lower bounds) under the breaker: the effective depth is 0.01 USD (10^16), the smallest there is, and 0.01 ETH at 2,300 USD carries 5,290 USD of impact.",
             tripped(Setting(beta: f(94, 2), alpha: f(6, 2), omega: .zero, variance: 2_000_000_000, depthFloor: f(1, 2),
                             depth: .wad, size: f(1, 2))), 12),
            // Found by mutation: a ceiling inside the square root, and a depth product that rounds up, survived every case above.
            ("factor-below-a-square", "alpha 0.389886882816080079, variance 3,164,207,377,215: omega · WAD³ / (v · (WAD − phi)) is just below (250000000000003125)², so its floor's isqrt is 250000000000003124 where the ceiling's would be …3125: the factor rounds down before the root.",
             opened(Setting(beta: f(6, 1), alpha: 389_886_882_816_080_079, omega: 2_000_000_000, variance: 3_164_207_377_215, depthFloor: f(25, 2))), 12),
            ("depth-product-rounds-down", "liquidityDepth 100,000 USD + 36 wei at variance 5e10: liquidityDepth · factor is not a multiple of WAD, and the effective depth rounds down, so the impact term is 1 wei larger than with it rounded up.",
             opened(Setting(beta: f(6, 1), alpha: f(2, 1), omega: 2_000_000_000, variance: 50_000_000_000, depthFloor: f(25, 2),
                            depth: Fixture.wad(100_000) &+ 36)), 12),
        ]
        return cases.map { name, description, b, after in
            b.finish("marginBreakdown", "thinning", name, description, call: .marginBreakdown(B.alice), from: B.keeper, after: after)
        }
    }

    /// Twins that differ only in depthFloor (WAD, and 0.25 at variance 1e12,
    /// 100 times the long-run level): alice's WETH collateral falls, then
    /// USD18 tops her up to exactly her MM at the whole depth. The twin
    /// with the whole depth is not liquidatable; the thinned one is.
    static func liquidation() -> [VectorCase] {
        // Alice's collateral is 10 WETH (weight 0.8 at 2,000 USD), deposited before the trade.
        func build(floor: UInt256) -> B {
            var b = listed(garch(variance: 1_000_000_000_000, floor: floor))
            b.run(.deposit(asset: 1, amount: Fixture.wad(10)), from: B.alice)
            b.fund(B.bob, usd: 100_000)
            b.fund(B.keeper, usd: 100_000)
            b.trade(buyer: B.alice, seller: B.bob, market: 0, size: Fixture.wad(10))
            // WETH falls to 100 USD: 800 USD of collateral value, below either MM.
            b.run(.postAssetPrice(asset: 1, price: Fixture.wad(100), timestamp: b.now &+ 12), from: B.oracle)
            return b
        }
        var whole = build(floor: .wad), thinned = build(floor: f(25, 2))
        // The top-up lands 12 s on and the call 12 s after it: evaluate MM then.
        guard let m = whole.margin(B.alice, after: 24), let t = thinned.margin(B.alice, after: 24),
              !m.equity.isNegative, m.equity.bitPattern < m.maintenanceMargin,
              m.maintenanceMargin < t.maintenanceMargin, m.equity == t.equity else { return [] }
        let gap = m.maintenanceMargin &- m.equity.bitPattern
        whole.fundWei(B.alice, gap)
        thinned.fundWei(B.alice, gap)
        let call = EngineCall.liquidate(account: B.alice, market: 0, size: Fixture.wad(1))
        return [
            whole.finish("isLiquidatable", "thinning", "whole-depth-at-mm", "depthFloor WAD at variance 1e12: alice's equity is exactly her MM, so she is not liquidatable (the twin of thinned-depth-below-mm).",
                         call: .isLiquidatable(B.alice), from: B.keeper, expect: .success),
            thinned.finish("isLiquidatable", "thinning", "thinned-depth-below-mm", "The same account and equity with depthFloor 0.25: the depth thins to a quarter (sqrt(1e10 / 1e12) = 0.1 is below the floor), the impact term quadruples, and the account is liquidatable.",
                           call: .isLiquidatable(B.alice), from: B.keeper, expect: .success),
            whole.finish("liquidate", "thinning", "whole-depth-not-liquidatable", "At the whole depth the account is exactly at MM: NotLiquidatable(account, equity, MM).",
                         call: call, from: B.keeper, expect: .revert("NotLiquidatable")),
            thinned.finish("liquidate", "thinning", "thinned-depth-liquidated", "At the thinned depth the same account is below MM: a keeper liquidates 1 ETH.",
                           call: call, from: B.keeper, expect: .success),
        ]
    }

    /// Twins that differ only in depthFloor (WAD, and 0.25 at variance 1e12):
    /// alice holds the smallest USD18 deposit with which buying 10 ETH meets
    /// IM at the whole depth. The trade's IM check uses the thinned depth, so
    /// the same trade in the thinned twin is refused.
    static func trade() -> [VectorCase] {
        func build(floor: UInt256) -> B {
            var b = listed(garch(variance: 1_000_000_000_000, floor: floor))
            b.fund(B.bob, usd: 100_000)
            return b
        }
        let call = EngineCall.settleTrade(buyer: B.alice, seller: B.bob, market: 0, size: Fixture.wad(10), price: Fixture.wad(2000))
        var whole = build(floor: .wad), thinned = build(floor: f(25, 2))
        // The deposit lands 12 s on and the trade 12 s after it.
        let need = whole.smallestTopUp(B.alice, below: Fixture.wad(100_000)) { b in
            if case .success = b.probe(call, from: B.exchange) { return true }
            return false
        }
        whole.fundWei(B.alice, need)
        thinned.fundWei(B.alice, need)
        return [
            whole.finish("settleTrade", "thinning", "whole-depth-meets-im", "depthFloor WAD at variance 1e12: alice holds the smallest deposit with which buying 10 ETH meets IM (the twin of thinned-depth-misses-im).",
                         call: call, from: B.exchange, expect: .success),
            thinned.finish("settleTrade", "thinning", "thinned-depth-misses-im", "The same deposit and trade with depthFloor 0.25: IM uses the thinned depth (a quarter of liquidityDepth), the impact term quadruples, and the trade reverts InsufficientMargin for alice.",
                           call: call, from: B.exchange, expect: .revert("InsufficientMargin")),
        ]
    }
}
