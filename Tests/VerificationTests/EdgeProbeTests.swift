import ContractIO
import EVMArithmetic
import MarginEngine
import Testing
@testable import Verification

/// The probes of 1-wei positions, correlation steps and the end of a
/// breaker do on the model what they are for.
@Suite struct EdgeProbeTests {
    /// Runs the probe's first call and every call it queued; the outcomes and the calls.
    static func burst(_ g: inout CallGenerator, _ state: inout EngineState, _ first: Scenario.Call,
                      before: (EngineState, Scenario.Call) -> Void = { _, _ in },
                      after: (EngineState, Scenario.Call) -> Void = { _, _ in }) -> [(Scenario.Call, String)] {
        var calls = [first]
        while g.hasQueuedCalls { calls.append(g.next(state)) }
        return calls.map { call in
            before(state, call)
            let outcome = AimedCallTests.revertName(&state, call)
            after(state, call)
            return (call, outcome)
        }
    }

    /// A set-up trade at the oracle price, which must go through.
    static func open(_ state: inout EngineState, at time: UInt256, buyer: Address, seller: Address, market m: Int,
                     size: UInt256) throws {
        let trade = EngineCall.settleTrade(buyer: buyer, seller: seller, market: Amounts.u(m), size: size, price: state.markets[m].price)
        let outcome = AimedCallTests.revertName(&state, Scenario.Call(from: state.exchange, timestamp: time, call: trade, isStatic: false))
        try #require(outcome == "success", "the set-up trade in market \(m)")
    }

    @Test func aTraderGoesToOneWeiAndFlipsAroundIt() throws {
        var (g, state) = try AimedCallTests.world()
        let probe = g.dustProbe(state, strained: false)
        let first = try #require(probe)
        guard case let .settleTrade(buyer, _, market, size, _) = first.call else { Issue.record("\(first.call)"); return }
        #expect(size == .one, "from a flat position, one wei")
        var sizes: [Int64] = []
        let outcomes = Self.burst(&g, &state, first, after: { state, call in
            guard case .settleTrade = call.call else { return }
            let s = state.account(buyer).positions[Int(market.w0)].size
            sizes.append(s.isNegative ? -Int64(s.magnitude.w0) : Int64(s.magnitude.w0))
        })
        #expect(outcomes.allSatisfy { $0.1 == "success" }, "\(outcomes.map(\.1))")
        #expect(sizes == [1, -1, 1, 2, 1, 0, -1, 0])
    }

    /// From an account that a position in another market keeps below
    /// initial margin, the position is reduced to one wei, and only the
    /// fills that reduce it further are accepted.
    @Test func aStrainedTraderOnlyReducesItsOneWei() throws {
        var (g, state) = try AimedCallTests.world()
        let trader = Actors.trader(0)
        let equity = try #require(try? state.equity(trader))
        // A small long in market 0, and in market 1 one of five times the equity.
        for (m, notional) in [(0, Amounts.wad(10)), (1, equity.magnitude &* Amounts.u(5))] {
            try Self.open(&state, at: g.now, buyer: trader, seller: Actors.keeper(0), market: m,
                          size: try UInt256.mulDiv(notional, .wad, state.markets[m].price))
        }
        // Two falls of 9 % in market 1, each below the breaker's threshold: equity stays positive, below
        // initial margin; market 0 is posted again to stay fresh.
        for _ in 0..<2 {
            g.advance(1)
            for (m, percent) in [(1, 91), (0, 100)] {
                let post = EngineCall.postPrice(market: Amounts.u(m), price: Amounts.percent(state.markets[m].price, percent), timestamp: g.now)
                _ = state.execute(post, context: CallContext(sender: state.oracle, timestamp: g.now))
            }
        }
        let e = try state.equity(trader), im = try state.initialMargin(trader, now: g.now)
        #expect(!e.isNegative && e.magnitude < im, "equity \(e), IM \(im)")
        let probe = g.dustProbe(state, strained: true)
        let first = try #require(probe)
        var sizes: [Int64] = []
        let outcomes = Self.burst(&g, &state, first, after: { state, call in
            guard case .settleTrade = call.call else { return }
            let s = state.account(trader).positions[0].size
            sizes.append(s.isNegative ? -Int64(s.magnitude.w0) : Int64(s.magnitude.w0))
        }).filter { if case .settleTrade = $0.0.call { true } else { false } }.map(\.1)
        #expect(sizes == [1, 1, 1, 1, 0, 0, 0, 0], "\(outcomes)")
        #expect(outcomes.filter { $0 != "success" }.allSatisfy { $0 == "InsufficientMargin" }, "\(outcomes)")
    }

