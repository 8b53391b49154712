import ContractIO
import EVMArithmetic
import MarginEngine

/// deposit and withdraw.
enum CollateralCases {
    typealias B = CaseBuilder

    static func all() -> [VectorCase] { deposit() + withdraw() }

    static func deposit() -> [VectorCase] {
        var cases: [VectorCase] = []
        var b = B()
        b.listAll(assets: 3, markets: 1)
        let maxUSDC = EVM.div(Constants.maxCollateral, Constants.pow10(12))
        for (name, asset, amount, what) in [
            ("usdc", UInt256(0), UInt256(5_000_000_000), "5000 USDC (6 decimals) credits the sender; equity rises by 5000e18."),
            ("weth", 1, Fixture.wad(3), "3 WETH credit 3e18 native units, valued at 0.8 · 2000 each."),
            ("one-unit", 0, 1, "1 native unit of USDC (1e12 wei of USD value)."),
            ("usdc-max", 0, maxUSDC, "exactly MAX_COLLATERAL scaled: 10^18 USDC units."),
            ("usd18-max", 2, Constants.maxCollateral, "exactly MAX_COLLATERAL of an 18-decimal asset."),
        ] {
            cases.append(b.finish("deposit", name.hasSuffix("max") ? "boundaries" : "basic", name, "deposit: " + what,
                                  call: .deposit(asset: asset, amount: amount), from: B.alice))
        }
        for (name, asset, amount, what) in [
            ("zero", UInt256(0), UInt256(0), "amount 0: ZeroAmount()."),
            ("unknown-asset", 3, 1, "asset 3 is not listed: UnknownAsset(3)."),
            ("above-max-alone", 2, Constants.maxCollateral &+ .one, "an amount above MAX_COLLATERAL by itself: CollateralLimitExceeded(asset, amount)."),
            ("usdc-above-max-scaled", 0, maxUSDC &+ .one, "10^18 + 1 USDC units scale above MAX_COLLATERAL: CollateralLimitExceeded(0, newBalance)."),
            ("huge-amount", 0, UInt256.max, "2^256 - 1: CollateralLimitExceeded before any addition can overflow."),
        ] {
            cases.append(b.finish("deposit", "errors", name, "deposit: " + what, call: .deposit(asset: asset, amount: amount), from: B.alice))
        }
        // A WETH price one wei above 2000 USD: 1 WETH is worth 2000 USD + 1 wei, and its 0.8 haircut 1600 USD + 0.8 wei.
        var odd = b
        odd.run(.deposit(asset: 1, amount: Fixture.wad(1)), from: B.alice)
        odd.run(.postAssetPrice(asset: 1, price: Fixture.wad(2000) &+ .one, timestamp: odd.now &+ 12), from: B.oracle)
        cases.append(odd.finish("equity", "boundaries", "haircut-rounds-down", "1 WETH at 2000 USD + 1 wei, weight 0.8: the haircut value, 1600 USD + 0.8 wei, rounds down to 1600 USD.",
                                call: .equity(B.alice), from: B.keeper))
        var topped = b
        topped.run(.deposit(asset: 0, amount: maxUSDC &- 10), from: B.alice)
        cases.append(topped.finish("deposit", "boundaries", "top-up-to-max", "A second deposit reaching exactly the limit is allowed.",
                                   call: .deposit(asset: 0, amount: 10), from: B.alice))
        cases.append(topped.finish("deposit", "boundaries", "top-up-past-max", "A second deposit one unit past the limit: CollateralLimitExceeded(0, newBalance).",
                                   call: .deposit(asset: 0, amount: 11), from: B.alice))
        return cases
    }

    static func withdraw() -> [VectorCase] {
        var cases: [VectorCase] = []
        var b = B()
        b.listAll(assets: 3, markets: 2)
        b.fund(B.alice, usd: 10_000)
        b.fund(B.bob, usd: 10_000)
        cases.append(b.finish("withdraw", "basic", "all-without-positions", "Without positions or negative cash, everything can be withdrawn (IM = 0).",
                              call: .withdraw(asset: 2, amount: Fixture.wad(10_000)), from: B.alice))
        cases.append(b.finish("withdraw", "errors", "more-than-balance", "InsufficientBalance(asset, balance, amount).",
                              call: .withdraw(asset: 2, amount: Fixture.wad(10_000) &+ .one), from: B.alice))
        cases.append(b.finish("withdraw", "errors", "zero", "ZeroAmount().", call: .withdraw(asset: 2, amount: 0), from: B.alice))
        cases.append(b.finish("withdraw", "errors", "unknown-asset", "UnknownAsset(3).", call: .withdraw(asset: 3, amount: 1), from: B.alice))
        cases.append(b.finish("withdraw", "errors", "other-asset-empty", "Withdrawing an asset never deposited: InsufficientBalance(0, 0, 1).",
                              call: .withdraw(asset: 0, amount: 1), from: B.alice))
        // With a position: the post-state needs equity >= IM, to the wei.
        var p = b
        p.trade(buyer: B.alice, seller: B.bob, market: 0, size: Fixture.wad(20))
        if let m = p.margin(B.alice) {
            let e = m.equity.bitPattern
            let spare = e > m.initialMargin ? e &- m.initialMargin : .zero
            cases.append(p.finish("withdraw", "boundaries", "down-to-initial-margin", "With a 20 ETH long, withdrawing exactly equity - IM leaves equity == IM: allowed.",
                                  call: .withdraw(asset: 2, amount: spare), from: B.alice))
            cases.append(p.finish("withdraw", "boundaries", "one-wei-below-initial-margin", "Withdrawing 1 wei more than equity - IM: InsufficientMargin(account, equity, IM).",
                                  call: .withdraw(asset: 2, amount: spare &+ .one), from: B.alice))
        }
        cases.append(p.finish("withdraw", "errors", "stale-market-price", "With an open position, the market price must be fresh (maxOracleAge 600 s): StalePrice(0, age).",
                              call: .withdraw(asset: 2, amount: 1), from: B.alice, after: 700))
        var assetStale = p
        assetStale.run(.deposit(asset: 1, amount: Fixture.wad(1)), from: B.alice)
        assetStale.wait(700)
        assetStale.post(market: 0, price: Fixture.wad(2000), after: 0)
        assetStale.post(market: 1, price: Fixture.wad(40000), after: 0)
        cases.append(assetStale.finish("withdraw", "errors", "stale-asset-price", "Fresh market prices but WETH's price is 700 s old and still held: StaleAssetPrice(1, age).",
                                       call: .withdraw(asset: 2, amount: 1), from: B.alice, after: 1))
        return cases
    }
}
