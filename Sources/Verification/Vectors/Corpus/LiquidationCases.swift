import ContractIO
import EVMArithmetic
import MarginEngine

/// liquidate and deleverage.
enum LiquidationCases {
    typealias B = CaseBuilder
    static let w = Fixture.wad

    /// Alice long 20 ETH at 2000 on `usd` of collateral against Bob; the
    /// keeper is funded to take positions over.
    static func levered(usd: UInt64 = 4_000, globalParams: GlobalParams = Fixture.globalParams) -> B {
        var b = B(globalParams: globalParams)
        b.listAll(assets: 3, markets: 2)
        b.fund(B.alice, usd: usd)
        b.fund(B.bob, usd: 100_000)
        b.fund(B.keeper, usd: 100_000)
        b.trade(buyer: B.alice, seller: B.bob, market: 0, size: w(20))
        return b
    }

    static func all() -> [VectorCase] { liquidate() + deleverage() }

    /// E < MM, and whether E < deepUnderwaterRatio · MM, for the state 12 s on.
    static func health(_ b: B, _ account: Address) -> (liquidatable: Bool, deep: Bool, equity: Int256)? {
        guard let m = b.margin(account) else { return nil }
        let mm = Int256(bitPattern: m.maintenanceMargin)
        let deepLine = Int256(bitPattern: EVM.div(m.maintenanceMargin, 2))   // deepUnderwaterRatio 0.5
        return (m.equity < mm, m.equity < deepLine, m.equity)
    }

