import ContractIO
import EVMArithmetic
import MarginEngine

/// Calls aimed at one side of one Spec check (SpecChecks) that the run has
/// not taken yet: a call built from the current state to raise exactly that
/// error, or to move the state toward where it can (listing up to the
/// limit before the listing past it). The steering (CallGenerator+Steering)
/// chooses the targets.
extension CallGenerator {
    /// A call meant to raise `error` in `operation`; nil when no aim is known
    /// or the state cannot lead there now.
    mutating func aim(at operation: String, _ error: String, _ state: EngineState) -> Scenario.Call? {
        let trader = random.pick(traders)
        let other = traders.first { $0 != trader } ?? Actors.stranger
        let keeper = random.pick(keepers)
        let m = Amounts.u(random.int(0...state.marketCount - 1))
        let a = Amounts.u(random.int(0...state.assetCount - 1))
        let unknownMarket = Amounts.u(state.marketCount), unknownAsset = Amounts.u(state.assetCount)
        let price = state.markets[Int(m.w0)].price
        switch (operation, error) {
        case (_, "Unauthorized"):
            guard let call = aimedOperationCall(operation, state, market: m, asset: a) else { return nil }
            return step(Actors.stranger, call)
        case ("deleverage", "UnknownMarket"):
            return step(keeper, .deleverage(bankrupt: trader, counterparty: other, market: unknownMarket, size: .one))
        case ("deleverage", "InvalidSize"):
            return step(keeper, .deleverage(bankrupt: trader, counterparty: other, market: m, size: .zero))
        case ("deleverage", "InsuranceCanCover"):
            // An account in deficit that the fund covers: deleveraging it is refused.
            let covered = everyone.first { account in
                guard let e = try? state.equity(account), e.isNegative else { return false }
                return state.insuranceFund >= e.magnitude && state.hasOpenPositionIn(account)
            }
            guard let bankrupt = covered else { return pushTowardLiquidation(state, intoBadDebt: true) }
            let open = (0..<state.marketCount).first { !state.account(bankrupt).positions[$0].size.isZero } ?? 0
            return step(keeper, .deleverage(bankrupt: bankrupt, counterparty: everyone.first { $0 != bankrupt } ?? other,
                                            market: Amounts.u(open), size: .one))
        case (_, "GuardrailCooldown"):
            // A change allowed by the guardrail, then a second one at once: within the cooldown.
            let first: EngineCall, second: EngineCall
            switch operation {
            case "setMarketParams":
                var values = state.markets[Int(m.w0)].params.values
                let k = random.int(0...values.count - 1)
                let bounds = ParameterBounds.market[k]
                values[k] = values[k] < bounds.hi ? values[k] &+ .one : values[k] &- .one
                first = .setMarketParams(market: m, params: MarketParams(values: values)!)
                values[k] = state.markets[Int(m.w0)].params.values[k]
                second = .setMarketParams(market: m, params: MarketParams(values: values)!)
            case "setGlobalParams":
                var values = state.globalParams.values
                let k = random.int(0...values.count - 1)
                let bounds = ParameterBounds.global[k]
                values[k] = values[k] < bounds.hi ? values[k] &+ .one : values[k] &- .one
                first = .setGlobalParams(GlobalParams(values: values)!)
                second = .setGlobalParams(state.globalParams)
            case "setAssetWeight":
                let weight = state.assets[Int(a.w0)].weight
                first = .setAssetWeight(asset: a, weight: weight < .wad ? weight &+ .one : weight &- .one)
                second = .setAssetWeight(asset: a, weight: weight)
            case "setTierParams":
                // The cap one wei up (or down from the bound), the discounts kept under it.
                var values = state.tierParams.values
                values[0] = values[0] < Constants.maxTierDiscount ? values[0] &+ .one : values[0] &- .one
                for k in 1..<values.count { values[k] = min(values[k], values[0]) }
                first = .setTierParams(TierParams(values: values)!)
                values[0] = state.tierParams.maxTierDiscount
                second = .setTierParams(TierParams(values: values)!)
            case "setCorrelation" where state.marketCount > 1:
                let b = Amounts.u((Int(m.w0) + 1) % state.marketCount)
                let rho = state.correlation[Int(m.w0)][Int(b.w0)]
                first = .setCorrelation(marketA: m, marketB: b, correlation: rho.isNegative ? rho &+ .one : rho &- .one)
                second = .setCorrelation(marketA: m, marketB: b, correlation: rho)
            default:
                return nil
            }
            advance(86_400)
            follow(with: (state.owner, second))
            return step(state.owner, first)
        case ("liquidate", "UnknownMarket"):
            return step(keeper, .liquidate(account: trader, market: unknownMarket, size: .one))
        case ("deleverage", "SelfTrade"):
            return step(keeper, .deleverage(bankrupt: trader, counterparty: trader, market: m, size: .one))
        case ("deleverage", "NoPosition"):
            return step(keeper, .deleverage(bankrupt: Actors.stranger, counterparty: trader, market: m, size: .one))
        case ("liquidate", "SelfTrade"):
            return step(trader, .liquidate(account: trader, market: m, size: .one))
        case ("liquidate", "NoPosition"):
            return step(keeper, .liquidate(account: Actors.stranger, market: m, size: .one))
        case ("liquidate", "PositionTooLarge"):
            return liquidatorAtSizeLimit(state) ?? pushTowardLiquidation(state)
        case ("liquidate", "InvalidSize"):
            return step(keeper, .liquidate(account: trader, market: m, size: .zero))
        case ("deleverage", "CloseTooLarge"), ("liquidate", "InsuranceInsufficient"):
            // An account in deficit beyond the fund: a deleveraging one wei past its position, or a
            // liquidation of its only position, whose bad debt the fund cannot cover.
            let deleveraging = operation == "deleverage"
            let bankrupt = everyone.first { account in
                guard CallGenerator.deficitBeyondFund(state, account) == true else { return false }
                let open = (0..<state.marketCount).filter { !state.account(account).positions[$0].size.isZero }
                return deleveraging ? !open.isEmpty : open.count == 1
            }
            guard let account = bankrupt,
                  let market = (0..<state.marketCount).first(where: { !state.account(account).positions[$0].size.isZero })
            else { return pushTowardLiquidation(state, intoBadDebt: true) }
            let size = state.account(account).positions[market].size.magnitude
            let sender = keepers.first { $0 != account } ?? keeper
            if deleveraging {
                let counterparty = everyone.first { $0 != account } ?? other
                return step(sender, .deleverage(bankrupt: account, counterparty: counterparty, market: Amounts.u(market), size: size &+ .one))
            }
            return step(sender, .liquidate(account: account, market: Amounts.u(market), size: size))
        case ("postPrice", "ObservationInFuture"):
            return step(state.oracle, .postPrice(market: m, price: price, timestamp: now &+ .one))
        case ("postPrice", "ObservationNotNewer"):
            return step(state.oracle, .postPrice(market: m, price: price, timestamp: state.markets[Int(m.w0)].priceTime))
        case ("postPrice", "UnknownMarket"):
            return step(state.oracle, .postPrice(market: unknownMarket, price: price, timestamp: now))
        case ("postPrice", "PriceOutOfBounds"):
            return step(state.oracle, .postPrice(market: m, price: random.chance(50) ? .zero : Constants.maxPrice &+ .one, timestamp: now))
        case ("settleTrade", "PositionTooLarge"):
            // A long buyer one wei past the size limit, then a short seller: each side's check in turn, in
            // a market where positions are open.
            let market = (0..<state.marketCount).first { k in everyone.contains { !state.account($0).positions[k].size.isZero } } ?? Int(m.w0)
            let (m, price) = (Amounts.u(market), state.markets[market].price)
            func holder(long: Bool) -> EngineCall? {
                guard let account = everyone.first(where: { a in
                          let size = state.account(a).positions[market].size
                          return !size.isZero && size.isNegative != long && size.magnitude < Constants.maxPositionSize }),
                      let other = everyone.first(where: { $0 != account && state.account($0).positions[market].size.isZero })
                else { return nil }
                let past = Constants.maxPositionSize &- state.account(account).positions[market].size.magnitude &+ .one
                return .trade(account, buys: long, against: other, market: m, size: past, price: price)
            }
            let fills = [holder(long: true), holder(long: false)].compactMap { $0 }
            guard let first = fills.first else { return nil }
            for fill in fills.dropFirst() { follow(with: (state.exchange, fill)) }
            return step(state.exchange, first)
        case ("deposit", "UnknownAsset"):
            return step(trader, .deposit(asset: unknownAsset, amount: .one))
        case ("deposit", "ZeroAmount"):
            return step(trader, .deposit(asset: a, amount: .zero))
        case ("withdraw", "InsufficientBalance"):
            return step(trader, .withdraw(asset: a, amount: state.account(trader).collateral[Int(a.w0)] &+ .one))
        case ("listMarket", "VarianceOutOfBounds") where state.marketCount < Constants.maxMarkets:
            return step(state.owner, .listMarket(price: .wad, variance: Constants.maxVariance &+ .one, params: state.markets[0].params))
        case ("listMarket", "PriceOutOfBounds") where state.marketCount < Constants.maxMarkets:
            return step(state.owner, .listMarket(price: .zero, variance: .zero, params: state.markets[0].params))
        // Listing up to the limit comes last: past it, the other listing errors cannot be raised.
        case ("listAsset", "TooManyAssets") where !aimTargets.contains(where: { $0.0 == "listAsset" && $0.1 != "TooManyAssets" }):
            let (decimals, weight, assetPrice) = World.assetListings[state.assetCount % World.assetListings.count]
            return step(state.owner, .listAsset(decimals: decimals, weight: weight, price: assetPrice))
        case ("listAsset", "InvalidDecimals") where state.assetCount < Constants.maxAssets:
            return step(state.owner, .listAsset(decimals: 19, weight: .wad, price: .wad))
        case ("listAsset", "ParameterOutOfBounds") where state.assetCount < Constants.maxAssets:
            return step(state.owner, .listAsset(decimals: 18, weight: .wad &+ .one, price: .wad))
        case ("listAsset", "PriceOutOfBounds") where state.assetCount < Constants.maxAssets:
            return step(state.owner, .listAsset(decimals: 18, weight: .wad, price: random.chance(50) ? .zero : Constants.maxPrice &+ .one))
        case ("listMarket", "TooManyMarkets") where !aimTargets.contains(where: { $0.0 == "listMarket" && $0.1 != "TooManyMarkets" }):
            return step(state.owner, .listMarket(price: random.pick(World.listingPrices), variance: Amounts.e(10),
                                                 params: World.randomMarketParams(&random)))
        case ("listMarket", "ParameterOutOfBounds") where state.marketCount < Constants.maxMarkets:
            var values = World.randomMarketParams(&random).values
            let k = random.int(0...values.count - 1)
            let bounds = ParameterBounds.market[k]
            values[k] = random.chance(50) || bounds.lo.isZero ? bounds.hi &+ .one : bounds.lo &- .one
            return step(state.owner, .listMarket(price: .wad, variance: .zero, params: MarketParams(values: values)!))
        case ("listMarket", "InvalidGarchParams") where state.marketCount < Constants.maxMarkets:
            // alpha + beta one wei above WAD, each weight within its bounds.
            var params = World.randomMarketParams(&random)
            params.garchBeta = max(params.garchBeta, .one)
            params.garchAlpha = Constants.wad &- params.garchBeta &+ .one
            return step(state.owner, .listMarket(price: .wad, variance: .zero, params: params))
        case ("setMarketParams", "InvalidGarchParams"):
            // Within every guardrail: omega leaves 0 at alpha + beta = WAD, or alpha rises by its allowance.
            var params = state.markets[Int(m.w0)].params
            if params.garchOmega.isZero, params.garchAlpha &+ params.garchBeta == Constants.wad {
                params.garchOmega = ParameterBounds.market[MarketParams.garchOmegaIndex].minStep
            } else {
                params.garchAlpha = min(params.garchAlpha &+ max(EVM.div(params.garchAlpha, 4), ParameterBounds.market[MarketParams.garchAlphaIndex].minStep), .wad)
            }
            return step(state.owner, .setMarketParams(market: m, params: params))
        case ("postAssetPrice", "UnknownAsset"):
            return step(state.oracle, .postAssetPrice(asset: unknownAsset, price: .wad, timestamp: now))
        case ("postAssetPrice", "PriceOutOfBounds"):
            return step(state.oracle, .postAssetPrice(asset: a, price: random.chance(50) ? .zero : Constants.maxPrice &+ .one, timestamp: now))
        case ("postAssetPrice", "ObservationNotNewer"):
            return step(state.oracle, .postAssetPrice(asset: a, price: state.assets[Int(a.w0)].price,
                                                      timestamp: state.assets[Int(a.w0)].priceTime))
        case ("postAssetPrice", "ObservationInFuture"):
            return step(state.oracle, .postAssetPrice(asset: a, price: state.assets[Int(a.w0)].price, timestamp: now &+ .one))
        case ("setAssetWeight", "UnknownAsset"):
            return step(state.owner, .setAssetWeight(asset: unknownAsset, weight: .wad))
        case ("setMarketParams", "UnknownMarket"):
            return step(state.owner, .setMarketParams(market: unknownMarket, params: state.markets[0].params))
        case ("settleTrade", "UnknownMarket"):
            return step(state.exchange, .settleTrade(buyer: trader, seller: other, market: unknownMarket, size: .wad, price: price))
        case ("withdraw", "UnknownAsset"):
            return step(trader, .withdraw(asset: unknownAsset, amount: .one))
        case ("withdraw", "ZeroAmount"):
            return step(trader, .withdraw(asset: a, amount: .zero))
        case ("setTierParams", "ParameterOutOfBounds"):
            var values = state.tierParams.values
            values[random.int(0...values.count - 1)] = Constants.maxTierDiscount &+ .one
            return step(state.owner, .setTierParams(TierParams(values: values)!))
        case ("setTierParams", "TierDiscountAboveCap"):
            // The largest discount one wei above the cap, a day after the last change: the cap lowered by
            // one wei when the discount is at it, else that discount raised to the cap plus one.
            var values = state.tierParams.values
            let t = (1...Constants.maxTier).max { values[$0] < values[$1] } ?? 1
            if values[t] == values[0] && !values[0].isZero { values[0] = values[0] &- .one } else { values[t] = values[0] &+ .one }
            advance(86_400)
            return step(state.owner, .setTierParams(TierParams(values: values)!))
        case ("setAttestor", "InvalidAttestor"):
            // The owner, or an account whose attestation is live.
            let attested = everyone.first { state.account($0).attestation.isLive(at: now) }
            return step(state.owner, .setAttestor(attested ?? state.owner))
        case ("attest", _) where state.attestor == .zero:
            // No attestor, so every caller is refused: name one first, and the check can be raised next.
            return step(state.owner, .setAttestor(Actors.attestor))
        case ("attest", "ZeroAddress"):
            return step(state.attestor, .attest(.zero, tier: .one, expiry: now &+ 86_400))
        case ("attest", "SelfAttestation"):
            return step(state.attestor, .attest(state.attestor, tier: .one, expiry: now &+ 86_400))
        case ("attest", "InvalidTier"):
            return step(state.attestor, .attest(trader, tier: random.pick([.zero, Amounts.u(Constants.maxTier + 1)]), expiry: now &+ 86_400))
        case ("attest", "InvalidExpiry"):
            let expiry = random.pick([now, now &+ Constants.maxAttestationTerm &+ .one])
            return step(state.attestor, .attest(trader, tier: .one, expiry: expiry))
        default:
            return nil
        }
    }

