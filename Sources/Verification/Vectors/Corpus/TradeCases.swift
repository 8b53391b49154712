import ContractIO
import EVMArithmetic
import MarginEngine

/// settleTrade: fills, realised PnL, fees and dust, band, margin, breaker.
enum TradeCases {
    typealias B = CaseBuilder

    static func funded() -> B {
        var b = B()
        b.listAll(assets: 3, markets: 3)
        b.run(.setCorrelation(marketA: 0, marketB: 1, correlation: Int256(800_000_000_000_000_000)), from: B.owner)
        for account in [B.alice, B.bob, B.carol, B.keeper] { b.fund(account, usd: 50_000) }
        return b
    }

    static func trade(_ b: B, _ name: String, _ suite: String, _ what: String, buyer: Address = B.alice,
                      seller: Address = B.bob, market: UInt256 = 0, size: UInt256, price: UInt256? = nil,
                      from: Address = B.exchange, after: UInt64 = 12) -> VectorCase {
        let m = Int(market.uint64Value ?? 0)
        let p = price ?? (m < b.state.marketCount ? b.state.markets[m].price : Fixture.wad(1))
        return b.finish("settleTrade", suite, name, what,
                        call: .settleTrade(buyer: buyer, seller: seller, market: market, size: size, price: p),
                        from: from, after: after)
    }

