import ContractIO
import EVMArithmetic
import MarginEngine

/// postPrice (GARCH variance, breaker) and postAssetPrice.
enum OracleCases {
    typealias B = CaseBuilder

    static func all() -> [VectorCase] { postPrice() + postAssetPrice() }

    static func postPrice() -> [VectorCase] {
        var cases: [VectorCase] = []
        // The worked example of Spec/operations/postPrice.md: lambda 0.94,
        // variance 2e9, 2000 -> 2010 after 60 s.
        var b = B()
        b.listAll(assets: 1, markets: 1)
        let t0 = b.now
        cases.append(b.finish("postPrice", "basic", "spec-worked-example", "Spec/operations/postPrice.md's example: 2000 -> 2010 USD after 60 s gives rWad 0.005e18, sample 416666666667, variance 26880000001.",
                              call: .postPrice(market: 0, price: Fixture.wad(2010), timestamp: t0 &+ 60), from: B.oracle, after: 60))
        cases.append(b.finish("postPrice", "basic", "spec-worked-example-jump", "The Spec's second example: 1777e18 + 3 after 7 s: rWad 11.15 %, variance clamped to MAX_VARIANCE, breaker trips (threshold 10 %).",
                              call: .postPrice(market: 0, price: Fixture.wad(1777) &+ 3, timestamp: t0 &+ 7), from: B.oracle, after: 7))
        cases.append(b.finish("postPrice", "basic", "unchanged-price-decays-variance", "The same price again decays the variance by lambda: newVariance = ceil(0.94 · 2e9) = 1880000000.",
                              call: .postPrice(market: 0, price: Fixture.wad(2000), timestamp: t0 &+ 30), from: B.oracle, after: 30))
        cases.append(b.finish("postPrice", "basic", "observation-older-than-block", "The observation time may lag the block: timestamp now - 25 is stored as priceTime.",
                              call: .postPrice(market: 0, price: Fixture.wad(1999), timestamp: t0 &+ 5), from: B.oracle, after: 30))
        // Breaker threshold edges: pOld = 2000e18, threshold 0.1 WAD.
        // rWad = ceil(move · 1e18 / 2000e18): move 2e20 - 2000 gives 1e17 - 1 (no trip),
        // move 2e20 - 1999 rounds up to exactly 1e17 (trip).
        let two = Fixture.wad(2000)
        let edge = Fixture.wad(200)
        for (name, price, what) in [
            ("threshold-exact-up", two &+ edge, "a +10 % move: rWad = threshold exactly, the breaker trips (>=)."),
            ("threshold-exact-down", two &- edge, "a -10 % move trips the breaker as well."),
            ("threshold-rounding-trips", two &+ edge &- 1999, "move 2e20 - 1999: rWad rounds UP to exactly 1e17, so the breaker trips (rounding favours the protocol)."),
            ("threshold-one-below", two &+ edge &- 2000, "move 2e20 - 2000: rWad = 1e17 - 1, below the threshold: no trip."),
            ("return-cap", Constants.maxPrice, "a move to MAX_PRICE: rWad is huge, rVar is capped at 10 WAD, variance clamps at MAX_VARIANCE, the breaker trips with the uncapped return."),
            ("price-one-wei", UInt256.one, "a fall to 1 wei: rWad just under WAD, breaker trips."),
        ] {
            cases.append(b.finish("postPrice", "boundaries", name, "postPrice from 2000 USD: " + what,
                                  call: .postPrice(market: 0, price: price, timestamp: t0 &+ 60), from: B.oracle, after: 60))
        }
        // An active breaker is not shortened by a later trip.
        var tripped = b
        tripped.post(market: 0, price: Fixture.wad(2300), after: 60)
        cases.append(tripped.finish("postPrice", "boundaries", "second-trip-extends-breaker", "A second trip 100 s later moves breakerUntil to now + cooldown (later than the first).",
                                    call: .postPrice(market: 0, price: Fixture.wad(2000), timestamp: tripped.now &+ 100), from: B.oracle, after: 100))
        cases.append(tripped.finish("postPrice", "basic", "small-move-keeps-breaker", "A small move during an active breaker emits PriceUpdate only and leaves breakerUntil.",
                                    call: .postPrice(market: 0, price: Fixture.wad(2301), timestamp: tripped.now &+ 100), from: B.oracle, after: 100))
        // Lambda extremes.
        for (name, lambda, what) in [("lambda-zero", UInt256.zero, "lambda 0: the variance becomes the new sample alone."),
                                     ("lambda-one", UInt256.wad, "lambda WAD: the variance keeps its old value exactly.")] {
            var l = B()
            var params = Fixture.marketParams[0]
            params.useEWMA(lambda: lambda)
            l.run(.listMarket(price: Fixture.wad(2000), variance: 2_000_000_000, params: params), from: B.owner)
            cases.append(l.finish("postPrice", "boundaries", name, "postPrice with " + what,
                                  call: .postPrice(market: 0, price: Fixture.wad(2010), timestamp: l.now &+ 1), from: B.oracle, after: 1))
        }
        cases += returnCap()
        // Errors in check order.
        let t = b.now &+ 60
        for (name, call, from, what) in [
            ("wrong-caller", EngineCall.postPrice(market: 0, price: two, timestamp: t), B.exchange, "Unauthorized(caller): only the oracle posts."),
            ("unknown-market", .postPrice(market: 1, price: 0, timestamp: 0), B.oracle, "UnknownMarket(1), checked before the price."),
            ("price-zero", .postPrice(market: 0, price: 0, timestamp: t), B.oracle, "PriceOutOfBounds(0)."),
            ("price-above-max", .postPrice(market: 0, price: Constants.maxPrice &+ .one, timestamp: t), B.oracle, "PriceOutOfBounds(10^26 + 1)."),
            ("not-newer", .postPrice(market: 0, price: two, timestamp: t0), B.oracle, "an observation at the stored priceTime: ObservationNotNewer(t, t)."),
            ("older", .postPrice(market: 0, price: two, timestamp: t0 &- 1), B.oracle, "an older observation: ObservationNotNewer."),
            ("in-future", .postPrice(market: 0, price: two, timestamp: t &+ 1), B.oracle, "an observation 1 s after block.timestamp: ObservationInFuture(t + 1, t)."),
        ] {
            cases.append(b.finish("postPrice", "errors", name, "postPrice: " + what, call: call, from: from, after: 60))
        }
        cases.append(b.finish("postPrice", "boundaries", "observation-equals-block-time", "An observation exactly at block.timestamp is allowed.",
                              call: .postPrice(market: 0, price: two, timestamp: t), from: B.oracle, after: 60))
        cases.append(b.finish("postPrice", "boundaries", "one-second-later", "dt = 1 s: the sample is r^2 per second with no division loss.",
                              call: .postPrice(market: 0, price: Fixture.wad(2001), timestamp: t0 &+ 1), from: B.oracle, after: 1))
        return cases
    }

