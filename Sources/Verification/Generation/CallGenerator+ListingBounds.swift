import ContractIO
import EVMArithmetic
import MarginEngine

/// Market listings on every bound at once, and each bound one past, then,
/// a day after the listing at the lower bounds, minimum-step changes from
/// them: listMarket checks only the bounds (no guardrail), so one accepted
/// listing with every parameter at its upper bound tells a bound table off
/// by one below from the contract, and one listing per parameter at one
/// past tells one off by one above. A burst of calls through `follow`; the
/// minimum steps come with the lower listing (a scenario makes only about
/// two of these probes), and after them listings up to the capacity of
/// markets and of assets and one past it (TooManyMarkets, TooManyAssets):
/// the rest of the scenario lists nothing.
extension CallGenerator {
    enum ListingBoundsStage: Int, CaseIterable { case upper, lower }

    /// Every market parameter at its upper bound, except that requireGarch
    /// admits only one GARCH weight at its bound: beta = WAD, alpha = 0,
    /// omega = 0 (the listing-bounds vector cases take each weight's bound).
    static let upperListing: [UInt256] = {
        var values = ParameterBounds.market.map(\.hi)
        values[MarketParams.garchAlphaIndex] = .zero
        values[MarketParams.garchOmegaIndex] = .zero
        return values
    }()

    mutating func listingBoundsProbe(_ state: EngineState) -> Scenario.Call? {
        let bounds = ParameterBounds.market
        let upper = Self.upperListing, lower = bounds.map(\.lo)
        let stage = ListingBoundsStage(rawValue: listingBoundsCounter % ListingBoundsStage.allCases.count)!
        listingBoundsCounter += 1
        let owner = state.owner
        switch stage {
        case .upper, .lower:
            guard state.marketCount + 2 < Constants.maxMarkets else { return nil }
            let atUpper = stage == .upper
            let edge = atUpper ? upper : lower
            let price = atUpper ? Constants.maxPrice : Constants.minPrice
            let variance = atUpper ? Constants.maxVariance : .zero
            // One past, one parameter at a time (each reverts ParameterOutOfBounds), then price and variance.
            for k in bounds.indices where atUpper || !bounds[k].lo.isZero {
                var values = edge
                values[k] = atUpper ? bounds[k].hi &+ .one : values[k] &- .one
                follow(with: (owner, .listMarket(price: price, variance: variance, params: MarketParams(values: values)!)))
            }
            let pastPrice = atUpper ? Constants.maxPrice &+ .one : .zero
            follow(with: (owner, .listMarket(price: pastPrice, variance: variance, params: MarketParams(values: edge)!)))
            if atUpper {
                follow(with: (owner, .listMarket(price: price, variance: variance &+ .one, params: MarketParams(values: edge)!)))
            }
            follow(with: (keepers[0], .marketParams(market: Amounts.u(state.marketCount))))
            if !atUpper {
                queueMinimumSteps(market: state.marketCount, from: lower, owner: owner)
                queueListingsToCapacity(state, owner: owner)
            }
            return step(owner, .listMarket(price: price, variance: variance, params: MarketParams(values: edge)!))
        }
    }

    /// On the market listed at the lower bounds, after the cooldown: each
    /// parameter one past its minimum step (GuardrailExceeded where the
    /// step, not 25 %, sets the allowance), then exactly it.
    private mutating func queueMinimumSteps(market m: Int, from lower: [UInt256], owner: Address) {
        let bounds = ParameterBounds.market
        var values = lower
        var wait = Int(Constants.guardrailCooldown.w0)
        // Only where the step sets the allowance: elsewhere one past is accepted, and the calls after it
        // would carry a stale value.
        for k in bounds.indices where EVM.div(lower[k], 4) < bounds[k].minStep {
            var past = values
            past[k] = values[k] &+ bounds[k].minStep &+ .one
            follow(after: wait, with: (owner, .setMarketParams(market: Amounts.u(m), params: MarketParams(values: past)!)))
            wait = 0
            values[k] = values[k] &+ bounds[k].minStep
            follow(with: (owner, .setMarketParams(market: Amounts.u(m), params: MarketParams(values: values)!)))
        }
        follow(with: (keepers[0], .marketParams(market: Amounts.u(m))))
    }

    /// Listings that fill every market and asset slot (after the two probe
    /// listings), then one more of each, which the limit refuses; before
    /// each asset listing, three that its other checks refuse.
    private mutating func queueListingsToCapacity(_ state: EngineState, owner: Address) {
        let market = state.markets[0]
        for _ in (state.marketCount + 1)...Constants.maxMarkets {  // the count after the lower listing, to one past the limit
            follow(with: (owner, .listMarket(price: market.price, variance: market.variance, params: market.params)))
        }
        for a in state.assetCount...Constants.maxAssets {
            let (decimals, weight, price) = World.assetListings[min(a, World.assetListings.count - 1)]
            if a < Constants.maxAssets {
                // Each check of an asset listing one past its bound, while a slot is free: the count is checked
                // first, so once the slots are full no listing reaches the others.
                follow(with: (owner, .listAsset(decimals: 19, weight: weight, price: price)))
                follow(with: (owner, .listAsset(decimals: decimals, weight: .wad &+ .one, price: price)))
                follow(with: (owner, .listAsset(decimals: decimals, weight: weight, price: a % 2 == 0 ? .zero : Constants.maxPrice &+ .one)))
            }
            follow(with: (owner, .listAsset(decimals: decimals, weight: weight, price: price)))
            follow(with: (keepers[0], .lastParamChange(param: ParameterID.assetWeight(a))))
        }
        follow(with: (keepers[0], .marketCount))
        follow(with: (keepers[0], .assetCount))
    }
}
