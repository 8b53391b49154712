import EVMArithmetic
import MarginEngine

/// The bounds of arithmetic.md ("Input bounds", "History bounds") and
/// invariants.md `state-in-bounds`, read off a state.
enum StateBounds {
    static let historyBound = Constants.pow10(50)
    static let openNotionalBound = Constants.pow10(34) &+ Constants.pow10(20)
    static let maxTimestamp = UInt256(UInt64.max)

    /// The first stored value outside `state-in-bounds`, nil if all are in.
    static func firstViolation(_ state: EngineState, now: UInt256) -> String? {
        let wad = UInt256.wad
        if state.marketCount > Constants.maxMarkets { return "marketCount \(state.marketCount) > 8" }
        if state.assetCount > Constants.maxAssets { return "assetCount \(state.assetCount) > 4" }
        for (k, value) in state.globalParams.values.enumerated() where !ParameterBounds.global[k].contains(value) {
            let b = ParameterBounds.global[k]
            return "globalParams.\(b.name) = \(value) outside [\(b.lo), \(b.hi)]"
        }
        for (k, value) in state.tierParams.values.enumerated() where !ParameterBounds.tier[k].contains(value) {
            let b = ParameterBounds.tier[k]
            return "tierParams.\(b.name) = \(value) outside [\(b.lo), \(b.hi)]"
        }
        if !state.tierParams.discountsWithinCap {
            return "tierParams: a discount in \(state.tierParams.discounts) is above maxTierDiscount \(state.tierParams.maxTierDiscount)"
        }
        for m in 0..<state.marketCount {
            let market = state.markets[m]
            if market.price < Constants.minPrice || market.price > Constants.maxPrice {
                return "price[\(m)] = \(market.price) outside [MIN_PRICE, MAX_PRICE]"
            }
            if market.priceTime > now { return "priceTime[\(m)] = \(market.priceTime) > now = \(now)" }
            if market.variance > Constants.maxVariance { return "variance[\(m)] = \(market.variance) > MAX_VARIANCE" }
            for (k, value) in market.params.values.enumerated() where !ParameterBounds.market[k].contains(value) {
                let b = ParameterBounds.market[k]
                return "marketParams[\(m)].\(b.name) = \(value) outside [\(b.lo), \(b.hi)]"
            }
            let zMax = market.params.zScore &+ market.params.zHeadroom
            for (name, z) in [("zLong", market.zLong), ("zShort", market.zShort)] where z < market.params.zScore || z > zMax {
                return "\(name)[\(m)] = \(z) outside [zScore, zScore + zHeadroom] = [\(market.params.zScore), \(zMax)]"
            }
            if !market.params.hasValidGarch {
                let p = market.params
                return "marketParams[\(m)]: garchBeta \(p.garchBeta), garchAlpha \(p.garchAlpha), garchOmega \(p.garchOmega) fail requireGarch"
            }
        }
        for a in 0..<state.assetCount {
            let asset = state.assets[a]
            if asset.price < Constants.minPrice || asset.price > Constants.maxPrice {
                return "assetPrice[\(a)] = \(asset.price) outside [MIN_PRICE, MAX_PRICE]"
            }
            if asset.priceTime > now { return "assetPriceTime[\(a)] = \(asset.priceTime) > now = \(now)" }
            if asset.decimals > 18 { return "decimals[\(a)] = \(asset.decimals) > 18" }
            if !ParameterBounds.assetWeight.contains(asset.weight) { return "weight[\(a)] = \(asset.weight) outside [0, WAD]" }
        }
        for i in 0..<state.marketCount {
            if state.correlation[i][i] != Int256(bitPattern: wad) {
                return "correlation[\(i)][\(i)] = \(state.correlation[i][i]), expected WAD"
            }
            for j in 0..<state.marketCount {
                let rho = state.correlation[i][j]
                if rho.magnitude > wad { return "correlation[\(i)][\(j)] = \(rho) outside [-WAD, WAD]" }
                if rho != state.correlation[j][i] {
                    return "correlation[\(i)][\(j)] = \(rho) but correlation[\(j)][\(i)] = \(state.correlation[j][i])"
                }
            }
        }
        // Unsorted to find out, sorted to name the first one deterministically.
        if state.accounts.contains(where: { accountViolation(state, $0.key, $0.value) != nil }) {
            for address in state.accounts.keys.sorted() {
                if let v = accountViolation(state, address, state.account(address)) { return v }
            }
        }
        return nil
    }

    private static func accountViolation(_ state: EngineState, _ address: Address, _ account: Account) -> String? {
        let attestation = account.attestation
        if attestation.tier > UInt256(UInt64(Constants.maxTier)) || attestation.tier.isZero != attestation.expiry.isZero {
            return "attestation[\(address)] = (tier \(attestation.tier), expiry \(attestation.expiry)): "
                + "expected tier 1 to 3 with an expiry, or 0 and 0"
        }
        for m in 0..<Constants.maxMarkets where account.positions[m].size.magnitude > Constants.maxPositionSize {
            return "size[\(address)][\(m)] = \(account.positions[m].size) beyond MAX_POSITION_SIZE"
        }
        for a in 0..<state.assetCount where !account.collateral[a].isZero {
            let (scaled, overflow) = account.collateral[a].multipliedReportingOverflow(by: state.assets[a].scale)
            if overflow || scaled > Constants.maxCollateral {
                return "collateral[\(address)][\(a)] = \(account.collateral[a]) scales beyond MAX_COLLATERAL"
            }
        }
        return nil
    }

    /// Whether the state is an in-bounds state of arithmetic.md: the
    /// stored bounds plus the history bounds (cash, fund, open interest,
    /// open notional) and `now <= 2^64`.
    static func isInBounds(_ state: EngineState, now: UInt256) -> Bool {
        isWithinHistoryBounds(state, now: now) && firstViolation(state, now: now) == nil
    }

    /// The history bounds of arithmetic.md and `now <= 2^64`.
    static func isWithinHistoryBounds(_ state: EngineState, now: UInt256) -> Bool {
        if now > maxTimestamp { return false }
        if state.insuranceFund > historyBound { return false }
        for m in 0..<state.marketCount where state.markets[m].openInterest > historyBound { return false }
        for account in state.accounts.values {
            if account.cash.magnitude > historyBound { return false }
            for position in account.positions where position.openNotional.magnitude > openNotionalBound { return false }
        }
        return true
    }
}
