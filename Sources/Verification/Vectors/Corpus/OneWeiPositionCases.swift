import ContractIO
import EVMArithmetic
import MarginEngine

/// Positions of exactly 1 wei, where a test written `> 0` and one written
/// `> 1` part (mutation testing, issue 13): the fill, the unrealised PnL,
/// the ADL score and liquidation of a 1-wei long, and a 1-wei short whose
/// cost rounds to no open notional at all.
enum OneWeiPositionCases {
    typealias B = CaseBuilder
    static let w = Fixture.wad

    static func all() -> [VectorCase] { longAfterMove() + shortWithoutCostBasis() + liquidated() }

    /// Alice holds 1 wei of ETH bought at 2000 on 10^6 wei of collateral (so
    /// its leverage shows in the ADL score); the price then moves to
    /// 2100e18 + 1, which is not a whole multiple of WAD.
    static func longAfterMove() -> [VectorCase] {
        var b = B()
        b.listAll(assets: 3, markets: 1)
        b.fundWei(B.alice, 1_000_000)
        b.fund(B.bob, usd: 50_000)
        b.trade(buyer: B.alice, seller: B.bob, market: 0, size: .one)
        let moved = w(2100) &+ .one
        b.post(market: 0, price: moved)
        return [
            b.finish("equity", "boundaries", "one-wei-long-after-move", "Alice's 1-wei long from 2000 at 2100e18 + 1: its unrealised PnL of 100 wei counts in her equity.",
                     call: .equity(B.alice), from: B.keeper, expect: .success),
            b.finish("unrealisedPnl", "boundaries", "one-wei-long-after-move", "A 1-wei long from 2000 at 2100e18 + 1: valueAt(1, p) - openNotional = 2100 - 2000 = 100 wei.",
                     call: .unrealisedPnl(B.alice, market: 0), from: B.keeper, expect: .success),
            b.finish("adlScore", "boundaries", "one-wei-long-after-move", "The ADL score of a 1-wei long at 2100e18 + 1: the notional |s|·p/WAD = 2100.000...001 rounds up to 2101 wei, and the leverage on 10^6 wei of equity makes the score non-zero.",
                     call: .adlScore(B.alice, market: 0), from: B.keeper, expect: .success),
            b.finish("settleTrade", "boundaries", "one-wei-long-full-close", "Alice sells her 1-wei long to Bob (short 1 wei) at 2100e18 + 1: a full close that realises 100 wei, and the long open interest falls by 1 to 0.",
                     call: .settleTrade(buyer: B.bob, seller: B.alice, market: 0, size: .one, price: moved), from: B.exchange, expect: .success),
        ]
    }

    /// A 1-wei short at 0.5 USD costs -floor(0.5) = 0: a position with no
    /// open notional, whose ADL score is 0 (no cost basis), not a division
    /// by zero.
    static func shortWithoutCostBasis() -> [VectorCase] {
        var b = B()
        b.listAll(assets: 3, markets: 1)
        b.run(.listMarket(price: Fixture.fraction(5, 1), variance: 1_000_000, params: Fixture.marketParams[5]), from: B.owner)
        b.fund(B.alice, usd: 1_000)
        b.fund(B.bob, usd: 1_000)
        b.trade(buyer: B.bob, seller: B.alice, market: 1, size: .one)
        return [
            b.finish("adlScore", "boundaries", "one-wei-short-no-open-notional", "Alice is short 1 wei sold at 0.5 USD: her open notional is -floor(0.5) = 0, so the score is 0 (no cost basis).",
                     call: .adlScore(B.alice, market: 1), from: B.keeper, expect: .success),
        ]
    }

    /// Alice, liquidatable through her 20 ETH long, also holds 1 wei of BTC:
    /// liquidating that 1 wei moves it to the keeper's long side.
    static func liquidated() -> [VectorCase] {
        var b = B()
        b.listAll(assets: 3, markets: 2)
        b.fund(B.alice, usd: 4_000)
        b.fund(B.bob, usd: 100_000)
        b.fund(B.keeper, usd: 100_000)
        b.trade(buyer: B.alice, seller: B.bob, market: 1, size: .one)
        b.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(20))
        b.walk(market: 0, bps: 30) { LiquidationCases.health($0, B.alice)?.liquidatable == true }
        b.post(market: 1, price: b.state.markets[1].price)
        return [
            b.finish("liquidate", "boundaries", "one-wei-long", "The keeper liquidates Alice's 1-wei BTC long (closeFactor · 1 rounds up to 1): Alice sells, the keeper buys 1 wei.",
                     call: .liquidate(account: B.alice, market: 1, size: .one), from: B.keeper, expect: .success),
        ]
    }
}
