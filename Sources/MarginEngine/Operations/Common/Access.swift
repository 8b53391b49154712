import EVMArithmetic

// Spec/operations/common.md, "Access and existence" and "Freshness".

extension EngineState {
    func requireRole(_ expected: Address, _ context: CallContext) throws(Revert) {
        if context.sender != expected { throw .error(.unauthorized(caller: context.sender)) }
    }

    /// Returns the market's index.
    func requireMarket(_ market: UInt256) throws(Revert) -> Int {
        guard let m = market.uint64Value, m < UInt64(marketCount) else {
            throw .error(.unknownMarket(market: market))
        }
        return Int(m)
    }

    /// Returns the asset's index.
    func requireAsset(_ asset: UInt256) throws(Revert) -> Int {
        guard let a = asset.uint64Value, a < UInt64(assetCount) else {
            throw .error(.unknownAsset(asset: asset))
        }
        return Int(a)
    }

    func requirePriceInBounds(_ price: UInt256) throws(Revert) {
        if price < Constants.minPrice || price > Constants.maxPrice {
            throw .error(.priceOutOfBounds(price: price))
        }
    }

    /// The market's oracle price is at most maxOracleAge seconds old.
    func requireFresh(_ m: Int, now: UInt256) throws(Revert) {
        let age = try checked(now.checkedSub(markets[m].priceTime))
        if age > globalParams.maxOracleAge {
            throw .error(.stalePrice(market: UInt256(UInt64(m)), age: age))
        }
    }

    func requireFreshAsset(_ a: Int, now: UInt256) throws(Revert) {
        let age = try checked(now.checkedSub(assets[a].priceTime))
        if age > globalParams.maxOracleAge {
            throw .error(.staleAssetPrice(asset: UInt256(UInt64(a)), age: age))
        }
    }

    func hasOpenPosition(_ account: Address) -> Bool {
        (0..<marketCount).contains { !position(account, $0).size.isZero }
    }
}