    static func liquidate() -> [VectorCase] {
        var cases: [VectorCase] = []
        var b = levered()
        // Down 0.3 % every 5 minutes until Alice is below MM but not deep underwater.
        b.walk(market: 0, bps: 30) { health($0, B.alice)?.liquidatable == true }
        let call = { (size: UInt256) in EngineCall.liquidate(account: B.alice, market: 0, size: size) }
        let maxClose = w(10)                             // closeFactor 0.5 of 20
        cases.append(b.finish("liquidate", "basic", "half-at-close-factor", "Alice is below MM but above the deep-underwater line: the keeper takes over exactly closeFactor (10 of 20 ETH) at the oracle price; penalty 2 % of closed notional split 50/50.",
                              call: call(maxClose), from: B.keeper))
        cases.append(b.finish("liquidate", "boundaries", "close-factor-plus-one", "One wei above closeFactor · |size|: CloseTooLarge(size, maxClose).",
                              call: call(maxClose &+ .one), from: B.keeper))
        cases.append(b.finish("liquidate", "basic", "small-piece", "A 1 ETH liquidation; the rest stays open.", call: call(w(1)), from: B.keeper))
        // 1 ETH and the fewest wei more for which the closed notional, size · price, is not whole and
        // rounded down would be a multiple of 50: there the penalty, 2 % of it, is a whole number of wei
        // only if the notional rounds down, so each of the two roundings up shows.
        let p = b.state.markets[0].price
        let odd = (1...10_000).lazy.map { w(1) &+ UInt256(UInt64($0)) }.first { size in
            guard let (down, remainder) = try? UInt256.mulDivWithRemainder(size, p, .wad) else { return false }
            return !remainder.isZero && EVM.mod(down, 50).isZero
        } ?? w(1) &+ .one
        cases.append(b.finish("liquidate", "boundaries", "penalty-rounds-up", "A liquidation of 1 ETH and a few wei, chosen so that the closed notional, size · price, is not whole and, rounded down, a multiple of 50: the penalty, 2 % of the notional rounded up, then rounds up again, one wei more than either rounding down would give.",
                              call: call(odd), from: B.keeper))
        for (name, c, from, what) in [
            ("self", EngineCall.liquidate(account: B.keeper, market: 0, size: w(1)), B.keeper, "SelfTrade(account)."),
            ("no-position", .liquidate(account: B.alice, market: 1, size: w(1)), B.keeper, "NoPosition(account, 1)."),
            ("size-zero", .liquidate(account: B.alice, market: 0, size: 0), B.keeper, "InvalidSize(0)."),
            ("unknown-market", .liquidate(account: B.alice, market: 2, size: w(1)), B.keeper, "UnknownMarket(2)."),
            ("healthy-account", .liquidate(account: B.bob, market: 0, size: w(1)), B.keeper, "Bob is above MM: NotLiquidatable(account, equity, MM)."),
            ("liquidator-without-margin", .liquidate(account: B.alice, market: 0, size: w(10)), B.carol, "Carol has no collateral to carry 10 ETH: InsufficientMargin(liquidator, equity, IM)."),
        ] {
            cases.append(b.finish("liquidate", "errors", name, "liquidate: " + what, call: c, from: from))
        }
        cases.append(b.finish("liquidate", "errors", "stale-price", "The market price is 601 s old: StalePrice(0, 601).",
                              call: call(w(1)), from: B.keeper, after: 601))
        // Exactly at MM and one wei below, by topping up the collateral.
        // The top-up lands 12 s on and the call 12 s after it: evaluate MM then.
        if let m = b.margin(B.alice, after: 24), !m.equity.isNegative, m.equity.bitPattern < m.maintenanceMargin {
            let gap = m.maintenanceMargin &- m.equity.bitPattern
            var at = b
            at.fundWei(B.alice, gap)
            cases.append(at.finish("liquidate", "boundaries", "equity-exactly-mm", "Collateral topped up so equity == MM exactly: not liquidatable (the test is equity < MM).",
                                   call: call(w(1)), from: B.keeper))
            cases.append(at.finish("isLiquidatable", "boundaries", "equity-exactly-mm", "Equity == MM exactly: isLiquidatable is false (equity < MM is the test).",
                                   call: .isLiquidatable(B.alice), from: B.keeper, expect: .success))
            var below = b
            below.fundWei(B.alice, gap &- .one)
            cases.append(below.finish("liquidate", "boundaries", "equity-one-wei-below-mm", "Equity == MM - 1 wei: liquidatable.",
                                      call: call(w(1)), from: B.keeper))
            cases.append(below.finish("isLiquidatable", "boundaries", "equity-one-wei-below-mm", "Equity == MM - 1 wei: isLiquidatable is true.",
                                      call: .isLiquidatable(B.alice), from: B.keeper, expect: .success))
        }
        // Deep underwater: the whole position may go.
        var deep = b
        deep.walk(market: 0, bps: 30) { health($0, B.alice)?.deep == true }
        cases.append(deep.finish("liquidate", "basic", "deep-underwater-full-close", "Equity below deepUnderwaterRatio · MM: closing all 20 ETH at once is allowed.",
                                 call: call(w(20)), from: B.keeper))
        // Bankrupt: fees build a fund, then the price falls through zero equity.
        var bankrupt = levered(usd: 3_000)
        bankrupt.fund(B.carol, usd: 200_000)
        for _ in 0..<4 {
            bankrupt.trade(buyer: B.carol, seller: B.bob, market: 1, size: w(10))
            bankrupt.trade(buyer: B.bob, seller: B.carol, market: 1, size: w(10))
        }
        bankrupt.walk(market: 0, bps: 30) { ($0.margin(B.alice)?.equity.isNegative) == true }
        cases.append(bankrupt.finish("liquidate", "badDebt", "last-position-fund-covers", "Alice's last position is closed in full with negative equity: penalty 0, the fund covers the deficit (badDebtCovered), Alice ends at 0.",
                                     call: call(w(20)), from: B.keeper))
        cases.append(bankrupt.finish("liquidate", "badDebt", "partial-of-bankrupt", "A partial liquidation of a bankrupt account leaves a position open, so the fund is not touched; the penalty is 0.",
                                     call: call(w(5)), from: B.keeper))
        // The smallest top-up with which Alice keeps equity >= 0 after a
        // partial liquidation leaves her at Eafter == 0 before the penalty;
        // one wei more leaves 1 wei, and the penalty is capped at it.
        let zeroAfter = bankrupt.smallestTopUp(B.alice, below: w(100_000)) { s in
            var after = s
            after.run(call(w(5)), from: B.keeper)
            return !after.equity(B.alice).isNegative
        }
        var oneWeiLeft = bankrupt
        oneWeiLeft.fundWei(B.alice, zeroAfter &+ .one)
        cases.append(oneWeiLeft.finish("liquidate", "boundaries", "penalty-capped-at-one-wei", "Alice topped up so that after the 5 ETH transfer her equity is exactly 1 wei: the penalty is min(2 % of notional, 1) = 1 wei, the keeper's half rounds down to 0.",
                                       call: call(w(5)), from: B.keeper, expect: .success))
        var worse = bankrupt
        worse.walk(market: 0, bps: 50) { b in
            guard let e = b.margin(B.alice)?.equity, e.isNegative else { return false }
            return e.magnitude > b.state.insuranceFund
        }
        // The smallest top-up with which the full close goes through leaves
        // a deficit exactly equal to the fund. (Below |equity| Alice stays
        // liquidatable, so success only depends on the fund covering.)
        var exact = worse
        exact.fundWei(B.alice, worse.smallestTopUp(B.alice, below: worse.equity(B.alice).magnitude) {
            !$0.probe(call(w(20)), from: B.keeper).isRevert
        })
        cases.append(exact.finish("liquidate", "badDebt", "fund-exactly-covers", "Alice topped up so that her deficit after the full close equals the insurance fund to the wei: the fund covers it (the test is fund < deficit) and ends at 0.",
                                  call: call(w(20)), from: B.keeper, expect: .success))
        cases.append(worse.finish("liquidate", "badDebt", "fund-cannot-cover", "A deficit larger than the fund: InsuranceInsufficient(account, deficit, fund); deleverage is the way out.",
                                  call: call(w(20)), from: B.keeper))
        return cases
    }

