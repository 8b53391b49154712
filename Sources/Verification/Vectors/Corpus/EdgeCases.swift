import ContractIO
import EVMArithmetic
import MarginEngine

/// Edges that pin one rounding or one limit each, found by mutation testing
/// of the contract (README, "Mutation score"): guardrail minimum steps and
/// the allowance's rounding, the price band's rounding, the seller's size
/// limit, full closes under a breaker, asset price age at its limit, the
/// EWMA sample's rounding, bankruptcy prices out of range, and the ADL score
/// of an account at exactly zero equity.
enum EdgeCases {
    typealias B = CaseBuilder
    static let w = Fixture.wad

    static func all() -> [VectorCase] {
        minSteps() + allowanceRounding() + band() + sellerLimit() + closes() + ewma() + bankruptcyPrice() + adlAtZeroEquity()
    }

    /// Each parameter at its lower bound, where 25 % of it is below minStep,
    /// moves by exactly minStep (allowed) and minStep + 1 (GuardrailExceeded).
    static func minSteps() -> [VectorCase] {
        var cases: [VectorCase] = []
        for (k, bounds) in ParameterBounds.global.enumerated() {
            let quarter = EVM.div(bounds.lo, 4)
            guard quarter < bounds.minStep, bounds.lo &+ bounds.minStep &+ .one <= bounds.hi else { continue }
            var values = Fixture.globalParams.values
            values[k] = bounds.lo
            let b = B(globalParams: GlobalParams(values: values)!)
            for (suffix, step, promise) in [("", bounds.minStep, VectorCase.Promise.success),
                                            ("-plus-one", bounds.minStep &+ .one, .revert("GuardrailExceeded"))] {
                var v = values
                v[k] = bounds.lo &+ step
                cases.append(b.finish("setGlobalParams", "boundaries", "\(bounds.name)-from-lo-by-min-step\(suffix)",
                                      "\(bounds.name) at its lower bound \(bounds.lo) moves by minStep \(bounds.minStep)\(suffix.isEmpty ? "" : " + 1"): 25 % of the value is below minStep, so minStep is the allowance.",
                                      call: .setGlobalParams(GlobalParams(values: v)!), from: B.owner, after: 86_400, expect: promise))
            }
        }
        for (k, bounds) in ParameterBounds.market.enumerated() {
            let quarter = EVM.div(bounds.lo, 4)
            guard quarter < bounds.minStep, bounds.lo &+ bounds.minStep &+ .one <= bounds.hi else { continue }
            // Market 1's GARCH weights leave room for each weight to move alone.
            var values = Fixture.marketParams[1].values
            values[k] = bounds.lo
            var b = B()
            b.run(.listMarket(price: w(2000), variance: 2_000_000_000, params: MarketParams(values: values)!), from: B.owner)
            for (suffix, step, promise) in [("", bounds.minStep, VectorCase.Promise.success),
                                            ("-plus-one", bounds.minStep &+ .one, .revert("GuardrailExceeded"))] {
                var v = values
                v[k] = bounds.lo &+ step
                cases.append(b.finish("setMarketParams", "boundaries", "\(bounds.name)-from-lo-by-min-step\(suffix)",
                                      "\(bounds.name) at its lower bound \(bounds.lo) moves by minStep \(bounds.minStep)\(suffix.isEmpty ? "" : " + 1"); the allowance is minStep.",
                                      call: .setMarketParams(market: 0, params: MarketParams(values: v)!), from: B.owner, after: 86_400, expect: promise))
            }
        }
        var weight = B()
        weight.run(.listAsset(decimals: 6, weight: .zero, price: w(1)), from: B.owner)
        for (suffix, step, promise) in [("", Constants.pow10(16), VectorCase.Promise.success),
                                        ("-plus-one", Constants.pow10(16) &+ .one, .revert("GuardrailExceeded"))] {
            cases.append(weight.finish("setAssetWeight", "boundaries", "from-zero-by-min-step\(suffix)",
                                       "A zero weight rises by minStep 10^16\(suffix.isEmpty ? "" : " + 1").",
                                       call: .setAssetWeight(asset: 0, weight: step), from: B.owner, after: 86_400, expect: promise))
        }
        return cases
    }

