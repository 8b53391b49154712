import ContractIO
import EVMArithmetic
import MarginEngine

/// Spec 1.1's adaptive z (operations/postPrice.md, "Adaptive z"): each
/// postPrice moves the z of the side that lost up by 0.99·zStep when its
/// loss exceeded z·σ, and every other side down by 0.01·zStep, within
/// [zScore, zScore + zHeadroom]; setMarketParams keeps both in the new
/// range; the margin uses the position's own side's z.
enum AdaptiveZCases {
    typealias B = CaseBuilder

    static let f = Fixture.fraction

    /// One ETH market at 2,000 USD, variance 2e9, Spec 1.0's EWMA (lambda
    /// 0.94), with this zScore, zStep and zHeadroom; the assets listed first.
    static func listed(zScore: UInt256 = f(233, 2), step: UInt256 = f(5, 1), headroom: UInt256 = Fixture.wad(5),
                       variance: UInt256 = 2_000_000_000) -> B {
        var params = Fixture.marketParams[0]
        params.zScore = zScore; params.zStep = step; params.zHeadroom = headroom
        return B.oneMarket(params, variance: variance)
    }

    static func post(_ price: UInt256, after seconds: UInt64, by b: B) -> EngineCall {
        .postPrice(market: 0, price: price, timestamp: b.now &+ UInt256(seconds))
    }

    static func all() -> [VectorCase] { tracker() + boundaries() + governance() + margins() }

    /// The Spec's worked example, row by row: a rise the short's z exceeds,
    /// a small fall neither exceeds, a fall the long's z exceeds.
    static func tracker() -> [VectorCase] {
        var b = listed()
        var out: [VectorCase] = []
        var beforeFall = b
        let rows: [(String, String, UInt64)] = [
            ("spec-example-rise", "postPrice.md's adaptive z example, row 1: 2,000 -> 2,010 after 60 s. sample 416666666667 exceeds the short's threshold 10857800000, so zShort rises by 0.99 · 0.5 to 2.825; for the long it is a gain, and zLong stays at its floor 2.33.", 2010),
            ("spec-example-small-fall", "Row 2: 2,010 -> 2,009. sample 4125310430 is below the long's threshold 145928832005: zLong stays at the floor, and zShort falls by 0.01 · 0.5 to 2.82.", 2009),
            ("spec-example-fall", "Row 3: 2,009 -> 1,990. sample 1490719999591 exceeds the long's threshold 138516855954: zLong rises to 2.825, and zShort falls to 2.815.", 1990),
        ]
        for (name, description, price) in rows {
            out.append(b.finish("postPrice", "adaptiveZ", name, description,
                                call: post(Fixture.wad(price), after: 60, by: b), from: B.oracle, after: 60, expect: .success))
            if name == "spec-example-fall" { beforeFall = b }
            b.post(market: 0, price: Fixture.wad(price), after: 60)
        }
        // Found by mutation: the thresholds' rounding, to the wei (zLong 2.33, zShort 2.82 before the post).
        out.append(beforeFall.finish("postPrice", "adaptiveZ", "long-threshold-rounds-down", "After rows 1 and 2, a fall to 2,003.2082891103: sample 138516855955 is 1 wei above the long's threshold mulDown(mulDown(z, z), v) = 138516855954, so zLong rises; rounded up, the threshold would not be exceeded.",
                                     call: post(Fixture.fraction(20_032_082_891_103, 10), after: 60, by: beforeFall), from: B.oracle, after: 60, expect: .success))
        out.append(beforeFall.finish("postPrice", "adaptiveZ", "short-threshold-rounds-down", "After rows 1 and 2, a rise to 2,016.00971017551: sample 202903248410 is 1 wei above the short's threshold at z 2.82, so zShort rises to 3.315.",
                                     call: post(Fixture.fraction(201_600_971_017_551, 11), after: 60, by: beforeFall), from: B.oracle, after: 60, expect: .success))
        let flat = b
        out.append(flat.finish("postPrice", "adaptiveZ", "unchanged-price-lowers-both", "After the example, a post of the same 1,990: a loss for neither side, so both z fall by 0.01 · 0.5 (zLong 2.82, zShort 2.81).",
                               call: post(Fixture.wad(1990), after: 60, by: flat), from: B.oracle, after: 60, expect: .success))
        return out
    }

