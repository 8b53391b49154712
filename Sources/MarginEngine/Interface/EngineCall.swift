import ContractABI
import EVMArithmetic

/// One call of an external function with its arguments, typed.
public enum EngineCall: Sendable, Hashable {
    case setRoles(oracle: Address, exchange: Address)
    case listAsset(decimals: UInt256, weight: UInt256, price: UInt256)
    case setAssetWeight(asset: UInt256, weight: UInt256)
    case listMarket(price: UInt256, variance: UInt256, params: MarketParams)
    case setMarketParams(market: UInt256, params: MarketParams)
    case setCorrelation(marketA: UInt256, marketB: UInt256, correlation: Int256)
    case setGlobalParams(GlobalParams)
    case setTierParams(TierParams)
    case setAttestor(Address)
    case attest(Address, tier: UInt256, expiry: UInt256)
    case revoke(Address)
    case postPrice(market: UInt256, price: UInt256, timestamp: UInt256)
    case postAssetPrice(asset: UInt256, price: UInt256, timestamp: UInt256)
    case deposit(asset: UInt256, amount: UInt256)
    case withdraw(asset: UInt256, amount: UInt256)
    case settleTrade(buyer: Address, seller: Address, market: UInt256, size: UInt256, price: UInt256)
    case liquidate(account: Address, market: UInt256, size: UInt256)
    case deleverage(bankrupt: Address, counterparty: Address, market: UInt256, size: UInt256)
    case equity(Address)
    case maintenanceMargin(Address)
    case initialMargin(Address)
    case marginBreakdown(Address)
    case isLiquidatable(Address)
    case adlScore(Address, market: UInt256)
    case unrealisedPnl(Address, market: UInt256)
    case owner, oracle, exchange, marketCount, assetCount, insuranceFund, globalParams
    case marketParams(market: UInt256)
    case marketState(market: UInt256)
    case assetState(asset: UInt256)
    case correlation(marketA: UInt256, marketB: UInt256)
    case correlationSet(marketA: UInt256, marketB: UInt256)
    case lastParamChange(param: UInt256)
    case position(Address, market: UInt256)
    case collateral(Address, asset: UInt256)
    case cash(Address)
    case attestor, tierParams
    case attestation(Address)

    public var function: EngineFunction {
        switch self {
        case .setRoles: return .setRoles
        case .listAsset: return .listAsset
        case .setAssetWeight: return .setAssetWeight
        case .listMarket: return .listMarket
        case .setMarketParams: return .setMarketParams
        case .setCorrelation: return .setCorrelation
        case .setGlobalParams: return .setGlobalParams
        case .setTierParams: return .setTierParams
        case .setAttestor: return .setAttestor
        case .attest: return .attest
        case .revoke: return .revoke
        case .postPrice: return .postPrice
        case .postAssetPrice: return .postAssetPrice
        case .deposit: return .deposit
        case .withdraw: return .withdraw
        case .settleTrade: return .settleTrade
        case .liquidate: return .liquidate
        case .deleverage: return .deleverage
        case .equity: return .equity
        case .maintenanceMargin: return .maintenanceMargin
        case .initialMargin: return .initialMargin
        case .marginBreakdown: return .marginBreakdown
        case .isLiquidatable: return .isLiquidatable
        case .adlScore: return .adlScore
        case .unrealisedPnl: return .unrealisedPnl
        case .owner: return .owner
        case .oracle: return .oracle
        case .exchange: return .exchange
        case .marketCount: return .marketCount
        case .assetCount: return .assetCount
        case .insuranceFund: return .insuranceFund
        case .globalParams: return .globalParams
        case .marketParams: return .marketParams
        case .marketState: return .marketState
        case .assetState: return .assetState
        case .correlation: return .correlation
        case .correlationSet: return .correlationSet
        case .lastParamChange: return .lastParamChange
        case .position: return .position
        case .collateral: return .collateral
        case .cash: return .cash
        case .attestor: return .attestor
        case .tierParams: return .tierParams
        case .attestation: return .attestation
        }
    }