    @Test func aCorrelationStepsByItsAllowanceAtTheEndOfEachCooldown() throws {
        var (g, state) = try AimedCallTests.world()
        let probe = g.correlationStepProbe(state)
        let first = try #require(probe)
        var changes: [(timestamp: UInt256, readyAt: UInt256)] = []
        let outcomes = Self.burst(&g, &state, first) { state, call in
            guard case let .setCorrelation(a, b, _) = call.call else { return }
            let id = ParameterID.correlation(Int(min(a, b).w0), Int(max(a, b).w0))
            changes.append((call.timestamp, state.lastChange(id) &+ Constants.guardrailCooldown))
        }.filter { if case .setCorrelation = $0.0.call { true } else { false } }.map(\.1)
        #expect(outcomes == Array(repeating: ["CorrelationGuardrailExceeded", "success"], count: 3).flatMap { $0 })
        // After the first day, each day's first change comes at the very second the cooldown ends.
        #expect(changes.dropFirst(2).enumerated().filter { $0.offset % 2 == 0 }.allSatisfy { $0.element.timestamp == $0.element.readyAt })
    }

    @Test func aTradeOpensRiskAtTheSecondTheBreakerEnds() throws {
        var (g, state) = try AimedCallTests.world()
        let probe = g.breakerEdgeProbe(state)
        let first = try #require(probe)
        var trades = 0
        for (call, outcome) in Self.burst(&g, &state, first, before: { state, call in
            guard case let .settleTrade(_, _, market, _, _) = call.call else { return }
            #expect(call.timestamp == state.markets[Int(market.w0)].breakerUntil, "at the end of the breaker")
        }) {
            guard case .settleTrade = call.call else { continue }
            trades += 1
            #expect(outcome == "success")
        }
        #expect(trades == 1)
    }