    static func boundaries() -> [VectorCase] {
        // zScore 2: the threshold is mulDown(4 WAD, v, WAD) = 4v. A 0.5 % rise after 50 s has sample exactly 5e11.
        let rise = Fixture.fraction(20_100, 1)
        let atThreshold = listed(zScore: Fixture.wad(2), variance: 125_000_000_000)
        let belowThreshold = listed(zScore: Fixture.wad(2), variance: 124_999_999_999)
        let fall = Fixture.fraction(19_900, 1)
        let oddZ = listed(zScore: Fixture.wad(2) &+ 1_733_999_999, variance: 125_000_000_000)
        let capped = listed(headroom: f(3, 1))
        let oneWei = listed(step: .one)
        let stepZero = listed(step: .zero)
        let headroomZero = listed(headroom: .zero)
        let zeroVariance = listed(variance: .zero)
        let largest = listed(zScore: Fixture.wad(10), step: .wad, headroom: Fixture.wad(10), variance: Constants.maxVariance)
        return [
            atThreshold.finish("postPrice", "adaptiveZ", "sample-equals-threshold", "zScore 2, variance 1.25e11: a 0.5 % rise after 50 s has sample 5e11, exactly the short's threshold 4 · 1.25e11. The test is strict (sample > threshold), so it is no exceedance and zShort stays at its floor.",
                               call: post(rise, after: 50, by: atThreshold), from: B.oracle, after: 50, expect: .success),
            atThreshold.finish("postPrice", "adaptiveZ", "long-sample-equals-threshold", "The same market, a 0.5 % fall after 50 s: sample 5e11 is exactly the long's threshold, no exceedance, so zLong stays at its floor.",
                               call: post(fall, after: 50, by: atThreshold), from: B.oracle, after: 50, expect: .success),
            oddZ.finish("postPrice", "adaptiveZ", "long-square-rounds-down", "zScore 2.000000001733999999: z · z / WAD is not whole and rounds down, and a fall to 1,989.99999999134 after 50 s has sample 1 wei above the threshold so rounded, so zLong rises by 0.495.",
                        call: post(Fixture.fraction(198_999_999_999_134, 11), after: 50, by: oddZ), from: B.oracle, after: 50, expect: .success),
            oddZ.finish("postPrice", "adaptiveZ", "short-square-rounds-down", "The same zScore, a rise to 2,010.00000000866 after 50 s: sample 1 wei above the short's threshold, so zShort rises by 0.495.",
                        call: post(Fixture.fraction(201_000_000_000_866, 11), after: 50, by: oddZ), from: B.oracle, after: 50, expect: .success),
            belowThreshold.finish("postPrice", "adaptiveZ", "sample-one-above-threshold", "The same rise at variance 1.25e11 − 1: the threshold is 5e11 − 4, below the sample, so zShort rises to 2.495.",
                                  call: post(rise, after: 50, by: belowThreshold), from: B.oracle, after: 50, expect: .success),
            capped.finish("postPrice", "adaptiveZ", "headroom-caps", "zHeadroom 0.3: a 5 % rise exceeds, and zShort's rise of 0.495 stops at zScore + zHeadroom = 2.63.",
                          call: post(Fixture.wad(2100), after: 60, by: capped), from: B.oracle, after: 60, expect: .success),
            oneWei.finish("postPrice", "adaptiveZ", "one-wei-step-rounds-up", "zStep 1 wei: the rise mulUp(1, 0.99 WAD, WAD) rounds up to 1 wei and the fall mulDown(1, 0.01 WAD, WAD) down to 0, so a 5 % rise lifts zShort by 1 wei.",
                          call: post(Fixture.wad(2100), after: 60, by: oneWei), from: B.oracle, after: 60, expect: .success),
            stepZero.finish("postPrice", "adaptiveZ", "step-zero-is-spec-1-0", "zStep 0: a 5 % rise moves neither z off zScore, Spec 1.0's fixed quantile.",
                            call: post(Fixture.wad(2100), after: 60, by: stepZero), from: B.oracle, after: 60, expect: .success),
            headroomZero.finish("postPrice", "adaptiveZ", "headroom-zero-is-spec-1-0", "zHeadroom 0: the rise of a 5 % jump is capped at zScore itself, so both z stay at zScore.",
                                call: post(Fixture.wad(2100), after: 60, by: headroomZero), from: B.oracle, after: 60, expect: .success),
            zeroVariance.finish("postPrice", "adaptiveZ", "zero-variance-any-loss-exceeds", "Variance 0: the threshold is 0, so a fall of 1 wei of price exceeds for the long, and zLong rises to 2.825.",
                                call: post(Fixture.wad(2000) &- .one, after: 60, by: zeroVariance), from: B.oracle, after: 60, expect: .success),
            largest.finish("postPrice", "adaptiveZ", "largest-values", "zScore 10, zStep 1, zHeadroom 10 at MAX_VARIANCE, and a rise from 2,000 to 30,000 USD after 1 s: the return of 14 WAD is capped at MAX_RETURN (10 WAD), so sample is 1e20 against the short's threshold 100 · 1e13, and zShort rises by 0.99 to 10.99 without overflow (the breaker trips).",
                           call: post(Fixture.wad(30_000), after: 1, by: largest), from: B.oracle, after: 1, expect: .success),
        ]
    }

