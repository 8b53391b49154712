// Each state-changing operation emits exactly the Spec's events, in the
// order of its EVENTS phase. Each expected event is written as the Spec's
// signature and its field values in declaration order; topics and data are
// then built from Spec/abi.md's table (topic0, which fields are indexed) and
// compared with the model's encoding.
@testable import MarginEngine
import ContractABI
import EVMArithmetic
import ExactArithmetic
import Testing

/// An event as the Spec writes it: signature and field values in declaration order.
struct SpecEvent {
    let signature: String
    let values: [ABIValue]

    init(_ signature: String, _ values: [ABIValue]) {
        self.signature = signature
        self.values = values
    }
}

@Suite("Events (operations/*.md EVENTS, abi.md)")
struct EventTests {
    let spec: SpecABI

    init() throws { spec = try SpecABI() }

    static let globalSignature = "GlobalParamsSet(" + Array(repeating: "uint256", count: 11).joined(separator: ",") + ")"
    static let marketParamsSignature = "MarketParamsSet(" + Array(repeating: "uint256", count: 16).joined(separator: ",") + ")"

    /// The model's events are exactly `expected`, field by field and byte by byte.
    func expect(_ events: [EngineEvent], _ expected: [SpecEvent], _ label: String,
                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(events.count == expected.count, "\(label): \(events.count) events \(events), expected \(expected.map(\.signature))",
                sourceLocation: sourceLocation)
        for (event, want) in zip(events, expected) {
            #expect(event.signature == want.signature, "\(label): \(event.signature), expected \(want.signature)", sourceLocation: sourceLocation)
            #expect(event.abi.fields.map(\.value) == want.values, "\(label): \(event.abi.fields.map(\.value)), expected \(want.values)",
                    sourceLocation: sourceLocation)
            guard let (topic0, fields) = spec.event(want.signature), fields.count == want.values.count else {
                Issue.record("\(label): \(want.signature) is not in Spec/abi.md with \(want.values.count) fields", sourceLocation: sourceLocation)
                continue
            }
            let topics = [topic0] + zip(fields, want.values).filter { $0.0.indexed }.map { $0.1.word }
            let data = zip(fields, want.values).filter { !$0.0.indexed }.flatMap { $0.1.word.bigEndianBytes }
            #expect(event.topics == topics, "\(label) \(want.signature): topics", sourceLocation: sourceLocation)
            #expect(event.data == data, "\(label) \(want.signature): data", sourceLocation: sourceLocation)
        }
    }

    /// `conservation` (invariants.md): Σ cash − Σ openNotional + insuranceFund == 0.
    func conserved(_ chain: Chain) -> Bool {
        var total = chain.state.insuranceFund.exact
        for account in chain.state.accounts.values {
            total = total + account.cash.exact
            for p in account.positions { total = total - p.openNotional.exact }
        }
        return total.signum == 0
    }

    @Test("constructor: RolesSet(oracle, exchange), then GlobalParamsSet(11 values)")
    func constructorEvents() {
        let chain = Chain()
        expect(chain.deploymentEvents, [
            SpecEvent("RolesSet(address,address)", [.address(Actor.oracle), .address(Actor.exchange)]),
            SpecEvent(Self.globalSignature, GlobalParams.standard.values.map { .uint256($0) }),
        ], "constructor")
    }

    @Test("owner operations: setRoles, listAsset, setAssetWeight, listMarket, setMarketParams, setCorrelation, setGlobalParams")
    func ownerOperationEvents() {
        var chain = Chain()
        var outcome = chain.call(.setRoles(oracle: Actor.bob, exchange: Actor.carol), from: Actor.owner)
        expect(outcome.events, [SpecEvent("RolesSet(address,address)", [.address(Actor.bob), .address(Actor.carol)])], "setRoles")
        #expect(outcome.returnData.isEmpty)
        chain.succeed(.setRoles(oracle: Actor.oracle, exchange: Actor.exchange), from: Actor.owner)

        outcome = chain.call(.listAsset(decimals: 6, weight: wad("0.95"), price: wad("1")), from: Actor.owner)
        expect(outcome.events, [SpecEvent("AssetListed(uint256,uint256,uint256,uint256)",
                                          [.uint256(0), .uint256(6), .uint256(wad("0.95")), .uint256(wad("1"))])], "listAsset")
        #expect(outcome.returnData == UInt256(0).bigEndianBytes)
        outcome = chain.call(.listAsset(decimals: 18, weight: wad("0.8"), price: wad("2000")), from: Actor.owner)
        #expect(outcome == .success(returns: [.uint256(1)], events: [.assetListed(asset: 1, decimals: 18, weight: wad("0.8"), price: wad("2000"))]))

        // Emitted also when the value does not change.
        outcome = chain.call(.setAssetWeight(asset: 1, weight: wad("0.8")), from: Actor.owner)
        expect(outcome.events, [SpecEvent("AssetWeightSet(uint256,uint256)", [.uint256(1), .uint256(wad("0.8"))])], "setAssetWeight")

        outcome = chain.call(.listMarket(price: wad("2000"), variance: 2_000_000_000, params: .standard), from: Actor.owner)
        expect(outcome.events, [
            SpecEvent("MarketListed(uint256,uint256,uint256)", [.uint256(0), .uint256(wad("2000")), .uint256(2_000_000_000)]),
            SpecEvent(Self.marketParamsSignature, [.uint256(0)] + MarketParams.standard.values.map { .uint256($0) }),
        ], "listMarket")
        #expect(outcome.returnData == UInt256(0).bigEndianBytes)
        chain.listMarket(price: wad("40000"), variance: 1_500_000_000)

        outcome = chain.call(.setMarketParams(market: 1, params: .standard), from: Actor.owner)
        expect(outcome.events, [SpecEvent(Self.marketParamsSignature, [.uint256(1)] + MarketParams.standard.values.map { .uint256($0) })],
               "setMarketParams")

        // Markets in the caller's order; int256 data in two's complement.
        outcome = chain.call(.setCorrelation(marketA: 1, marketB: 0, correlation: swad("-0.8")), from: Actor.owner)
        expect(outcome.events, [SpecEvent("CorrelationSet(uint256,uint256,int256)", [.uint256(1), .uint256(0), .int256(swad("-0.8"))])],
               "setCorrelation")

        chain.advance(86_400)
        var global = GlobalParams.standard
        global.feeRatio = wad("0.0006")
        outcome = chain.call(.setGlobalParams(global), from: Actor.owner)
        expect(outcome.events, [SpecEvent(Self.globalSignature, global.values.map { .uint256($0) })], "setGlobalParams")
        #expect(chain.state.lastChange(6) == chain.now && chain.state.lastChange(5) == Chain.genesis)
    }

    @Test("oracle operations: postPrice (PriceUpdate, then BreakerTripped on a trip) and postAssetPrice")
    func oracleOperationEvents() {
        var chain = Chain()
        chain.listUSDC()
        chain.listMarket()
        chain.advance(60)
        var outcome = chain.call(.postPrice(market: 0, price: wad("2010"), timestamp: chain.now &- 5), from: Actor.oracle)
        expect(outcome.events, [SpecEvent("PriceUpdate(uint256,uint256,uint256,uint256,uint256,uint256)",
                                          [.uint256(0), .uint256(wad("2010")), .uint256(chain.now &- 5), .uint256(29_152_727_273),
                                           .uint256(wad("2.33")), .uint256(wad("2.33"))])],
               "postPrice")
        // dt = 55: sample = ceil(25e12 / 55) = 454545454546; 0.94·2e9 + 0.06·454545454546 = 29152727272.76 -> …273.
        chain.advance(60)
        outcome = chain.call(.postPrice(market: 0, price: wad("1808.5"), timestamp: chain.now), from: Actor.oracle)
        guard case let .priceUpdate(_, _, _, variance, _, _)? = outcome.events.first else {
            Issue.record("no PriceUpdate: \(outcome)"); return
        }
        expect(outcome.events, [
            SpecEvent("PriceUpdate(uint256,uint256,uint256,uint256,uint256,uint256)",
                      [.uint256(0), .uint256(wad("1808.5")), .uint256(chain.now), .uint256(variance),
                       .uint256(wad("2.33")), .uint256(wad("2.33"))]),
            SpecEvent("BreakerTripped(uint256,uint256,uint256)",
                      [.uint256(0), .uint256(100_248_756_218_905_473), .uint256(chain.now &+ 1800)]),
        ], "postPrice with a trip")
        // |1808.5 - 2010| / 2010 = 0.100248756218905472|6… -> …473 (up), above the 0.1 threshold.
        #expect((wad("201.5").exact * WAD).ceilingDivision(by: wad("2010").exact) == MPZ(100_248_756_218_905_473 as UInt))

        outcome = chain.call(.postAssetPrice(asset: 0, price: wad("0.999"), timestamp: chain.now), from: Actor.oracle)
        expect(outcome.events, [SpecEvent("AssetPriceUpdate(uint256,uint256,uint256)",
                                          [.uint256(0), .uint256(wad("0.999")), .uint256(chain.now)])], "postAssetPrice")
    }

    @Test("deposit and withdraw: Deposit/Withdraw(account indexed, asset indexed, amount)")
    func collateralEvents() {
        var chain = Chain()
        chain.listUSDC()
        var outcome = chain.call(.deposit(asset: 0, amount: 5_000_000_000), from: Actor.alice)
        expect(outcome.events, [SpecEvent("Deposit(address,uint256,uint256)",
                                          [.address(Actor.alice), .uint256(0), .uint256(5_000_000_000)])], "deposit")
        outcome = chain.call(.withdraw(asset: 0, amount: 1_000_000_000), from: Actor.alice)
        expect(outcome.events, [SpecEvent("Withdraw(address,uint256,uint256)",
                                          [.address(Actor.alice), .uint256(0), .uint256(1_000_000_000)])], "withdraw")
        #expect(chain.state.account(Actor.alice).collateral[0] == 4_000_000_000)
    }

    @Test("settleTrade: Trade(buyer, seller, market indexed; size, price, fee, buyerRealisedPnl, sellerRealisedPnl)")
    func tradeEvents() {
        var chain = Scenario.aliceLong(markedAt: "2000")
        chain.advance(1)
        // Bob buys back 4 from alice at 2010: alice realises 8040 - 8000 = +40, bob -40; fee ceil(8040 · 0.0005) = 4.02.
        let outcome = chain.call(.settleTrade(buyer: Actor.bob, seller: Actor.alice, market: 0, size: wad("4"), price: wad("2010")),
                                 from: Actor.exchange)
        expect(outcome.events, [SpecEvent("Trade(address,address,uint256,uint256,uint256,uint256,int256,int256)", [
            .address(Actor.bob), .address(Actor.alice), .uint256(0), .uint256(wad("4")), .uint256(wad("2010")),
            .uint256(wad("4.02")), .int256(swad("-40")), .int256(swad("40")),
        ])], "settleTrade")
        #expect(chain.position(Actor.alice) == Position(size: swad("6"), openNotional: swad("12000")))
        #expect(conserved(chain))
    }

    @Test("liquidate: Liquidation(account, liquidator, market indexed; size, price, penalty, liquidatorReward, badDebtCovered)")
    func liquidationEvents() {
        var chain = Scenario.aliceLong(markedAt: "1940")
        let outcome = chain.call(.liquidate(account: Actor.alice, market: 0, size: wad("10")), from: Actor.liquidator)
        expect(outcome.events, [SpecEvent("Liquidation(address,address,uint256,uint256,uint256,uint256,uint256,uint256)", [
            .address(Actor.alice), .address(Actor.liquidator), .uint256(0), .uint256(wad("10")), .uint256(wad("1940")),
            .uint256(0), .uint256(0), .uint256(wad("10")),
        ])], "liquidate")
        #expect(outcome.returnData.isEmpty)
        #expect(conserved(chain))
    }

    @Test("deleverage: Deleverage(bankrupt, counterparty, market indexed; size, bankruptcyPrice, fundUsed)")
    func deleverageEvents() {
        var chain = Scenario.aliceLong(markedAt: "1900")
        let outcome = chain.call(.deleverage(bankrupt: Actor.alice, counterparty: Actor.bob, market: 0, size: wad("10")),
                                 from: Actor.keeper)
        expect(outcome.events, [SpecEvent("Deleverage(address,address,uint256,uint256,uint256,uint256)", [
            .address(Actor.alice), .address(Actor.bob), .uint256(0), .uint256(wad("10")), .uint256(wad("1939") &+ 1),
            .uint256(wad("20")),
        ])], "deleverage")
        #expect(conserved(chain))
    }

    @Test("a risk-reducing trade goes through with a stale price and an active breaker")
    func reducingTradeNeedsNoFreshPrice() {
        var chain = Scenario.aliceLong(markedAt: "2000")
        chain.advance(60)
        chain.post(price: wad("2300"))                                 // +15 %: the breaker is on
        chain.advance(3601)                                            // and the price is stale
        let events = chain.succeed(.settleTrade(buyer: Actor.bob, seller: Actor.alice, market: 0, size: wad("1"), price: wad("2300")),
                                   from: Actor.exchange)
        #expect(events.count == 1)
        // The same trade, risk-increasing for a new buyer, is refused.
        chain.depositUSDC(Actor.carol, 10_000)
        #expect(chain.revert(.settleTrade(buyer: Actor.carol, seller: Actor.alice, market: 0, size: wad("1"), price: wad("2300")),
                             from: Actor.exchange) == .error(.stalePrice(market: 0, age: 3601)))
        #expect(conserved(chain))
    }
}
