import ContractIO
import EVMArithmetic
import MarginEngine

/// The ADL score with its leverage factor at the cap MAX_ADL_FACTOR = 10^24
/// while the PnL factor is at least WAD: the cap then shows in the score to
/// the wei (the leverage-cap-binds case has a PnL factor below WAD).
enum AdlFactorCapCases {
    typealias B = CaseBuilder
    static let w = Fixture.wad

    static func all() -> [VectorCase] { lossOfTheWholeNotionalAtOneWeiOfEquity() }

    /// Alice short 20 ETH from 2000; ETH doubles, so her PnL is exactly
    /// -100 % of the open notional (|PnL %| = WAD); she is topped up to an
    /// equity of exactly 1 wei, so the leverage is capped.
    static func lossOfTheWholeNotionalAtOneWeiOfEquity() -> [VectorCase] {
        var b = B()
        b.listAll(assets: 3, markets: 1)
        b.fund(B.alice, usd: 10_000)
        b.fund(B.bob, usd: 100_000)
        b.trade(buyer: B.bob, seller: B.alice, market: 0, size: w(20))
        b.post(market: 0, price: w(4000))
        b.fundWei(B.alice, b.equity(B.alice).magnitude &+ .one)
        return [
            b.finish("adlScore", "caps", "leverage-capped-at-one-wei-of-equity", "Alice, short 20 ETH from 2000 at 4000, with equity exactly 1 wei: |PnL %| = 1 (WAD), the leverage 80000e18 · WAD / 1 is capped at 10^24, so the score is -10^24 exactly.",
                     call: .adlScore(B.alice, market: 0), from: B.keeper, expect: .success),
        ]
    }
}