    static func all() -> [VectorCase] {
        var cases: [VectorCase] = []
        let b = funded()
        let w = Fixture.wad
        cases.append(trade(b, "open-long-short", "basic", "Alice buys 2 ETH from Bob at the oracle price: both open, fee 0.05 % of notional each, fees to the fund.", size: w(2)))
        cases.append(trade(b, "open-at-band-top", "boundaries", "A price exactly priceBand (2 %) above the oracle is allowed.", size: w(1), price: w(2040)))
        cases.append(trade(b, "open-at-band-bottom", "boundaries", "A price exactly 2 % below the oracle is allowed.", size: w(1), price: w(1960)))
        cases.append(trade(b, "above-band", "boundaries", "1 wei above the band: PriceOutOfBand(market, price, oracle).", size: w(1), price: w(2040) &+ .one))
        cases.append(trade(b, "below-band", "boundaries", "1 wei below the band: PriceOutOfBand.", size: w(1), price: w(1960) &- .one))
        cases.append(trade(b, "one-wei-size", "boundaries", "A 1-wei trade: notional rounds up to 2000 wei for the buyer's cost and down for the seller's proceeds; 0 dust here.", size: .one))
        cases.append(trade(b, "odd-size-dust", "basic", "A size whose notional is not a whole wei: costAt rounds the buyer up and the seller down, and the 1 wei of dust goes to the fund.",
                           size: UInt256(333_333_333_333_333_333), price: w(2000) &+ 7))
        cases.append(trade(b, "btc", "basic", "A 0.5 BTC trade at 40000 in the correlated market.", market: 1, size: Fixture.fraction(5, 1)))
        cases.append(trade(b, "max-size-fails-margin", "boundaries", "Size exactly MAX_POSITION_SIZE passes the size checks and fails the margin check: InsufficientMargin.", size: Constants.maxPositionSize))
        for (name, call, from, what) in [
            ("wrong-caller", EngineCall.settleTrade(buyer: B.alice, seller: B.bob, market: 0, size: w(1), price: w(2000)), B.alice, "Only the exchange settles: Unauthorized(caller)."),
            ("unknown-market", .settleTrade(buyer: B.alice, seller: B.bob, market: 3, size: 0, price: 0), B.exchange, "UnknownMarket(3), checked before the other arguments."),
            ("self-trade", .settleTrade(buyer: B.alice, seller: B.alice, market: 0, size: w(1), price: w(2000)), B.exchange, "SelfTrade(account)."),
            ("size-zero", .settleTrade(buyer: B.alice, seller: B.bob, market: 0, size: 0, price: w(2000)), B.exchange, "InvalidSize(0)."),
            ("size-above-max", .settleTrade(buyer: B.alice, seller: B.bob, market: 0, size: Constants.maxPositionSize &+ .one, price: w(2000)), B.exchange, "InvalidSize(10^26 + 1)."),
            ("price-zero", .settleTrade(buyer: B.alice, seller: B.bob, market: 0, size: w(1), price: 0), B.exchange, "PriceOutOfBounds(0) before the band."),
            ("insufficient-margin", .settleTrade(buyer: B.alice, seller: B.bob, market: 0, size: w(1000), price: w(2000)), B.exchange, "2M USD notional on 50k equity: the buyer fails IM: InsufficientMargin(buyer, equity, IM)."),
            ("new-account-no-collateral", .settleTrade(buyer: B.stranger, seller: B.bob, market: 0, size: w(1), price: w(2000)), B.exchange, "A buyer with no collateral: InsufficientMargin(buyer, -fee..., IM)."),
        ] {
            cases.append(b.finish("settleTrade", "errors", name, "settleTrade: " + what, call: call, from: from))
        }
        // Existing positions: increase, partial reduce, full close, flip.
        var open = b
        open.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(3))
        open.post(market: 0, price: w(2100), after: 30)
        cases.append(trade(open, "increase-long", "basic", "Alice adds 1 ETH at 2100 to a 3 ETH long from 2000: open notional grows by the fill cost; no PnL realised.", size: w(1)))
        cases.append(trade(open, "partial-reduce", "basic", "Alice sells 1 of 3 ETH at 2100: a third of the open notional is removed (floorMulDiv) and 100 USD PnL realised; Bob realises his loss.",
                           buyer: B.bob, seller: B.alice, size: w(1)))
        cases.append(trade(open, "partial-reduce-rounding", "basic", "A reduction of 1e18/3 units: floorMulDiv rounds the removed open notional toward -infinity.",
                           buyer: B.bob, seller: B.alice, size: UInt256(333_333_333_333_333_333)))
        cases.append(trade(open, "full-close", "basic", "Alice sells all 3 ETH at 2100: realised +300 USD minus nothing; open notional back to 0; open interest to 0.",
                           buyer: B.bob, seller: B.alice, size: w(3)))
        cases.append(trade(open, "flip", "basic", "Alice sells 5 ETH with 3 long: the position flips to 2 short; the close part realises PnL, the new side's cost is costAt(new).",
                           buyer: B.bob, seller: B.alice, size: w(5)))
        cases.append(trade(open, "one-wei-reduce", "boundaries", "Bob (short 3) buys 1 wei from Alice (long 3): a fill of +1 on a short reduces it (removed = floorMulDiv(on, 1, 3e18), realised = -cost - removed), it does not add to it.",
                           buyer: B.bob, seller: B.alice, size: .one))
        cases.append(trade(open, "third-party-reduce", "basic", "Bob (short 3) buys 1 from Carol (flat): Bob reduces, Carol opens; one side risk-increasing.",
                           buyer: B.bob, seller: B.carol, size: w(1)))
        // Breaker and staleness gate only risk-increasing sides.
        var breaker = open
        breaker.post(market: 0, price: w(2400), after: 30)
        cases.append(trade(breaker, "breaker-blocks-opening", "boundaries", "During an active breaker a risk-increasing trade reverts: BreakerActive(market, until).",
                           buyer: B.carol, seller: B.keeper, size: w(1)))
        cases.append(trade(breaker, "breaker-allows-reducing", "boundaries", "During an active breaker a trade that reduces both sides settles.",
                           buyer: B.bob, seller: B.alice, size: w(1)))
        cases.append(trade(breaker, "breaker-allows-reduce-to-one-wei", "boundaries", "During an active breaker Alice (long 3) sells all but 1 wei to Bob (short 3): both shrink to 1 wei on the same side, so neither is risk-increasing and the trade settles.",
                           buyer: B.bob, seller: B.alice, size: w(3) &- .one))
        // A fresh, small-move price 10 s before the breaker ends, then a trade at the edge.
        var ending = breaker
        let until = ending.state.markets[0].breakerUntil
        ending.post(market: 0, price: w(2401), after: 1790)
        let left = (until &- ending.now).uint64Value ?? 0
        cases.append(trade(ending, "breaker-ends-exactly", "boundaries", "At now == breakerUntil the breaker is off (now < breakerUntil is the test): opening is allowed.",
                           buyer: B.carol, seller: B.keeper, size: Fixture.fraction(1, 1), after: left))
        cases.append(trade(ending, "breaker-last-second", "boundaries", "One second before breakerUntil the breaker still blocks opening.",
                           buyer: B.carol, seller: B.keeper, size: Fixture.fraction(1, 1), after: left - 1))
        cases.append(trade(open, "stale-blocks-opening", "boundaries", "A price 601 s old (maxOracleAge 600) blocks risk-increasing trades: StalePrice(market, 601).",
                           buyer: B.carol, seller: B.keeper, size: w(1), after: 601))
        cases.append(trade(open, "stale-at-limit-allowed", "boundaries", "A price exactly 600 s old is fresh enough.",
                           buyer: B.carol, seller: B.keeper, size: w(1), after: 600))
        cases.append(trade(open, "stale-allows-reducing", "boundaries", "A stale price does not block a trade that reduces both sides.",
                           buyer: B.bob, seller: B.alice, size: w(1), after: 900))
        // Position size limit on the resulting position.
        var big = B()
        big.listAll(assets: 3, markets: 3)
        big.run(.listMarket(price: 1, variance: 0, params: Fixture.marketParams[5]), from: B.owner)
        big.fund(B.alice, usd: 1_000_000_000)
        big.fund(B.bob, usd: 1_000_000_000)
        big.trade(buyer: B.alice, seller: B.bob, market: 3, size: Constants.maxPositionSize &- Fixture.wad(1), price: 1)
        cases.append(trade(big, "position-at-max", "boundaries", "A 1-wei-priced market: growing a position to exactly MAX_POSITION_SIZE is allowed.",
                           market: 3, size: Fixture.wad(1), price: 1))
        cases.append(trade(big, "position-above-max", "boundaries", "Growing past MAX_POSITION_SIZE by 1 wei: PositionTooLarge(buyer, market, size).",
                           market: 3, size: Fixture.wad(1) &+ .one, price: 1))
        // IM boundary for the buyer, to the wei: binary search on the USD18 deposit.
        cases += imBoundary()
        return cases
    }

    /// Finds the smallest deposit with which a 10 ETH long passes IM, and
    /// pins it and one wei less.
    static func imBoundary() -> [VectorCase] {
        var base = B()
        base.listAll(assets: 3, markets: 1)
        base.fund(B.bob, usd: 100_000)
        let call = EngineCall.settleTrade(buyer: B.alice, seller: B.bob, market: 0, size: Fixture.wad(10), price: Fixture.wad(2000))
        let lo = base.smallestTopUp(B.alice, below: Fixture.wad(100_000)) { !$0.probe(call, from: B.exchange).isRevert }
        var exact = base
        exact.fundWei(B.alice, lo)
        var short = base
        short.fundWei(B.alice, lo &- .one)
        return [
            exact.finish("settleTrade", "boundaries", "buyer-equity-exactly-im", "The buyer's deposit is the smallest with which a 10 ETH long leaves equity == IM after fees: settles.",
                         call: call, from: B.exchange),
            short.finish("settleTrade", "boundaries", "buyer-equity-one-wei-below-im", "The same trade with 1 wei less collateral: InsufficientMargin(buyer, IM - 1, IM).",
                         call: call, from: B.exchange),
        ]
    }
}