    /// The zero-equity probe posts the last price at which the account's
    /// equity is not negative or the first at which it is, one wei apart;
    /// the deleveraging that follows is refused as NotBankrupt on the safe
    /// side and as InsuranceCanCover past it (the fund covers a few wei),
    /// and the whole position is liquidated, the fund covering what is left.
    @Test func theZeroEquityEdgeIsOneWeiWide() throws {
        var (generator, state) = try AimedCallTests.world()
        let buyer = Actors.trader(0), seller = Actors.trader(1)
        // A short of trader 1 five times its equity: equity crosses zero when the price has risen a fifth.
        let collateral = try #require(try? state.equity(seller))
        let size = try UInt256.mulDiv(collateral.magnitude &* Amounts.u(5), .wad, state.markets[0].price)
        try Self.open(&state, at: generator.now, buyer: buyer, seller: seller, market: 0, size: size)
        var prices: [UInt256] = []
        for past in [false, true] {
            var g = generator, s = state
            let probe = g.zeroEquityEdge(s, past: past, of: seller)
            let post = try #require(probe)
            var equity: Int256?, leverage: (equity: Int256, notional: UInt256)?, edge: UInt256?
            let outcomes = Self.burst(&g, &s, post, before: { state, call in
                if case .deleverage = call.call { equity = try? state.equity(seller) }
                if case let .postPrice(_, price, _) = call.call { edge = price }
                if case let .adlScore(account, market) = call.call, leverage == nil, let e = try? state.equity(account) {
                    let m = Int(market.w0)
                    let notional = state.account(account).positions[m].size.magnitude &* state.markets[m].price
                    leverage = (e, notional)
                }
            }).filter { if case .postPrice = $0.0.call { false } else { !$0.0.isStatic } }.map(\.1)
            prices.append(try #require(edge))
            // Short of the edge, equity is positive but leverage (notional / equity) beyond the score's cap of 10^6.
            let (small, notional) = try #require(leverage)
            #expect(!small.isNegative && !small.isZero && small.magnitude &* Constants.pow10(24) < notional, "\(small)")
            let e = try #require(equity)
            #expect(e.isNegative == past && e.magnitude < Amounts.u(1_000_000), "\(e)")
            #expect(outcomes == [past ? "InsuranceCanCover" : "NotBankrupt", "success"], "\(outcomes)")
            // The whole position went; past the edge the fund covered the deficit, so equity is zero.
            #expect(!s.hasOpenPositionIn(seller))
            #expect(past ? try s.equity(seller) == .zero : true)
        }
        let gap = prices[0] > prices[1] ? prices[0] &- prices[1] : prices[1] &- prices[0]
        #expect(gap == .one)
    }

    /// A withdrawal by an account with a position exactly maxOracleAge
    /// after the asset's observation is allowed; a second later it is
    /// refused as stale.
    @Test func aWithdrawalAtTheAssetsAgeLimit() throws {
        var (generator, state) = try AimedCallTests.world()
        try Self.open(&state, at: generator.now, buyer: Actors.trader(0), seller: Actors.trader(1), market: 0, size: Amounts.wad(1))
        for past in [false, true] {
            var g = generator, s = state
            let outcomes = Self.burst(&g, &s, g.assetAgeEdge(s, past: past))
            let (withdrawal, outcome) = try #require(outcomes.last)
            guard case let .withdraw(asset, _) = withdrawal.call else { Issue.record("\(withdrawal.call)"); return }
            #expect(withdrawal.timestamp == s.assets[Int(asset.w0)].priceTime &+ s.globalParams.maxOracleAge &+ (past ? .one : .zero))
            #expect(outcome == (past ? "StaleAssetPrice" : "success"), "\(outcomes.map(\.1))")
        }
    }

    /// An asset's weight goes to zero and back, every change accepted but
    /// the one a wei past the minimum step.
    @Test func anAssetWeightWalksToZeroAndBack() throws {
        var (g, state) = try AimedCallTests.world()
        let start = state.assets.map(\.weight)
        let probe = g.assetWeightWalk(state)
        let first = try #require(probe)
        var weights: [UInt256] = []
        let outcomes = Self.burst(&g, &state, first, after: { state, call in
            if case let .setAssetWeight(asset, _) = call.call { weights.append(state.assets[Int(asset.w0)].weight) }
        }).filter { if case .setAssetWeight = $0.0.call { true } else { false } }.map(\.1)
        #expect(outcomes.filter { $0 != "success" } == ["GuardrailExceeded"], "\(outcomes)")
        #expect(weights.contains(.zero) && weights.contains(ParameterBounds.assetWeight.minStep))
        #expect(state.assets.map(\.weight) == start)
    }

    /// The deleveraging probe on either side: far past the edge a 1-wei
    /// close's bankruptcy price is out of range; a fresh 1-wei counterparty
    /// is ineligible at a PnL of exactly 0 and eligible at exactly 1; at the
    /// edge, where the deficit just exceeds the fund, a 1-wei close goes
    /// through. Liquidated down to one wei, the account is refused a close
    /// while the fund covers it; then a long's last wei is closed, a
    /// short's liquidated.
    @Test(arguments: [true, false]) func deleveragingsMeetCounterpartiesOfAFewWei(long: Bool) throws {
        var (generator, state) = try AimedCallTests.world()
        let seller = Actors.trader(3)
        let collateral = try #require(try? state.equity(seller))
        let size = try UInt256.mulDiv(collateral.magnitude &* Amounts.u(5), .wad, state.markets[0].price)
        try Self.open(&state, at: generator.now, buyer: Actors.trader(2), seller: seller, market: 0, size: size)
        let probe = generator.deleverageEdge(state, long: long)
        let first = try #require(probe)
        var seen: [(deficitOverFund: Bool, long: Bool, opposite: Bool, bankrupt: UInt256, counterparty: UInt256, pnl: Int256?)] = []
        let calls = Self.burst(&generator, &state, first, before: { state, call in
            guard case let .deleverage(bankrupt, counterparty, market, _) = call.call, let e = try? state.equity(bankrupt) else { return }
            let m = Int(market.w0)
            let (s, c) = (state.account(bankrupt).positions[m].size, state.account(counterparty).positions[m].size)
            seen.append((e.isNegative && e.magnitude > state.insuranceFund, !s.isNegative, !c.isZero && c.isNegative != s.isNegative,
                         s.magnitude, c.magnitude, try? state.unrealisedPnl(counterparty, m)))
        })
        let closes = calls.compactMap { if case .deleverage = $0.0.call { $0.1 } else { nil } }
        let liquidations = calls.compactMap { if case .liquidate = $0.0.call { $0.1 } else { nil } }
        #expect(closes.prefix(4) == ["BankruptcyPriceOutOfRange", "IneligibleCounterparty", "BankruptcyPriceOutOfRange", "success"],
                "\(closes)")
        #expect(seen.allSatisfy { $0.long == long && $0.opposite }, "\(seen)")
        #expect(seen.prefix(4).allSatisfy { $0.deficitOverFund }, "\(seen)")
        #expect(seen.prefix(4).map(\.counterparty) == [3, 1, 1, 3], "\(seen)")
        #expect(seen[1...2].map(\.pnl) == [0, 1], "\(seen)")
        // Down to one wei, covered by the fund: refused.
        #expect(liquidations.first == "success" && seen.count > 4 && seen[4].bankrupt == .one && !seen[4].deficitOverFund, "\(seen)")
        #expect(["InsuranceCanCover", "NotBankrupt"].contains(closes.dropFirst(4).first ?? ""), "\(closes)")
        if long {
            #expect(closes.count == 6 && closes[5] == "success" && seen[5].bankrupt == .one && seen[5].deficitOverFund, "\(closes) \(seen)")
        } else {
            #expect(closes.count == 5 && liquidations == ["success", "success"], "\(closes) \(liquidations)")
        }
    }