    /// The allowance is floor(25 % of the current value): with zScore =
    /// 2.33e18 + 1 it is 582500000000000000, and one wei more is too much.
    static func allowanceRounding() -> [VectorCase] {
        var params = Fixture.marketParams[0]
        let current = params.zScore &+ .one
        params.zScore = current
        var b = B()
        b.run(.listMarket(price: w(2000), variance: 2_000_000_000, params: params), from: B.owner)
        let allowed = EVM.div(current, 4)
        var up = params
        up.zScore = current &+ allowed
        var over = params
        over.zScore = current &+ allowed &+ .one
        return [
            b.finish("setMarketParams", "boundaries", "allowance-rounds-down", "zScore 2.33e18 + 1: the allowance floor(c / 4) is allowed exactly.",
                     call: .setMarketParams(market: 0, params: up), from: B.owner, after: 86_400, expect: .success),
            b.finish("setMarketParams", "boundaries", "allowance-rounds-down-plus-one", "zScore 2.33e18 + 1: floor(c / 4) + 1 exceeds the allowance (it is rounded down, not up).",
                     call: .setMarketParams(market: 0, params: over), from: B.owner, after: 86_400, expect: .revert("GuardrailExceeded")),
        ]
    }

    /// With the oracle at 2000e18 + 1, the band 2 % of it is 40e18 + 0.02
    /// wei, rounded down to 40e18.
    static func band() -> [VectorCase] {
        var b = TradeCases.funded()
        b.post(market: 0, price: w(2000) &+ .one, after: 12)
        let oracle = w(2000) &+ .one
        return [
            b.finish("settleTrade", "boundaries", "band-rounds-down", "Oracle 2000e18 + 1: price oracle + 40e18 (the band rounded down) settles.",
                     call: .settleTrade(buyer: B.alice, seller: B.bob, market: 0, size: w(1), price: oracle &+ w(40)),
                     from: B.exchange, expect: .success),
            b.finish("settleTrade", "boundaries", "band-rounds-down-plus-one", "Oracle 2000e18 + 1: price oracle + 40e18 + 1 is out of the band (rounded down, not up).",
                     call: .settleTrade(buyer: B.alice, seller: B.bob, market: 0, size: w(1), price: oracle &+ w(40) &+ .one),
                     from: B.exchange, expect: .revert("PriceOutOfBand")),
        ]
    }

    /// The seller's resulting position is checked like the buyer's.
    static func sellerLimit() -> [VectorCase] {
        var big = B()
        big.listAll(assets: 3, markets: 3)
        big.run(.listMarket(price: 1, variance: 0, params: Fixture.marketParams[5]), from: B.owner)
        big.fund(B.alice, usd: 1_000_000_000)
        big.fund(B.bob, usd: 1_000_000_000)
        big.fund(B.carol, usd: 1_000_000_000)
        big.trade(buyer: B.alice, seller: B.bob, market: 3, size: Constants.maxPositionSize &- w(1), price: 1)
        // Carol buys: only the seller's resulting position can be too large.
        return [
            big.finish("settleTrade", "boundaries", "seller-position-at-max", "The seller's short reaching exactly -MAX_POSITION_SIZE is allowed.",
                       call: .settleTrade(buyer: B.carol, seller: B.bob, market: 3, size: w(1), price: 1), from: B.exchange,
                       expect: .success),
            big.finish("settleTrade", "boundaries", "seller-position-above-max", "The seller's short past MAX_POSITION_SIZE by 1 wei while the buyer's stays small: PositionTooLarge(seller, market, size).",
                       call: .settleTrade(buyer: B.carol, seller: B.bob, market: 3, size: w(1) &+ .one, price: 1), from: B.exchange,
                       expect: .revert("PositionTooLarge")),
        ]
    }

