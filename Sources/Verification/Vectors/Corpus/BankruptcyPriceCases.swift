import ContractIO
import EVMArithmetic
import MarginEngine

/// The bankruptcy price of a 1-wei position at the edges of its range: for
/// size 1 the shift is (remaining + 1) · WAD, so topping the bankrupt up to
/// the right remaining deficit puts p + shift exactly at MAX_PRICE (long),
/// or the shift exactly at p (short).
enum BankruptcyPriceCases {
    typealias B = CaseBuilder

    static func all() -> [VectorCase] { long() + short() }

    /// Alice, bankrupt beyond the fund through ETH, also holds 1 wei of BTC
    /// against Bob, whose side has gained 0.1 % (so he is an eligible
    /// counterparty for that 1 wei).
    static func oneWeiOfBtc(long: Bool) -> B {
        LiquidationCases.bankruptBeyondFund { b in
            if long {
                b.trade(buyer: B.alice, seller: B.bob, market: 1, size: .one)
            } else {
                b.trade(buyer: B.bob, seller: B.alice, market: 1, size: .one)
            }
            let p = b.state.markets[1].price
            let nudge = EVM.div(p, 1000)
            b.post(market: 1, price: long ? p &- nudge : p &+ nudge)
        }
    }

    /// Tops Alice up so that the deficit the fund leaves is `remaining` wei.
    static func leaving(_ remaining: UInt256, _ b: B) -> B {
        var topped = b
        topped.fundWei(B.alice, b.equity(B.alice).magnitude &- b.state.insuranceFund &- remaining)
        return topped
    }

    static let call = EngineCall.deleverage(bankrupt: B.alice, counterparty: B.bob, market: 1, size: .one)

    static func long() -> [VectorCase] {
        let b = oneWeiOfBtc(long: true)
        // p + (remaining + 1) · WAD == MAX_PRICE.
        let steps = EVM.div(Constants.maxPrice &- b.state.markets[1].price, .wad)
        return [
            leaving(steps &- .one, b).finish("deleverage", "boundaries", "long-bankruptcy-price-at-max", "Alice's 1-wei BTC long with a remaining deficit that puts the bankruptcy price p + shift exactly at MAX_PRICE: allowed (the test is q > MAX_PRICE); Bob buys the wei at 10^26.",
                                             call: call, from: B.keeper, expect: .success),
            leaving(steps, b).finish("deleverage", "boundaries", "long-bankruptcy-price-one-step-above-max", "One wei more of remaining deficit moves the bankruptcy price WAD above MAX_PRICE: BankruptcyPriceOutOfRange(market, p, shift).",
                                     call: call, from: B.keeper, expect: .revert("BankruptcyPriceOutOfRange")),
        ]
    }

    static func short() -> [VectorCase] {
        let b = oneWeiOfBtc(long: false)
        // (remaining + 1) · WAD == p.
        let steps = EVM.div(b.state.markets[1].price, .wad)
        return [
            leaving(steps &- .one, b).finish("deleverage", "boundaries", "short-shift-equals-price", "Alice's 1-wei BTC short (Bob long 1 wei, in profit) with a remaining deficit that makes the shift exactly p: the price would be 0: BankruptcyPriceOutOfRange(market, p, shift).",
                                             call: call, from: B.keeper, expect: .revert("BankruptcyPriceOutOfRange")),
            leaving(steps &- 2, b).finish("deleverage", "boundaries", "short-shift-one-step-below-price", "One wei less of remaining deficit: the shift is p - WAD and Alice buys her wei back from Bob at p - shift = 1 USD.",
                                          call: call, from: B.keeper, expect: .success),
        ]
    }
}
