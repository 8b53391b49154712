// Call sequences shared by the examples, the revert table and the event
// tests. Every state here is reached from deployment by calls only.
@testable import MarginEngine
import EVMArithmetic
import Testing

enum Scenario {
    /// USDC (asset 0) and ETH-PERP (market 0, 2000 USD, variance 2e9), funded
    /// accounts: alice 600 USDC, bob and the liquidator 100000 USDC each.
    static func listed() -> Chain {
        var chain = Chain()
        chain.listUSDC()
        chain.listMarket()
        chain.depositUSDC(Actor.alice, 600)
        chain.depositUSDC(Actor.bob, 100_000)
        chain.depositUSDC(Actor.liquidator, 100_000)
        return chain
    }

    /// `listed()`, then alice buys 10 ETH-PERP from bob at 2000 (fee 10 USD
    /// each, so the fund holds 20 USD), and 60 s later the oracle posts
    /// `price`. Alice's equity is 590 - 10·(2000 - price) USD:
    ///
    /// | price | alice E | alice MM | state |
    /// |---|---|---|---|
    /// | 2000 | 590 | 329 | healthy |
    /// | 1990 | 490 | 663 | liquidatable, close factor applies |
    /// | 1960 | 190 | 1941 | deeply underwater, still solvent |
    /// | 1940 | -10 | 2777 | insolvent, the fund (20) can cover |
    /// | 1900 | -410 | 4399 | bankrupt beyond the fund: deleverage |
    static func aliceLong(markedAt price: String) -> Chain {
        var chain = listed()
        chain.trade(buyer: Actor.alice, seller: Actor.bob, size: wad("10"), price: wad("2000"))
        chain.advance(60)
        chain.post(price: wad(price))
        return chain
    }

    /// The mirror image: bob (600 USDC) is short 10 to alice (100000 USDC),
    /// and the oracle posts `price` 60 s later. At 2100 bob's equity is -410 USD.
    static func bobShort(markedAt price: String) -> Chain {
        var chain = Chain()
        chain.listUSDC()
        chain.listMarket()
        chain.depositUSDC(Actor.alice, 100_000)
        chain.depositUSDC(Actor.bob, 600)
        chain.depositUSDC(Actor.liquidator, 100_000)
        chain.trade(buyer: Actor.alice, seller: Actor.bob, size: wad("10"), price: wad("2000"))
        chain.advance(60)
        chain.post(price: wad(price))
        return chain
    }
}