    /// The return cap rVar = min(rWad, MAX_RETURN) seen through the
    /// variance, which MAX_VARIANCE clamps unless lambda is within 10^-7 of
    /// WAD. A jump from 1 to 12 USD after 1 s (rWad = 11 WAD) gives the sample
    /// divUp(MAX_RETURN^2 / WAD, 1) = 100 WAD exactly; a cap 1 wei higher or
    /// lower moves the sample by +21 or -19 wei, and each case puts
    /// lambda · variance + (WAD - lambda) · sample where that moves the
    /// final divUp by WAD.
    static func returnCap() -> [VectorCase] {
        var cases: [VectorCase] = []
        for (name, lambda, variance, what) in [
            ("return-cap-sample-exact", UInt256.wad &- .one, UInt256.zero,
             "lambda = WAD - 1 and variance 0: mixed = 100 WAD exactly, the new variance is 100 (a sample 1 wei higher would round it up to 101)."),
            ("return-cap-sample-just-above-boundary", UInt256.wad &- Constants.pow10(6), Constants.pow10(12) &- .one,
             "lambda = WAD - 10^6 and variance 10^12 - 1: mixed lies 10^6 wei above a multiple of WAD, so the new variance rounds up (a sample 19 wei lower would not)."),
        ] {
            var params = Fixture.marketParams[0]
            params.useEWMA(lambda: lambda)
            var b = B()
            b.run(.listMarket(price: Fixture.wad(1), variance: variance, params: params), from: B.owner)
            cases.append(b.finish("postPrice", "boundaries", name, "postPrice 1 -> 12 USD after 1 s, rWad = 11 WAD capped at MAX_RETURN = 10 WAD: " + what,
                                  call: .postPrice(market: 0, price: Fixture.wad(12), timestamp: b.now &+ 1), from: B.oracle, after: 1,
                                  expect: .success))
        }
        return cases
    }

    static func postAssetPrice() -> [VectorCase] {
        var b = B()
        b.listAll(assets: 2, markets: 1)
        let t0 = b.now
        let t = t0 &+ 30
        return [
            b.finish("postAssetPrice", "basic", "weth-price", "The oracle posts WETH at 2100 USD; collateral value follows.",
                     call: .postAssetPrice(asset: 1, price: Fixture.wad(2100), timestamp: t), from: B.oracle, after: 30),
            b.finish("postAssetPrice", "errors", "wrong-caller", "Unauthorized: only the oracle.",
                     call: .postAssetPrice(asset: 1, price: Fixture.wad(2100), timestamp: t), from: B.owner, after: 30),
            b.finish("postAssetPrice", "errors", "unknown-asset", "UnknownAsset(2).",
                     call: .postAssetPrice(asset: 2, price: Fixture.wad(1), timestamp: t), from: B.oracle, after: 30),
            b.finish("postAssetPrice", "errors", "price-zero", "PriceOutOfBounds(0).",
                     call: .postAssetPrice(asset: 0, price: 0, timestamp: t), from: B.oracle, after: 30),
            b.finish("postAssetPrice", "errors", "not-newer", "ObservationNotNewer: the listing time is the last observation.",
                     call: .postAssetPrice(asset: 1, price: Fixture.wad(2000), timestamp: b.state.assets[1].priceTime), from: B.oracle, after: 30),
            b.finish("postAssetPrice", "errors", "in-future", "ObservationInFuture(t + 1, t).",
                     call: .postAssetPrice(asset: 1, price: Fixture.wad(2000), timestamp: t &+ 1), from: B.oracle, after: 30),
            b.finish("postAssetPrice", "boundaries", "price-max", "MAX_PRICE is allowed for a collateral asset.",
                     call: .postAssetPrice(asset: 0, price: Constants.maxPrice, timestamp: t), from: B.oracle, after: 30),
        ]
    }
}