    /// Alice long 20 ETH from 2000, Bob short 20 and Carol short 2 (both
    /// profitable after the crash to 1700), a fund of fees only: Alice is
    /// bankrupt beyond the fund. `before` adds steps ahead of the crash.
    static func bankruptBeyondFund(before: (inout B) -> Void = { _ in }) -> B {
        var b = levered(usd: 3_000)
        b.fund(B.carol, usd: 50_000)
        b.trade(buyer: B.keeper, seller: B.carol, market: 0, size: w(2))
        before(&b)
        b.post(market: 0, price: w(1700), after: 30)
        return b
    }

    static func deleverage() -> [VectorCase] {
        var cases: [VectorCase] = []
        let b = bankruptBeyondFund()
        let call = { (size: UInt256) in EngineCall.deleverage(bankrupt: B.alice, counterparty: B.bob, market: 0, size: size) }
        cases.append(b.finish("deleverage", "basic", "full-against-profitable-short", "Alice is bankrupt beyond the fund: the fund pays all it has, then Alice's 20 ETH close against Bob's profitable short at the bankruptcy price; Alice ends at exactly 0 equity.",
                              call: call(w(20)), from: B.keeper))
        cases.append(b.finish("deleverage", "basic", "partial", "Deleveraging 5 of 20 ETH: the bankruptcy price covers the whole remaining deficit on the 5 units.",
                              call: call(w(5)), from: B.keeper))
        cases.append(b.finish("deleverage", "errors", "close-too-large", "More than the bankrupt position: CloseTooLarge(size, |size|).",
                              call: call(w(20) &+ .one), from: B.keeper))
        cases.append(b.finish("deleverage", "errors", "same-side-counterparty", "The keeper is long like Alice: IneligibleCounterparty(counterparty, size, pnl).",
                              call: .deleverage(bankrupt: B.alice, counterparty: B.keeper, market: 0, size: w(1)), from: B.keeper))
        cases.append(b.finish("deleverage", "errors", "counterparty-too-small", "Carol is short only 2 ETH: IneligibleCounterparty for a 3 ETH deleverage.",
                              call: .deleverage(bankrupt: B.alice, counterparty: B.carol, market: 0, size: w(3)), from: B.keeper))
        cases.append(b.finish("deleverage", "errors", "counterparty-flat", "A counterparty without a position: IneligibleCounterparty(counterparty, 0, 0).",
                              call: .deleverage(bankrupt: B.alice, counterparty: B.stranger, market: 0, size: w(1)), from: B.keeper))
        cases.append(b.finish("deleverage", "errors", "self", "SelfTrade(bankrupt).",
                              call: .deleverage(bankrupt: B.alice, counterparty: B.alice, market: 0, size: w(1)), from: B.keeper))
        cases.append(b.finish("deleverage", "errors", "not-bankrupt", "Bob has positive equity: NotBankrupt(account, equity).",
                              call: .deleverage(bankrupt: B.bob, counterparty: B.alice, market: 0, size: w(1)), from: B.keeper))
        cases.append(b.finish("deleverage", "errors", "no-position", "Alice has no BTC position: NoPosition(account, 1).",
                              call: .deleverage(bankrupt: B.alice, counterparty: B.bob, market: 1, size: w(1)), from: B.keeper))
        cases.append(b.finish("deleverage", "errors", "size-zero", "InvalidSize(0).", call: call(0), from: B.keeper))
        cases.append(b.finish("deleverage", "errors", "unknown-market", "UnknownMarket(2), checked before the other arguments.",
                              call: .deleverage(bankrupt: B.alice, counterparty: B.bob, market: 2, size: w(1)), from: B.keeper,
                              expect: .revert("UnknownMarket")))
        cases.append(b.finish("deleverage", "basic", "partial-odd-size", "Deleveraging 5 ETH + 1 wei: the fills' costs round apart, and the wei of dust goes to the fund after it has paid out.",
                              call: call(w(5) &+ .one), from: B.keeper, expect: .success))
        cases += deleverageBoundaries(b)
        cases.append(b.finish("deleverage", "errors", "stale-price", "StalePrice: the crash price is 601 s old.", call: call(w(1)), from: B.keeper, after: 601))
        // The fund can cover: no deleveraging.
        var covered = levered(usd: 3_000)
        covered.fund(B.carol, usd: 200_000)
        for _ in 0..<20 {
            covered.trade(buyer: B.carol, seller: B.bob, market: 1, size: w(20))
            covered.trade(buyer: B.bob, seller: B.carol, market: 1, size: w(20))
        }
        covered.post(market: 0, price: w(1840), after: 5)
        cases.append(covered.finish("deleverage", "errors", "fund-can-cover", "The fund holds more than the deficit: InsuranceCanCover(deficit, fund); liquidation handles it.",
                                    call: call(w(1)), from: B.keeper))
        return cases
    }

