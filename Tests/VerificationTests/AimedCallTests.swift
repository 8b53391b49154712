import ContractIO
import EVMArithmetic
import MarginEngine
import Testing
@testable import Verification

/// Every call the generator aims at a Spec check raises that check's error
/// on the model (or, for the listing limits, gets there by listing).
@Suite struct AimedCallTests {
    /// A standard world after its set-up, and the generator that made it.
    static func world() throws -> (CallGenerator, EngineState) {
        var generator = CallGenerator(seed: 7, world: .standard(traders: 4, markets: 3, assets: 2), inspects: false)
        let d = generator.deployment
        var log = EventLog()
        var state = try EngineState.deploy(governance: d.governance, oracle: d.oracle, exchange: d.exchange, globalParams: d.globalParams,
                                           context: CallContext(sender: d.deployer, timestamp: d.timestamp), events: &log)
        while generator.isSettingUp {
            let call = generator.next(state)
            _ = state.execute(call.call, context: CallContext(sender: call.from, timestamp: call.timestamp))
        }
        return (generator, state)
    }

    static func revertName(_ state: inout EngineState, _ call: Scenario.Call) -> String {
        if case let .revert(revert) = state.execute(call.call, context: CallContext(sender: call.from, timestamp: call.timestamp)) {
            return revert.name
        }
        return "success"
    }

    static let aimedOnce: [(String, String)] = [
        ("postPrice", "Unauthorized"), ("postAssetPrice", "Unauthorized"), ("settleTrade", "Unauthorized"),
        ("setMarketParams", "Unauthorized"), ("setGlobalParams", "Unauthorized"), ("setAssetWeight", "Unauthorized"),
        ("setCorrelation", "Unauthorized"), ("setRoles", "Unauthorized"), ("listAsset", "Unauthorized"),
        ("listMarket", "Unauthorized"), ("deleverage", "UnknownMarket"), ("deleverage", "InvalidSize"),
        ("deleverage", "SelfTrade"), ("deleverage", "NoPosition"), ("liquidate", "SelfTrade"), ("liquidate", "NoPosition"),
        ("liquidate", "UnknownMarket"), ("deposit", "UnknownAsset"), ("deposit", "ZeroAmount"),
        ("withdraw", "UnknownAsset"), ("withdraw", "ZeroAmount"), ("withdraw", "InsufficientBalance"),
        ("listAsset", "InvalidDecimals"), ("listAsset", "ParameterOutOfBounds"), ("listAsset", "PriceOutOfBounds"),
        ("listMarket", "VarianceOutOfBounds"), ("listMarket", "PriceOutOfBounds"), ("listMarket", "ParameterOutOfBounds"),
        ("postAssetPrice", "UnknownAsset"), ("postAssetPrice", "PriceOutOfBounds"), ("postAssetPrice", "ObservationNotNewer"),
        ("postAssetPrice", "ObservationInFuture"), ("setAssetWeight", "UnknownAsset"), ("setMarketParams", "UnknownMarket"),
        ("settleTrade", "UnknownMarket"), ("postPrice", "ObservationInFuture"), ("postPrice", "ObservationNotNewer"),
        ("postPrice", "UnknownMarket"), ("postPrice", "PriceOutOfBounds"),
        ("setTierParams", "Unauthorized"), ("setAttestor", "Unauthorized"), ("attest", "Unauthorized"), ("revoke", "Unauthorized"),
        ("setTierParams", "ParameterOutOfBounds"), ("setTierParams", "TierDiscountAboveCap"), ("setAttestor", "InvalidAttestor"),
        ("attest", "ZeroAddress"), ("attest", "SelfAttestation"), ("attest", "InvalidTier"), ("attest", "InvalidExpiry"),
    ]

    @Test func anAimedCallRaisesItsError() throws {
        let (generator, start) = try Self.world()
        for (operation, error) in Self.aimedOnce {
            var g = generator, state = start
            let aimed = g.aim(at: operation, error, state)
            let call = try #require(aimed, "no aim at \(operation) \(error)")
            #expect(Self.revertName(&state, call) == error, "\(operation) aimed at \(error)")
        }
    }

    @Test func aSecondChangeAtOnceHitsTheCooldown() throws {
        let (generator, start) = try Self.world()
        for operation in ["setMarketParams", "setGlobalParams", "setAssetWeight", "setCorrelation", "setTierParams"] {
            var g = generator, state = start
            // The first change sets the correlation pair if it was unset; a second pair of changes hits the cooldown.
            var names: [String] = []
            for _ in 0..<2 {
                let aimed = g.aim(at: operation, "GuardrailCooldown", state)
                let first = try #require(aimed)
                names.append(Self.revertName(&state, first))
                names.append(Self.revertName(&state, g.next(state)))
            }
            #expect(names.contains("GuardrailCooldown"), "\(operation): \(names)")
        }
    }