    /// Closing a whole position is never risk-increasing: it settles during
    /// a breaker. And an asset price exactly maxOracleAge old is fresh.
    static func closes() -> [VectorCase] {
        var b = TradeCases.funded()
        b.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(3))
        b.post(market: 0, price: w(2400), after: 30)     // trips the breaker
        var cases = [
            b.finish("settleTrade", "boundaries", "breaker-allows-full-close", "During an active breaker Alice sells all 3 ETH back to Bob: both positions close to 0, never risk-increasing.",
                     call: .settleTrade(buyer: B.bob, seller: B.alice, market: 0, size: w(3), price: w(2400)),
                     from: B.exchange, expect: .success),
        ]
        // A flip is risk-increasing even when the size does not grow.
        var tiny = TradeCases.funded()
        tiny.trade(buyer: B.alice, seller: B.bob, market: 0, size: .one)
        tiny.trade(buyer: B.carol, seller: B.bob, market: 0, size: .one)   // Bob short 2 wei
        tiny.post(market: 0, price: w(2400), after: 30)
        cases.append(tiny.finish("settleTrade", "boundaries", "breaker-blocks-one-wei-flip", "During an active breaker Bob closes his 2-wei short while Alice's 1-wei long flips to a 1-wei short: a flip is risk-increasing although |size| does not grow: BreakerActive.",
                                 call: .settleTrade(buyer: B.bob, seller: B.alice, market: 0, size: 2, price: w(2400)),
                                 from: B.exchange, expect: .revert("BreakerActive")))
        var asset = B()
        asset.listAll(assets: 3, markets: 1)
        asset.fund(B.alice, usd: 50_000)
        asset.fund(B.bob, usd: 50_000)
        asset.run(.deposit(asset: 1, amount: w(1)), from: B.alice)
        asset.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(1))
        asset.run(.postAssetPrice(asset: 1, price: w(2000), timestamp: asset.now &+ 6), from: B.oracle, after: 6)
        let wethTime = asset.state.assets[1].priceTime
        asset.run(.postAssetPrice(asset: 2, price: w(1), timestamp: asset.now &+ 6), from: B.oracle, after: 6)
        asset.post(market: 0, price: w(2000), after: 590)   // the market stays fresh
        let exactly = (wethTime &+ 600 &- asset.now).uint64Value ?? 0
        cases.append(asset.finish("withdraw", "boundaries", "asset-price-at-age-limit", "WETH is still held and its price is exactly maxOracleAge (600 s) old (USD18 6 s younger): fresh enough, the withdrawal goes through.",
                                  call: .withdraw(asset: 2, amount: w(1)), from: B.alice, after: exactly, expect: .success))
        cases.append(asset.finish("withdraw", "boundaries", "asset-price-one-second-past-limit", "The same withdrawal one second later: StaleAssetPrice(1, 601).",
                                  call: .withdraw(asset: 2, amount: w(1)), from: B.alice, after: exactly + 1, expect: .revert("StaleAssetPrice")))
        return cases
    }

    /// sample = divUp(divUp(r^2, WAD), dt): a price whose squared return is
    /// not a whole WAD multiple, with dt = 1, where rounding the inner
    /// division down would give a variance 1 wei lower.
    static func ewma() -> [VectorCase] {
        var b = B()
        b.listAll(assets: 1, markets: 1)
        let pOld = b.state.markets[0].price, variance = b.state.markets[0].variance
        let params = b.state.markets[0].params
        func newVariance(_ price: UInt256, innerUp: Bool) -> UInt256 {
            let move = price > pOld ? price &- pOld : pOld &- price
            let r = (try? UInt256.mulDivUp(move, .wad, pOld)) ?? .zero
            let square = r &* r
            let inner = innerUp ? ((try? UInt256.mulDivUp(square, .one, .wad)) ?? .zero) : EVM.div(square, .wad)
            let mixed = params.garchBeta &* variance &+ params.garchAlpha &* inner
            return ((try? UInt256.mulDivUp(mixed, .one, .wad)) ?? .zero) &+ params.garchOmega
        }
        var price = pOld &+ 1_000_000_000_007
        for _ in 0..<100_000 where newVariance(price, innerUp: true) == newVariance(price, innerUp: false) {
            price = price &+ 1_000_000_000_007
        }
        return [
            b.finish("postPrice", "boundaries", "sample-rounds-up", "An observation 1 s later whose squared return is not a whole WAD multiple: the inner division of the sample rounds up, which raises the new variance by 1 wei here.",
                     call: .postPrice(market: 0, price: price, timestamp: b.now &+ 1), from: B.oracle, after: 1, expect: .success),
        ]
    }

    /// A bankrupt whose deficit comes mostly from another market makes the
    /// bankruptcy price of a small position leave [MIN_PRICE, MAX_PRICE].
    static func bankruptcyPrice() -> [VectorCase] {
        var cases: [VectorCase] = []
        for (long, price) in [(true, UInt256(9) &* Constants.pow10(25)), (false, w(1))] {
            var b = B()
            b.listAll(assets: 3, markets: 1)
            b.run(.listMarket(price: price, variance: 1_000_000, params: Fixture.marketParams[3]), from: B.owner)
            b.fund(B.alice, usd: 3_000)
            b.fund(B.bob, usd: 1_000_000)
            let small = Constants.pow10(12)
            if long {
                b.trade(buyer: B.alice, seller: B.bob, market: 1, size: small)
            } else {
                b.trade(buyer: B.bob, seller: B.alice, market: 1, size: small)
            }
            // Bob's side of the small market gains a little.
            let p1 = b.state.markets[1].price
            let nudge = EVM.div(p1, 1000)
            b.post(market: 1, price: long ? p1 &- nudge : p1 &+ nudge, after: 12)
            // Alice's big ETH long loses until she is bankrupt beyond the fund.
            b.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(20))
            b.walk(market: 0, bps: 30) { s in
                guard let e = s.margin(B.alice)?.equity, e.isNegative else { return false }
                return e.magnitude > s.state.insuranceFund
            }
            b.post(market: 1, price: b.state.markets[1].price, after: 1)
            cases.append(b.finish("deleverage", "errors", long ? "bankruptcy-price-above-max" : "bankruptcy-price-below-min",
                                  long ? "A long of 1e-6 units at 9e25 against a deficit from ETH: the bankruptcy price p + deficit / size passes MAX_PRICE: BankruptcyPriceOutOfRange(market, p, shift)."
                                       : "A short of 1e-6 units at 1 USD against a deficit from ETH: the shift is at least the price: BankruptcyPriceOutOfRange(market, p, shift).",
                                  call: .deleverage(bankrupt: B.alice, counterparty: B.bob, market: 1, size: small), from: B.keeper,
                                  expect: .revert("BankruptcyPriceOutOfRange")))
        }
        return cases
    }

    /// After a partial deleverage the bankrupt is at exactly zero equity and
    /// still holds a position: its ADL score is 0 (leverage undefined), not a
    /// division by zero.
    static func adlAtZeroEquity() -> [VectorCase] {
        var b = LiquidationCases.levered(usd: 3_000)
        b.fund(B.carol, usd: 50_000)
        b.trade(buyer: B.keeper, seller: B.carol, market: 0, size: w(2))
        b.post(market: 0, price: w(1700), after: 30)
        b.run(.deleverage(bankrupt: B.alice, counterparty: B.bob, market: 0, size: w(5)), from: B.keeper)
        return [
            b.finish("adlScore", "boundaries", "zero-equity-with-position", "Alice after a partial deleverage: equity exactly 0 with 15 ETH still open: adlScore is 0.",
                     call: .adlScore(B.alice, market: 0), from: B.keeper, expect: .success),
        ]
    }
}
