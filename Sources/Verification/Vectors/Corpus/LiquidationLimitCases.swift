import ContractIO
import EVMArithmetic
import MarginEngine

/// liquidate's two limits at the wei: the deep-underwater line
/// ceil(MM · deepUnderwaterRatio) above which only closeFactor of the
/// position may go, and the liquidator's resulting position against
/// MAX_POSITION_SIZE.
enum LiquidationLimitCases {
    typealias B = CaseBuilder
    static let w = Fixture.wad

    static func all() -> [VectorCase] { deepLine() + liquidatorLimit() }

    /// A deepUnderwaterRatio of 0.6 + 1 wei, unlike closeFactor (0.5), puts
    /// the line at MM · ratio, a product that is not a whole wei: Alice,
    /// deeply underwater, is topped up to the line and to one wei below it.
    static func deepLine() -> [VectorCase] {
        var params = Fixture.globalParams
        params.deepUnderwaterRatio = Fixture.fraction(6, 1) &+ .one
        var b = LiquidationCases.levered(globalParams: params)
        // The top-up lands 12 s on and the call 12 s after it.
        func line(_ s: B) -> (equity: Int256, line: UInt256)? {
            guard let m = s.margin(B.alice, after: 24),
                  let line = try? UInt256.mulDivUp(m.maintenanceMargin, params.deepUnderwaterRatio, .wad) else { return nil }
            return (m.equity, line)
        }
        b.walk(market: 0, bps: 30) { s in
            guard let (e, l) = line(s) else { return false }
            return e < Int256(bitPattern: l &- 2)
        }
        guard let (e, l) = line(b) else { return [] }
        let gap = l &- e.bitPattern
        var at = b
        at.fundWei(B.alice, gap)
        var below = b
        below.fundWei(B.alice, gap &- .one)
        let all = EngineCall.liquidate(account: B.alice, market: 0, size: w(20))
        return [
            at.finish("liquidate", "boundaries", "equity-exactly-deep-line", "deepUnderwaterRatio 0.6 + 1 wei; Alice's equity equals ceil(MM · ratio) exactly: not deeply underwater (the test is equity < line), so the full 20 ETH is more than closeFactor allows: CloseTooLarge.",
                      call: all, from: B.keeper, expect: .revert("CloseTooLarge")),
            below.finish("liquidate", "boundaries", "equity-one-wei-below-deep-line", "The same with 1 wei less equity: below the line (rounded up, not down), so all 20 ETH may go at once.",
                         call: all, from: B.keeper, expect: .success),
        ]
    }

    /// In a market priced at 1 wei per unit the keeper holds a long of
    /// MAX_POSITION_SIZE - 1 (or - 1 + 1 wei) and takes over 1 unit of
    /// Alice's long there while she is liquidatable through ETH.
    static func liquidatorLimit() -> [VectorCase] {
        var cases: [VectorCase] = []
        for (name, extra, what, promise) in [
            ("liquidator-position-at-max", UInt256.zero, "reaches exactly MAX_POSITION_SIZE: allowed.", VectorCase.Promise.success),
            ("liquidator-position-above-max", .one, "would pass MAX_POSITION_SIZE by 1 wei: PositionTooLarge(liquidator, market, size).", .revert("PositionTooLarge")),
        ] {
            var b = B()
            b.listAll(assets: 3, markets: 2)
            b.run(.listMarket(price: 1, variance: 0, params: Fixture.marketParams[5]), from: B.owner)
            b.fund(B.alice, usd: 4_000)
            for account in [B.bob, B.carol, B.keeper] { b.fund(account, usd: 100_000) }
            b.trade(buyer: B.keeper, seller: B.bob, market: 2, size: Constants.maxPositionSize &- w(1) &+ extra, price: 1)
            b.trade(buyer: B.alice, seller: B.carol, market: 2, size: w(2), price: 1)
            b.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(20))
            b.walk(market: 0, bps: 30) { LiquidationCases.health($0, B.alice)?.liquidatable == true }
            b.post(market: 2, price: 1)
            cases.append(b.finish("liquidate", "boundaries", name, "The keeper's long in the 1-wei market plus the 1 unit he takes over from Alice " + what,
                                  call: .liquidate(account: B.alice, market: 2, size: w(1)), from: B.keeper, expect: promise))
        }
        return cases
    }
}
