import ContractABI
import EVMArithmetic

extension EngineState {
    /// The views and getters (Spec/operations/views.md): read-only, their
    /// only reverts are the named ones here and out-of-bounds arithmetic.
    func view(_ call: EngineCall, now: UInt256) throws(Revert) -> [ABIValue] {
        switch call {
        case let .equity(account):
            return [.int256(try checked(equity(account)))]
        case let .maintenanceMargin(account):
            return [.uint256(try checked(maintenanceMargin(account, now: now)))]
        case let .initialMargin(account):
            return [.uint256(try checked(initialMargin(account, now: now)))]
        case let .marginBreakdown(account):
            let b = try checked(marginBreakdown(account, now: now))
            return [.int256(b.equity), .uint256(b.collateralValue), .uint256(b.sumBase), .uint256(b.sumImpact),
                    .uint256(b.sumRisk), .uint256(b.quadraticVaR), .uint256(b.nettingFloorVaR),
                    .uint256(b.portfolioVaR), .uint256(b.stressMultiplier), .uint256(b.maintenanceMargin),
                    .uint256(b.initialMargin), .uint256(b.tierDiscount)]
        case let .isLiquidatable(account):
            return [.bool(try checked(isLiquidatable(account, now: now)))]
        case let .adlScore(account, market):
            let m = try requireMarket(market)
            return [.int256(try checked(adlScore(account, m)))]
        case let .unrealisedPnl(account, market):
            let m = try requireMarket(market)
            return [.int256(try checked(unrealisedPnl(account, m)))]
        case .owner: return [.address(owner)]
        case .oracle: return [.address(oracle)]
        case .exchange: return [.address(exchange)]
        case .marketCount: return [.uint256(UInt256(UInt64(marketCount)))]
        case .assetCount: return [.uint256(UInt256(UInt64(assetCount)))]
        case .insuranceFund: return [.uint256(insuranceFund)]
        case .globalParams: return globalParams.values.map { .uint256($0) }
        case let .marketParams(market):
            return markets[try requireMarket(market)].params.values.map { .uint256($0) }
        case let .marketState(market):
            let s = markets[try requireMarket(market)]
            return [s.price, s.priceTime, s.variance, s.breakerUntil, s.openInterest, s.zLong, s.zShort].map { .uint256($0) }
        case let .assetState(asset):
            let s = assets[try requireAsset(asset)]
            return [s.decimals, s.weight, s.price, s.priceTime].map { .uint256($0) }
        case let .correlation(marketA, marketB):
            let a = try requireMarket(marketA), b = try requireMarket(marketB)
            return [.int256(correlation[a][b])]
        case let .correlationSet(marketA, marketB):
            let a = try requireMarket(marketA), b = try requireMarket(marketB)
            return [.bool(a != b && correlationSet[min(a, b)][max(a, b)])]
        case let .lastParamChange(param):
            return [.uint256(lastChange(param))]
        case let .position(account, market):
            let p = position(account, try requireMarket(market))
            return [.int256(p.size), .int256(p.openNotional)]
        case let .collateral(account, asset):
            return [.uint256(self.account(account).collateral[try requireAsset(asset)])]
        case let .cash(account):
            return [.int256(self.account(account).cash)]
        case .attestor: return [.address(attestor)]
        case .tierParams: return tierParams.values.map { .uint256($0) }
        case let .attestation(account):
            let a = self.account(account).attestation
            return [.uint256(a.tier), .uint256(a.expiry)]
        default:
            // State-changing calls never reach here (Engine.execute routes them).
            return []
        }
    }
}