    /// The arguments in ABI order.
    public var arguments: [ABIValue] {
        switch self {
        case let .setRoles(o, e): return [.address(o), .address(e)]
        case let .listAsset(d, w, p): return [.uint256(d), .uint256(w), .uint256(p)]
        case let .setAssetWeight(a, w): return [.uint256(a), .uint256(w)]
        case let .listMarket(p, v, params): return [.uint256(p), .uint256(v)] + params.values.map { .uint256($0) }
        case let .setMarketParams(m, params): return [.uint256(m)] + params.values.map { .uint256($0) }
        case let .setCorrelation(a, b, c): return [.uint256(a), .uint256(b), .int256(c)]
        case let .setGlobalParams(params): return params.values.map { .uint256($0) }
        case let .setTierParams(params): return params.values.map { .uint256($0) }
        case let .setAttestor(a), let .revoke(a), let .attestation(a): return [.address(a)]
        case let .attest(a, t, e): return [.address(a), .uint256(t), .uint256(e)]
        case let .postPrice(m, p, t): return [.uint256(m), .uint256(p), .uint256(t)]
        case let .postAssetPrice(a, p, t): return [.uint256(a), .uint256(p), .uint256(t)]
        case let .deposit(a, x), let .withdraw(a, x): return [.uint256(a), .uint256(x)]
        case let .settleTrade(b, s, m, size, p): return [.address(b), .address(s), .uint256(m), .uint256(size), .uint256(p)]
        case let .liquidate(acct, m, size): return [.address(acct), .uint256(m), .uint256(size)]
        case let .deleverage(b, c, m, size): return [.address(b), .address(c), .uint256(m), .uint256(size)]
        case let .equity(a), let .maintenanceMargin(a), let .initialMargin(a), let .marginBreakdown(a),
             let .isLiquidatable(a), let .cash(a):
            return [.address(a)]
        case let .adlScore(a, m), let .unrealisedPnl(a, m), let .position(a, m): return [.address(a), .uint256(m)]
        case let .collateral(a, asset): return [.address(a), .uint256(asset)]
        case .owner, .oracle, .exchange, .marketCount, .assetCount, .insuranceFund, .globalParams, .attestor,
             .tierParams:
            return []
        case let .marketParams(m), let .marketState(m): return [.uint256(m)]
        case let .assetState(a): return [.uint256(a)]
        case let .correlation(a, b), let .correlationSet(a, b): return [.uint256(a), .uint256(b)]
        case let .lastParamChange(p): return [.uint256(p)]
        }
    }

    /// The calldata: selector ++ ABI-encoded arguments.
    public var calldata: [UInt8] {
        function.selector + ABICodec.encode(arguments)
    }

    /// Decodes calldata; the error says what is wrong.
    public init(calldata: [UInt8]) throws(CalldataError) {
        guard calldata.count >= 4 else { throw .tooShort(calldata.count) }
        guard let function = EngineFunction(selector: calldata.prefix(4)) else {
            throw .unknownSelector(Array(calldata.prefix(4)))
        }
        let values: [ABIValue]
        do {
            values = try ABICodec.decode(function.argumentTypes, from: calldata.dropFirst(4))
        } catch {
            throw .badArguments(function, error)
        }
        self.init(function: function, arguments: values)
    }