    /// Each test of deleverage's checks at its edge: zero equity, a fund
    /// exactly equal to the deficit, a counterparty at exactly zero and at 1
    /// wei of PnL, and one left with negative equity.
    static func deleverageBoundaries(_ b: B) -> [VectorCase] {
        var cases: [VectorCase] = []
        let call = { (counterparty: Address, size: UInt256) in
            EngineCall.deleverage(bankrupt: B.alice, counterparty: counterparty, market: 0, size: size)
        }
        var zero = b
        zero.run(call(B.bob, w(5)), from: B.keeper)
        cases.append(zero.finish("deleverage", "boundaries", "zero-equity-not-bankrupt", "After a partial deleverage Alice is at exactly 0 equity: not bankrupt (the test is equity < 0): NotBankrupt(account, 0).",
                                 call: call(B.bob, w(1)), from: B.keeper, expect: .revert("NotBankrupt")))
        // The deficit -E against the fund, to the wei.
        let gap = b.equity(B.alice).magnitude &- b.state.insuranceFund
        var covered = b
        covered.fundWei(B.alice, gap)
        cases.append(covered.finish("deleverage", "boundaries", "fund-equals-deficit", "Alice topped up so her deficit equals the fund exactly: the fund can cover it: InsuranceCanCover(deficit, fund).",
                                    call: call(B.bob, w(20)), from: B.keeper, expect: .revert("InsuranceCanCover")))
        var short = b
        short.fundWei(B.alice, gap &- .one)
        cases.append(short.finish("deleverage", "boundaries", "deficit-one-wei-above-fund", "A deficit 1 wei above the fund: deleveraging goes ahead; remaining 1 wei gives a price shift of ceil(2 · WAD / size).",
                                  call: call(B.bob, w(20)), from: B.keeper, expect: .success))
        // Counterparties that open a short after the breaker of the crash
        // has expired, at the oracle price p (PnL 0) or at p + 1 wei per
        // unit (PnL exactly 1 wei on 1 ETH).
        var later = b
        let p = later.state.markets[0].price
        later.post(market: 0, price: p, after: 1_801)
        var flat = later
        flat.fund(B.stranger, usd: 50_000)
        var oneWei = flat
        flat.trade(buyer: B.keeper, seller: B.stranger, market: 0, size: w(1), price: p)
        cases.append(flat.finish("deleverage", "boundaries", "counterparty-pnl-zero", "Stranger shorted 1 ETH at the oracle price: unrealised PnL exactly 0 is not profitable: IneligibleCounterparty.",
                                 call: call(B.stranger, w(1)), from: B.keeper, expect: .revert("IneligibleCounterparty")))
        oneWei.trade(buyer: B.keeper, seller: B.stranger, market: 0, size: w(1), price: p &+ .one)
        cases.append(oneWei.finish("deleverage", "boundaries", "counterparty-pnl-one-wei", "Stranger shorted 1 ETH at p + 1 wei: unrealised PnL exactly 1 wei is profitable: eligible, and the deleverage goes through.",
                                   call: call(B.stranger, w(1)), from: B.keeper, expect: .success))
        // A counterparty short 0.01 ETH on 500 USD takes Alice's remaining
        // deficit of about 3000 USD and would end below zero equity.
        var thin = later
        let hundredth = Fixture.fraction(1, 2)
        thin.fund(B.stranger, usd: 500)
        thin.trade(buyer: B.keeper, seller: B.stranger, market: 0, size: hundredth, price: p &+ w(1))
        cases.append(thin.finish("deleverage", "boundaries", "counterparty-left-negative", "Stranger (short 0.01 ETH on 500 USD) would buy at a bankruptcy price that costs more than his equity: InsufficientMargin(counterparty, equity, 0) (not risk-increasing: the floor is 0).",
                                 call: call(B.stranger, hundredth), from: B.keeper, expect: .revert("InsufficientMargin")))
        return cases
    }
}
