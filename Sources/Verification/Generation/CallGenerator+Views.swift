import ContractIO
import EVMArithmetic
import MarginEngine

/// Views, and calls that must revert: wrong role, unknown ids, zero or
/// out-of-bounds amounts, stale or future observations, self-trades.
extension CallGenerator {
    mutating func view(_ state: EngineState) -> Scenario.Call {
        let account = random.pick(everyone)
        let m = Amounts.u(random.int(0...state.marketCount))   // sometimes an unknown market
        let call: EngineCall
        switch random.int(0...7) {
        case 7: call = getter(account, state)
        case 0: call = .marginBreakdown(account)
        case 1: call = .equity(account)
        case 2: call = .isLiquidatable(account)
        case 3: call = .adlScore(account, market: m)
        case 4: call = .unrealisedPnl(account, market: m)
        case 5: call = .maintenanceMargin(account)
        default: call = .initialMargin(account)
        }
        return step(random.pick(keepers), call)
    }

    /// A getter of the account's or a market's storage, now and then with
    /// an id one past the last listed.
    mutating func getter(_ account: Address, _ state: EngineState) -> EngineCall {
        let m = Amounts.u(random.int(0...state.marketCount))
        let n = Amounts.u(random.int(0...max(state.marketCount - 1, 0)))
        switch random.int(0...9) {
        case 0: return .position(account, market: m)
        case 1: return .marketState(market: m)
        // The id that may be unknown on either side: each side is checked.
        case 2: return random.chance(50) ? .correlation(marketA: n, marketB: m) : .correlation(marketA: m, marketB: n)
        case 3: return random.chance(50) ? .correlationSet(marketA: m, marketB: n) : .correlationSet(marketA: n, marketB: m)
        case 4: return .marketParams(market: m)
        case 5: return .globalParams
        case 6: return .assetState(asset: Amounts.u(random.int(0...state.assetCount)))
        case 7: return .cash(account)
        case 8: return random.pick([.owner, .oracle, .exchange, .marketCount, .assetCount, .insuranceFund, .attestor, .tierParams,
                                    .attestation(account)])
        default: return .collateral(account, asset: Amounts.u(random.int(0...state.assetCount)))
        }
    }

    mutating func invalidCall(_ state: EngineState) -> Scenario.Call {
        let trader = random.pick(everyone)
        let other = everyone.first { $0 != trader } ?? Actors.stranger
        let m = Amounts.u(random.int(0...max(state.marketCount - 1, 0)))
        let price = state.marketCount > 0 ? state.markets[Int(m.w0)].price : Amounts.wad(1)
        let huge = UInt256.max &- Amounts.u(random.int(0...3))
        let wrong = random.pick([Actors.stranger, trader, state.oracle, state.exchange].filter { $0 != state.owner })
        switch random.int(0...19) {
        case 0: return step(wrong == state.oracle ? trader : wrong, .postPrice(market: m, price: price, timestamp: now))
        case 1: return step(wrong, .setGlobalParams(state.globalParams))
        case 2: return step(wrong == state.exchange ? trader : wrong,
                            .settleTrade(buyer: trader, seller: other, market: m, size: Amounts.wad(1), price: price))
        case 3: return step(state.oracle, .postPrice(market: huge, price: Amounts.wad(1), timestamp: now))
        case 4: return step(trader, .deposit(asset: 0, amount: .zero))
        case 5: return step(trader, .deposit(asset: Amounts.u(state.assetCount), amount: 1))
        case 6: return step(state.oracle, .postPrice(market: m, price: random.chance(50) ? .zero : Constants.maxPrice &+ .one, timestamp: now))
        case 7: return step(state.oracle, .postPrice(market: m, price: price, timestamp: now &+ 100))
        case 8:
            let last = state.marketCount > 0 ? state.markets[Int(m.w0)].priceTime : now
            return step(state.oracle, .postPrice(market: m, price: price, timestamp: last))
        case 9: return step(state.exchange, .settleTrade(buyer: trader, seller: trader, market: m, size: 1, price: price))
        case 10: return step(state.exchange, .settleTrade(buyer: trader, seller: other, market: m,
                                                          size: random.chance(50) ? .zero : Constants.maxPositionSize &+ .one, price: price))
        case 11: return step(random.pick(keepers), .liquidate(account: trader, market: m, size: .zero))
        case 12: return step(state.owner, .setCorrelation(marketA: m, marketB: m, correlation: .zero))
        case 13: return step(wrong, .listMarket(price: Amounts.wad(1), variance: .zero, params: World.randomMarketParams(&random)))
        case 14: return step(wrong, .listAsset(decimals: 18, weight: .wad, price: .wad))
        case 15: return step(trader, .liquidate(account: trader, market: m, size: 1))
        case 16:
            let unknown = Amounts.u(state.marketCount)
            return step(state.owner, random.chance(50) ? .setCorrelation(marketA: m, marketB: unknown, correlation: .zero)
                                                       : .setCorrelation(marketA: unknown, marketB: m, correlation: .zero))
        case 17: return step(trader, .setCorrelation(marketA: m, marketB: m &+ .one, correlation: .zero))
        case 18: return step(wrong, .setAssetWeight(asset: 0, weight: .wad))
        default: return step(state.owner, .listMarket(price: random.chance(50) ? .zero : Amounts.wad(1),
                                                      variance: random.chance(50) ? Constants.maxVariance &+ .one : .zero,
                                                      params: World.randomMarketParams(&random)))
        }
    }
}