    /// A well-formed call of an owner-, oracle- or exchange-only operation,
    /// for a wrong sender.
    private mutating func aimedOperationCall(_ operation: String, _ state: EngineState, market m: UInt256, asset a: UInt256) -> EngineCall? {
        switch operation {
        case "postPrice": return .postPrice(market: m, price: state.markets[Int(m.w0)].price, timestamp: now)
        case "postAssetPrice": return .postAssetPrice(asset: a, price: state.assets[Int(a.w0)].price, timestamp: now)
        case "settleTrade": return .settleTrade(buyer: traders[0], seller: traders[1], market: m, size: .wad, price: state.markets[Int(m.w0)].price)
        case "setMarketParams": return .setMarketParams(market: m, params: state.markets[Int(m.w0)].params)
        case "setGlobalParams": return .setGlobalParams(state.globalParams)
        case "setAssetWeight": return .setAssetWeight(asset: a, weight: state.assets[Int(a.w0)].weight)
        case "setCorrelation": return .setCorrelation(marketA: m, marketB: m, correlation: .zero)
        case "setRoles": return .setRoles(oracle: Actors.oracle, exchange: Actors.exchange)
        case "listAsset": return .listAsset(decimals: 18, weight: .wad, price: .wad)
        case "listMarket": return .listMarket(price: .wad, variance: .zero, params: state.markets[Int(m.w0)].params)
        case "setTierParams": return .setTierParams(state.tierParams)
        case "setAttestor": return .setAttestor(Actors.attestor)
        case "attest": return .attest(traders[0], tier: .one, expiry: now &+ 86_400)
        case "revoke": return .revoke(traders[0])
        default: return nil
        }
    }
}
