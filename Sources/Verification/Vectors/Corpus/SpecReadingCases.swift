import ContractIO
import EVMArithmetic
import MarginEngine

/// Two readings of the Spec that an implementation written from Spec/ alone
/// got wrong while passing every other case (issue 13): the cap on the ADL
/// score's leverage factor, and the collateral value rounded twice (price,
/// then haircut) rather than once.
enum SpecReadingCases {
    typealias B = CaseBuilder
    static let w = Fixture.wad

    static func all() -> [VectorCase] { adlLeverageCap() + haircutRoundsTwice() }

    /// A long ETH position of 1 whose account equity is 10^12 wei: its
    /// leverage N·WAD/E is about 10^27, so the cap MAX_ADL_FACTOR = 10^24
    /// decides the score (and, uncapped, the product would not fit).
    static func adlLeverageCap() -> [VectorCase] {
        var b = B()
        b.listAll()
        b.fund(B.alice, usd: 1_000)
        b.fund(B.bob, usd: 100_000)
        b.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(1))
        // With a size of exactly 1, equity moves wei for wei with the price.
        let p0 = b.state.markets[0].price
        let e0 = b.equity(B.alice).magnitude
        let target = UInt256(1_000_000_000_000)
        b.post(market: 0, price: p0 &- (e0 &- target))
        return [
            b.finish("adlScore", "caps", "leverage-cap-binds",
                     "adlScore of a long whose account equity is 10^12 wei: leverage N·WAD/E exceeds MAX_ADL_FACTOR and is capped at 10^24 (Spec/operations/views.md step 8).",
                     call: .adlScore(B.alice, market: 0), from: B.keeper),
            b.finish("marginBreakdown", "caps", "leverage-cap-account",
                     "marginBreakdown of the same account: equity 10^12 wei.", call: .marginBreakdown(B.alice), from: B.keeper),
        ]
    }

    /// 3 wei of WETH (18 decimals, haircut 0.8) at 2000.5 USD: the USD value
    /// 6001.5 wei rounds down to 6001 first, then the haircut to 4800; one
    /// rounding of the whole product would give 4801.
    static func haircutRoundsTwice() -> [VectorCase] {
        var b = B()
        b.listAll()
        b.run(.deposit(asset: 1, amount: 3), from: B.alice)
        b.run(.postAssetPrice(asset: 1, price: Fixture.fraction(20_005, 1), timestamp: b.now &+ UInt256(12)), from: B.oracle)
        return [
            b.finish("equity", "collateral", "haircut-rounds-twice",
                     "equity of 3 wei of WETH at 2000.5 USD with haircut 0.8: mulDown(mulDown(3, price, WAD), 0.8, WAD) = 4800, not 4801 (Spec/margin.md, collateralValue steps 1b and 1c).",
                     call: .equity(B.alice), from: B.keeper),
            b.finish("marginBreakdown", "collateral", "haircut-rounds-twice",
                     "marginBreakdown of the same account: collateralValue 4800.", call: .marginBreakdown(B.alice), from: B.keeper),
        ]
    }
}