    @Test func listingsFillUpToTheLimitThenRaiseIt() throws {
        let (generator, start) = try Self.world()
        for (operation, error, limit) in [("listAsset", "TooManyAssets", Constants.maxAssets),
                                          ("listMarket", "TooManyMarkets", Constants.maxMarkets)] {
            var g = generator, state = start
            g.aimTargets = [(operation, error)]
            var names: [String] = []
            for _ in 0...limit {
                let aimed = g.aim(at: operation, error, state)
                names.append(Self.revertName(&state, try #require(aimed)))
            }
            #expect(names.last == error && names.dropLast().allSatisfy { $0 == "success" || $0 == error }, "\(operation): \(names)")
        }
    }

    /// With a long and a short open, the size-limit aim takes each side
    /// one wei past the limit: the buyer's check, then the seller's.
    @Test func theSizeLimitAimTakesBothSides() throws {
        var (generator, state) = try Self.world()
        try EdgeProbeTests.open(&state, at: generator.now, buyer: Actors.trader(0), seller: Actors.trader(1), market: 0, size: Amounts.wad(1))
        let probe = generator.aim(at: "settleTrade", "PositionTooLarge", state)
        let first = try #require(probe)
        var sides: [Address] = []
        let outcomes = EdgeProbeTests.burst(&generator, &state, first, before: { state, call in
            guard case let .settleTrade(buyer, seller, market, _, _) = call.call else { return }
            sides.append(state.account(buyer).positions[Int(market.w0)].size.isZero ? seller : buyer)
        }).map(\.1)
        #expect(outcomes == ["PositionTooLarge", "PositionTooLarge"], "\(outcomes)")
        #expect(sides == [Actors.trader(0), Actors.trader(1)])
    }

    /// The liquidator's size-limit aim takes a position one wei short of the
    /// limit, then makes an account liquidatable: liquidating two wei of it
    /// is refused (PositionTooLarge), one wei takes the liquidator exactly to
    /// the limit.
    @Test func aLiquidatorReachesTheSizeLimitExactly() throws {
        var (generator, state) = try Self.world()
        try EdgeProbeTests.open(&state, at: generator.now, buyer: Actors.trader(0), seller: Actors.trader(1), market: 0, size: Amounts.wad(5))
        let probe = generator.aim(at: "liquidate", "PositionTooLarge", state)
        let first = try #require(probe)
        var liquidator: (Address, Int)?
        let outcomes = EdgeProbeTests.burst(&generator, &state, first, before: { _, call in
            if case let .liquidate(_, market, _) = call.call { liquidator = (call.from, Int(market.w0)) }
        }).compactMap { if case .liquidate = $0.0.call { $0.1 } else { nil } }
        #expect(outcomes == ["PositionTooLarge", "success"], "\(outcomes)")
        let (holder, m) = try #require(liquidator)
        #expect(state.account(holder).positions[m].size.magnitude == Constants.maxPositionSize)
    }

    /// The maintenance-margin probe posts the last safe price or the first
    /// liquidatable one, one wei apart, and a liquidation follows.
    @Test func theMaintenanceMarginEdgeIsOneWeiWide() throws {
        var (generator, state) = try Self.world()
        try EdgeProbeTests.open(&state, at: generator.now, buyer: Actors.trader(0), seller: Actors.trader(1), market: 0, size: Amounts.wad(5))
        var prices: [UInt256] = []
        for past in [false, true] {
            var g = generator, s = state
            let probe = g.maintenanceMarginEdge(s, past: past, of: Actors.trader(1))
            let post = try #require(probe)
            guard case let .postPrice(_, price, _) = post.call else { Issue.record("not a post: \(post.call)"); return }
            prices.append(price)
            _ = s.execute(post.call, context: CallContext(sender: post.from, timestamp: post.timestamp))
            let follow = Self.liquidatedAccount(g.next(s))
            let account = try #require(follow)
            #expect(try s.isLiquidatable(account, now: post.timestamp) == past, "past: \(past)")
        }
        let gap = prices[0] > prices[1] ? prices[0] &- prices[1] : prices[1] &- prices[0]
        #expect(gap == .one)
    }

    static func liquidatedAccount(_ call: Scenario.Call) -> Address? {
        if case let .liquidate(account, _, _) = call.call { return account }
        return nil
    }
}
