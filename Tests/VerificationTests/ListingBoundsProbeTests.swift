import ContractIO
import EVMArithmetic
import MarginEngine
import Testing
@testable import Verification

/// The listing-bounds probe (CallGenerator+ListingBounds) does on the model
/// what it is for: a listing with every parameter on its bound is accepted,
/// each one past is refused, a day after the lower listing one past the
/// minimum step is refused while the step itself is accepted, and then the
/// market and asset slots are filled and one more listing of each refused.
@Suite struct ListingBoundsProbeTests {
    /// The probe's first call and the burst it queued, each with its outcome, views left out.
    static func burst(_ generator: inout CallGenerator, _ state: inout EngineState) throws -> [(Scenario.Call, String)] {
        let probe = generator.listingBoundsProbe(state)
        let first = try #require(probe)
        var calls = [first]
        while generator.hasQueuedCalls { calls.append(generator.next(state)) }
        // The views queued after the listing and the changes show the stored values; the rest are the probes.
        #expect(calls.contains { if case .marketParams = $0.call { true } else { false } })
        return calls.map { call in (call, AimedCallTests.revertName(&state, call)) }.filter { !$0.0.isStatic }
    }

    @Test func boundsAreAcceptedAndOnePastIsRefused() throws {
        var (generator, state) = try AimedCallTests.world()
        let before = state.marketCount
        var minimumSteps: [String] = [], capacity: [String] = []
        let fillerPrice = state.markets[0].price, assetsBefore = state.assetCount
        for stage in CallGenerator.ListingBoundsStage.allCases {
            let burst = try Self.burst(&generator, &state)
            let outcomes = burst.filter { if case let .listMarket(price, _, _) = $0.0.call { price != fillerPrice } else { false } }
            capacity += burst.filter {
                switch $0.0.call {
                case let .listMarket(price, _, _): price == fillerPrice
                case .listAsset: true
                default: false
                }
            }.map(\.1)
            minimumSteps += burst.filter { if case .setMarketParams = $0.0.call { true } else { false } }.map(\.1)
            let accepted = outcomes.filter { $0.1 == "success" }
            #expect(accepted.count == 1, "\(stage): \(outcomes.map(\.1))")
            let refused = outcomes.filter { $0.1 != "success" }.map(\.1)
            let pastParameters = ParameterBounds.market.filter { stage == .upper || !$0.lo.isZero }.count
            #expect(refused.filter { $0 == "ParameterOutOfBounds" }.count == pastParameters, "\(stage): \(refused)")
            #expect(refused.contains("PriceOutOfBounds"))
            #expect(!refused.contains { !["ParameterOutOfBounds", "PriceOutOfBounds", "VarianceOutOfBounds"].contains($0) })
        }
        // After the lower listing, every slot is filled and one more refused; each asset listing comes
        // after three that its other checks refuse.
        #expect(state.marketCount == Constants.maxMarkets && state.assetCount == Constants.maxAssets)
        let fillers = (Constants.maxMarkets - before - 2) + (Constants.maxAssets - assetsBefore)
        let assetListing = ["InvalidDecimals", "ParameterOutOfBounds", "PriceOutOfBounds", "success"]
        #expect(capacity == Array(repeating: "success", count: Constants.maxMarkets - before - 2) + ["TooManyMarkets"]
                + Array(repeating: assetListing, count: Constants.maxAssets - assetsBefore).flatMap { $0 } + ["TooManyAssets"],
                "\(fillers): \(capacity)")
        #expect(state.markets[before].params.values == CallGenerator.upperListing)

        // Minimum steps, a day after the lower listing, on the market it listed.
        #expect(minimumSteps.count == 28, "fourteen parameters whose step sets the allowance: \(minimumSteps)")
        for pair in stride(from: 0, to: minimumSteps.count, by: 2) {
            #expect(minimumSteps[pair] == "GuardrailExceeded" && minimumSteps[pair + 1] == "success", "\(minimumSteps)")
        }
        let stepped = zip(ParameterBounds.market.map(\.lo), ParameterBounds.market).map { lo, b in
            EVM.div(lo, 4) < b.minStep ? lo &+ b.minStep : lo
        }
        #expect(state.markets[before + 1].params.values == stepped)
    }

    @Test func noListingWhenItWouldTakeTheLastSlots() throws {
        var (generator, state) = try AimedCallTests.world()
        while state.marketCount + 2 < Constants.maxMarkets {
            _ = state.execute(.listMarket(price: .wad, variance: .zero, params: state.markets[0].params),
                              context: CallContext(sender: state.owner, timestamp: generator.now))
        }
        let probe = generator.listingBoundsProbe(state)
        #expect(probe == nil)
        #expect(!generator.hasQueuedCalls)
    }
}
