import EVMArithmetic

/// The whole contract storage (Spec/state.md). A value: operations mutate
/// a copy, so a reverted call leaves the caller's state untouched.
public struct EngineState: Sendable, Hashable {
    public var owner: Address
    public var oracle: Address
    public var exchange: Address
    /// Posts identity tiers; zero for none (Spec/operations/setAttestor.md).
    public var attestor: Address
    public var globalParams: GlobalParams
    public var tierParams: TierParams
    /// WAD USD.
    public var insuranceFund: UInt256
    /// Listed assets, id = index (assetCount = assets.count).
    public var assets: [Asset]
    /// Listed markets, id = index (marketCount = markets.count).
    public var markets: [Market]
    /// `correlation[m][n]`, WAD, MAX_MARKETS x MAX_MARKETS, symmetric.
    public var correlation: [[Int256]]
    /// Whether the unordered pair (lo, hi) was ever set; read as [lo][hi].
    public var correlationSet: [[Bool]]
    /// block.timestamp of the last change of each parameter id.
    public var lastParamChange: [UInt256: UInt256]
    /// Accounts with any non-zero field; a missing address is all zero.
    public var accounts: [Address: Account]

    public init(owner: Address, oracle: Address, exchange: Address, globalParams: GlobalParams) {
        self.owner = owner
        self.oracle = oracle
        self.exchange = exchange
        self.globalParams = globalParams
        attestor = .zero
        tierParams = .zero
        insuranceFund = .zero
        assets = []
        markets = []
        let n = Constants.maxMarkets
        correlation = Array(repeating: Array(repeating: .zero, count: n), count: n)
        correlationSet = Array(repeating: Array(repeating: false, count: n), count: n)
        lastParamChange = [:]
        accounts = [:]
    }

    public var marketCount: Int { markets.count }
    public var assetCount: Int { assets.count }

    /// The account at `address`, all zero if never written.
    public func account(_ address: Address) -> Account {
        accounts[address] ?? .empty
    }

    /// Mutates one account in place; an account back at all zero is dropped,
    /// so two states with the same storage compare equal.
    mutating func updateAccount(_ address: Address, _ body: (inout Account) throws -> Void) rethrows {
        var account = accounts[address] ?? .empty
        try body(&account)
        accounts[address] = account.isEmpty ? nil : account
    }

    /// `lastParamChange[id]`, 0 if never written.
    public func lastChange(_ id: UInt256) -> UInt256 {
        lastParamChange[id] ?? .zero
    }

    func position(_ address: Address, _ m: Int) -> Position {
        accounts[address]?.positions[m] ?? .flat
    }
}