    /// setMarketParams keeps each side's z in [zScore, zScore + zHeadroom]
    /// (setMarketParams.md, step 4a); a day after listing, so the guardrail
    /// cooldown is over.
    static func governance() -> [VectorCase] {
        func risen(headroom: UInt256) -> B {
            var b = listed(headroom: headroom)
            b.post(market: 0, price: Fixture.wad(2100), after: 60)      // zShort rises
            return b
        }
        func setting(_ b: B, _ change: (inout MarketParams) -> Void) -> EngineCall {
            var p = b.state.markets[0].params
            change(&p)
            return .setMarketParams(market: 0, params: p)
        }
        let lift = risen(headroom: Fixture.wad(5)), cap = risen(headroom: f(4, 1)), lower = risen(headroom: f(4, 1))
        return [
            lift.finish("setMarketParams", "adaptiveZ", "raised-zscore-lifts-z", "zShort 2.825 and zLong 2.33 after a 5 % rise; zScore 2.33 -> 2.9 lifts both to the new floor 2.9.",
                        call: setting(lift) { $0.zScore = f(29, 1) }, from: B.owner, after: 86_400, expect: .success),
            cap.finish("setMarketParams", "adaptiveZ", "lowered-headroom-caps-z", "zHeadroom 0.4 holds zShort at 2.73 after a 5 % rise; zHeadroom 0.4 -> 0.3 pulls it down to 2.63, and zLong stays at 2.33.",
                       call: setting(cap) { $0.zHeadroom = f(3, 1) }, from: B.owner, after: 86_400, expect: .success),
            lower.finish("setMarketParams", "adaptiveZ", "lowered-zscore-keeps-z", "zShort 2.73 and zLong 2.33 with zHeadroom 0.4; zScore 2.33 -> 2.0 makes the range [2.0, 2.4]: zLong 2.33 is kept and zShort is pulled down to 2.4.",
                        call: setting(lower) { $0.zScore = Fixture.wad(2) }, from: B.owner, after: 86_400, expect: .success),
        ]
    }

    /// After a 5 % rise lifted zShort to 2.825, alice long 10 ETH and bob
    /// short 10 ETH hold the same notional: bob's risk term uses 2.825,
    /// alice's 2.33.
    static func margins() -> [VectorCase] {
        var b = listed()
        b.fund(B.alice, usd: 100_000)
        b.fund(B.bob, usd: 100_000)
        b.post(market: 0, price: Fixture.wad(2100), after: 60)
        b.trade(buyer: B.alice, seller: B.bob, market: 0, size: Fixture.wad(10))
        return [
            b.finish("marginBreakdown", "adaptiveZ", "long-uses-zlong", "After a 5 % rise (zShort 2.825, zLong 2.33), alice's 10 ETH long: its risk term is 10 · 2,100 · 2.33 · hv.",
                     call: .marginBreakdown(B.alice), from: B.keeper),
            b.finish("marginBreakdown", "adaptiveZ", "short-uses-zshort", "The same market, bob's 10 ETH short: its risk term is 10 · 2,100 · 2.825 · hv, 2.825 / 2.33 times alice's.",
                     call: .marginBreakdown(B.bob), from: B.keeper),
        ]
    }
}