    /// Scenarios of consecutive seeds start their probes a quarter of the
    /// kinds apart, so that the last kinds come early in some; props runs
    /// start at the first kind.
    @Test func scenariosStartTheirProbesAtSeedDependentKinds() {
        let kinds = (UInt64(1)...4).map { CallGenerator.firstProbe(seed: $0) / 2 }
        #expect(kinds == [0, 4, 8, 12])
        let shape = World.Shape.standard(traders: 4, markets: 3, assets: 2)
        #expect(CallGenerator(seed: 2, world: shape, inspects: true).probeCounter == 8)
        #expect(CallGenerator(seed: 2).probeCounter == 0)
    }

    /// The deep-water probe posts the last price at which a liquidation
    /// may close only the close factor's share, or the first at which it
    /// may close the whole position, one wei apart; the whole position is
    /// then refused (CloseTooLarge) or liquidated.
    @Test func theDeepWaterEdgeIsOneWeiWide() throws {
        var (generator, state) = try AimedCallTests.world()
        try Self.open(&state, at: generator.now, buyer: Actors.trader(0), seller: Actors.trader(1), market: 0, size: Amounts.wad(5))
        var prices: [UInt256] = []
        for past in [false, true] {
            var g = generator, s = state
            let probe = g.maintenanceMarginEdge(s, past: past, deep: true, of: Actors.trader(1))
            let post = try #require(probe)
            guard case let .postPrice(_, price, _) = post.call else { Issue.record("not a post: \(post.call)"); return }
            prices.append(price)
            let outcomes = Self.burst(&g, &s, post).map(\.1)
            #expect(outcomes == ["success", past ? "success" : "CloseTooLarge"], "past: \(past)")
        }
        let gap = prices[0] > prices[1] ? prices[0] &- prices[1] : prices[1] &- prices[0]
        #expect(gap == .one)
    }

    /// The guardrail probe that goes one wei past the allowance first makes
    /// the parameter one wei larger, so that a quarter of it is not whole:
    /// a day later, one past floor(current / 4) is refused, the floor
    /// itself accepted.
    @Test func aGuardrailProbeGoesPastARoundedAllowance() throws {
        var (g, state) = try AimedCallTests.world()
        g.probeCounter = 31   // the next probe is the market parameters' (kind 0), one past
        let first = g.boundaryProbe(state)
        var calls: [Scenario.Call] = []
        let outcomes = Self.burst(&g, &state, first, before: { _, call in calls.append(call) }).map(\.1)
        #expect(outcomes == ["success", "GuardrailExceeded"], "\(outcomes)")
        guard case let .setMarketParams(market, odd) = calls[0].call, case let .setMarketParams(_, past) = calls[1].call,
              let k = odd.values.indices.first(where: { odd.values[$0] != past.values[$0] }) else {
            Issue.record("\(calls.map(\.call))")
            return
        }
        #expect(!EVM.mod(odd.values[k], 4).isZero)
        #expect(past.values[k] == odd.values[k] &+ EVM.div(odd.values[k], 4) &+ .one)
        var exact = past.values
        exact[k] = exact[k] &- .one
        let accepted = Scenario.Call(from: calls[1].from, timestamp: calls[1].timestamp,
                                     call: .setMarketParams(market: market, params: MarketParams(values: exact)!), isStatic: false)
        #expect(AimedCallTests.revertName(&state, accepted) == "success")
    }
}
