import EVMArithmetic
import MarginEngine

// Small read helpers on the public storage, so the invariants read like the
// Spec's notation: size[a][m], openNotional[a][m], cash[a].

extension EngineState {
    func sizeOf(_ account: Address, _ m: Int) -> Int256 {
        accounts[account]?.positions[m].size ?? .zero
    }

    func openNotionalOf(_ account: Address, _ m: Int) -> Int256 {
        accounts[account]?.positions[m].openNotional ?? .zero
    }

    func cashOf(_ account: Address) -> Int256 {
        accounts[account]?.cash ?? .zero
    }

    /// Whether the account has an open position in a listed market.
    func hasOpenPositionIn(_ account: Address) -> Bool {
        guard let positions = accounts[account]?.positions else { return false }
        for m in 0..<marketCount where !positions[m].size.isZero { return true }
        return false
    }

    /// `cash[a] - Σ_m openNotional[a][m]`: the part of equity a fill moves by `-cost`.
    func netCashOf(_ account: Address) -> Int256? {
        guard let a = accounts[account] else { return .zero }
        var total = a.cash
        for m in 0..<marketCount {
            guard let next = Reference.minus(total, a.positions[m].openNotional) else { return nil }
            total = next
        }
        return total
    }

    /// The market index of a call argument, nil if not listed.
    func marketIndex(_ market: UInt256) -> Int? {
        guard let m = market.uint64Value, m < UInt64(marketCount) else { return nil }
        return Int(m)
    }

    /// The asset index of a call argument, nil if not listed.
    func assetIndex(_ asset: UInt256) -> Int? {
        guard let a = asset.uint64Value, a < UInt64(assetCount) else { return nil }
        return Int(a)
    }

    /// The address that may call `function`, nil for a function open to anyone.
    func requiredRole(_ function: EngineFunction) -> (name: String, address: Address)? {
        switch function {
        case .setRoles, .listAsset, .setAssetWeight, .listMarket, .setMarketParams, .setCorrelation, .setGlobalParams,
             .setTierParams, .setAttestor:
            return ("owner", owner)
        case .attest, .revoke:
            return ("attestor", attestor)
        case .postPrice, .postAssetPrice:
            return ("oracle", oracle)
        case .settleTrade:
            return ("exchange", exchange)
        default:
            return nil
        }
    }
}

extension CallOutcome {
    /// "success" or "revert Name(args)", for messages.
    var summary: String {
        switch self {
        case .success: return "success"
        case let .revert(.error(error)):
            let abi = error.abi
            return "revert \(abi.name)(" + abi.arguments.map(\.description).joined(separator: ", ") + ")"
        case let .revert(.arithmetic(failure)): return "revert \(failure.name)"
        }
    }
}

/// A short account of how two states differ, for `atomic-revert` reports.
enum StateDiff {
    static func describe(_ a: EngineState, _ b: EngineState, limit: Int = 4) -> String {
        var out: [String] = []
        func note(_ what: String, _ x: some CustomStringConvertible, _ y: some CustomStringConvertible) {
            if out.count < limit { out.append("\(what) \(x) -> \(y)") }
        }
        if a.insuranceFund != b.insuranceFund { note("insuranceFund", a.insuranceFund, b.insuranceFund) }
        if a.oracle != b.oracle { note("oracle", a.oracle, b.oracle) }
        if a.exchange != b.exchange { note("exchange", a.exchange, b.exchange) }
        if a.globalParams != b.globalParams { note("globalParams", a.globalParams.values.map(\.description), b.globalParams.values.map(\.description)) }
        if a.marketCount != b.marketCount { note("marketCount", a.marketCount, b.marketCount) }
        if a.assetCount != b.assetCount { note("assetCount", a.assetCount, b.assetCount) }
        for m in 0..<min(a.marketCount, b.marketCount) where a.markets[m] != b.markets[m] {
            let x = a.markets[m], y = b.markets[m]
            if x.price != y.price { note("price[\(m)]", x.price, y.price) }
            if x.priceTime != y.priceTime { note("priceTime[\(m)]", x.priceTime, y.priceTime) }
            if x.variance != y.variance { note("variance[\(m)]", x.variance, y.variance) }
            if x.breakerUntil != y.breakerUntil { note("breakerUntil[\(m)]", x.breakerUntil, y.breakerUntil) }
            if x.openInterest != y.openInterest { note("openInterest[\(m)]", x.openInterest, y.openInterest) }
            if x.params != y.params { note("marketParams[\(m)]", x.params.values.map(\.description), y.params.values.map(\.description)) }
        }
        for k in 0..<min(a.assetCount, b.assetCount) where a.assets[k] != b.assets[k] {
            note("asset[\(k)]", "\(a.assets[k])", "\(b.assets[k])")
        }
        if a.correlation != b.correlation || a.correlationSet != b.correlationSet { note("correlation", "…", "…") }
        if a.lastParamChange != b.lastParamChange { note("lastParamChange", "…", "…") }
        let addresses = Set(a.accounts.keys).union(b.accounts.keys).sorted()
        for address in addresses where a.account(address) != b.account(address) {
            let x = a.account(address), y = b.account(address)
            if x.cash != y.cash { note("cash[\(address)]", x.cash, y.cash) }
            for k in 0..<Constants.maxAssets where x.collateral[k] != y.collateral[k] {
                note("collateral[\(address)][\(k)]", x.collateral[k], y.collateral[k])
            }
            for m in 0..<Constants.maxMarkets where x.positions[m] != y.positions[m] {
                note("position[\(address)][\(m)]", "(\(x.positions[m].size), \(x.positions[m].openNotional))",
                     "(\(y.positions[m].size), \(y.positions[m].openNotional))")
            }
        }
        return out.isEmpty ? "no difference" : out.joined(separator: "; ")
    }
}