    /// Builds a call from arguments already decoded for `function`'s types.
    init(function: EngineFunction, arguments v: [ABIValue]) {
        func u(_ i: Int) -> UInt256 { if case let .uint256(x) = v[i] { return x }; return .zero }
        func s(_ i: Int) -> Int256 { if case let .int256(x) = v[i] { return x }; return .zero }
        func a(_ i: Int) -> Address { if case let .address(x) = v[i] { return x }; return .zero }
        func us(_ range: Range<Int>) -> [UInt256] { range.map(u) }
        switch function {
        case .setRoles: self = .setRoles(oracle: a(0), exchange: a(1))
        case .listAsset: self = .listAsset(decimals: u(0), weight: u(1), price: u(2))
        case .setAssetWeight: self = .setAssetWeight(asset: u(0), weight: u(1))
        case .listMarket:
            self = .listMarket(price: u(0), variance: u(1), params: MarketParams(values: us(2..<(2 + ParameterBounds.market.count)))!)
        case .setMarketParams:
            self = .setMarketParams(market: u(0), params: MarketParams(values: us(1..<(1 + ParameterBounds.market.count)))!)
        case .setCorrelation: self = .setCorrelation(marketA: u(0), marketB: u(1), correlation: s(2))
        case .setGlobalParams: self = .setGlobalParams(GlobalParams(values: us(0..<11))!)
        case .setTierParams: self = .setTierParams(TierParams(values: us(0..<ParameterBounds.tier.count))!)
        case .setAttestor: self = .setAttestor(a(0))
        case .attest: self = .attest(a(0), tier: u(1), expiry: u(2))
        case .revoke: self = .revoke(a(0))
        case .postPrice: self = .postPrice(market: u(0), price: u(1), timestamp: u(2))
        case .postAssetPrice: self = .postAssetPrice(asset: u(0), price: u(1), timestamp: u(2))
        case .deposit: self = .deposit(asset: u(0), amount: u(1))
        case .withdraw: self = .withdraw(asset: u(0), amount: u(1))
        case .settleTrade: self = .settleTrade(buyer: a(0), seller: a(1), market: u(2), size: u(3), price: u(4))
        case .liquidate: self = .liquidate(account: a(0), market: u(1), size: u(2))
        case .deleverage: self = .deleverage(bankrupt: a(0), counterparty: a(1), market: u(2), size: u(3))
        case .equity: self = .equity(a(0))
        case .maintenanceMargin: self = .maintenanceMargin(a(0))
        case .initialMargin: self = .initialMargin(a(0))
        case .marginBreakdown: self = .marginBreakdown(a(0))
        case .isLiquidatable: self = .isLiquidatable(a(0))
        case .adlScore: self = .adlScore(a(0), market: u(1))
        case .unrealisedPnl: self = .unrealisedPnl(a(0), market: u(1))
        case .owner: self = .owner
        case .oracle: self = .oracle
        case .exchange: self = .exchange
        case .marketCount: self = .marketCount
        case .assetCount: self = .assetCount
        case .insuranceFund: self = .insuranceFund
        case .globalParams: self = .globalParams
        case .marketParams: self = .marketParams(market: u(0))
        case .marketState: self = .marketState(market: u(0))
        case .assetState: self = .assetState(asset: u(0))
        case .correlation: self = .correlation(marketA: u(0), marketB: u(1))
        case .correlationSet: self = .correlationSet(marketA: u(0), marketB: u(1))
        case .lastParamChange: self = .lastParamChange(param: u(0))
        case .position: self = .position(a(0), market: u(1))
        case .collateral: self = .collateral(a(0), asset: u(1))
        case .cash: self = .cash(a(0))
        case .attestor: self = .attestor
        case .tierParams: self = .tierParams
        case .attestation: self = .attestation(a(0))
        }
    }

    /// Human form: `settleTrade(buyer=0x…, seller=0x…, market=0, …)`.
    public var description: String {
        function.name + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
    }
}

/// Why bytes are not a call of the contract.
public enum CalldataError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooShort(Int)
    case unknownSelector([UInt8])
    case badArguments(EngineFunction, ABIDecodingError)

    public var description: String {
        switch self {
        case let .tooShort(n): return "calldata of \(n) bytes, expected a 4-byte selector and arguments"
        case let .unknownSelector(bytes):
            return "unknown selector 0x" + bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
                + ", expected a MarginEngine function (Spec/abi.md)"
        case let .badArguments(function, error): return "\(function.signature): \(error)"
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
