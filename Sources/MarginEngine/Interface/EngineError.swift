import ContractABI
import EVMArithmetic

/// Every custom error of the contract (Spec/abi.md, "Custom errors"), with
/// its ABI encoding: revert data = selector ++ the arguments' words.
public enum EngineError: Error, Sendable, Hashable {
    case unauthorized(caller: Address)
    case zeroAddress
    case tooManyAssets
    case tooManyMarkets
    case unknownAsset(asset: UInt256)
    case unknownMarket(market: UInt256)
    case invalidDecimals(decimals: UInt256)
    case parameterOutOfBounds(param: UInt256, value: UInt256)
    case guardrailCooldown(param: UInt256, readyAt: UInt256)
    case guardrailExceeded(param: UInt256, current: UInt256, requested: UInt256)
    case invalidCorrelationPair(marketA: UInt256, marketB: UInt256)
    case correlationOutOfBounds(marketA: UInt256, marketB: UInt256, correlation: Int256)
    case correlationGuardrailExceeded(marketA: UInt256, marketB: UInt256, current: Int256, requested: Int256)
    case priceOutOfBounds(price: UInt256)
    case varianceOutOfBounds(variance: UInt256)
    case observationNotNewer(timestamp: UInt256, lastTimestamp: UInt256)
    case observationInFuture(timestamp: UInt256, blockTimestamp: UInt256)
    case zeroAmount
    case collateralLimitExceeded(asset: UInt256, amount: UInt256)
    case insufficientBalance(asset: UInt256, balance: UInt256, amount: UInt256)
    case stalePrice(market: UInt256, age: UInt256)
    case staleAssetPrice(asset: UInt256, age: UInt256)
    case insufficientMargin(account: Address, equity: Int256, required: UInt256)
    case selfTrade(account: Address)
    case invalidSize(size: UInt256)
    case priceOutOfBand(market: UInt256, price: UInt256, oraclePrice: UInt256)
    case positionTooLarge(account: Address, market: UInt256, size: Int256)
    case breakerActive(market: UInt256, until: UInt256)
    case noPosition(account: Address, market: UInt256)
    case notLiquidatable(account: Address, equity: Int256, maintenanceMargin: UInt256)
    case closeTooLarge(size: UInt256, maxSize: UInt256)
    case insuranceInsufficient(account: Address, deficit: UInt256, fund: UInt256)
    case notBankrupt(account: Address, equity: Int256)
    case insuranceCanCover(deficit: UInt256, fund: UInt256)
    case ineligibleCounterparty(counterparty: Address, size: Int256, unrealisedPnl: Int256)
    case bankruptcyPriceOutOfRange(market: UInt256, oraclePrice: UInt256, shift: UInt256)
    case invalidGarchParams(beta: UInt256, alpha: UInt256, omega: UInt256)
    case tierDiscountAboveCap(tier: UInt256, discount: UInt256, cap: UInt256)
    case invalidAttestor(attestor: Address)
    case selfAttestation(account: Address)
    case invalidTier(tier: UInt256)
    case invalidExpiry(expiry: UInt256, blockTimestamp: UInt256)

    /// The error's name and arguments, as the ABI sees them.
    public var abi: (name: String, arguments: [ABIValue]) {
        switch self {
        case let .unauthorized(caller): return ("Unauthorized", [.address(caller)])
        case .zeroAddress: return ("ZeroAddress", [])
        case .tooManyAssets: return ("TooManyAssets", [])
        case .tooManyMarkets: return ("TooManyMarkets", [])
        case let .unknownAsset(a): return ("UnknownAsset", [.uint256(a)])
        case let .unknownMarket(m): return ("UnknownMarket", [.uint256(m)])
        case let .invalidDecimals(d): return ("InvalidDecimals", [.uint256(d)])
        case let .parameterOutOfBounds(p, v): return ("ParameterOutOfBounds", [.uint256(p), .uint256(v)])
        case let .guardrailCooldown(p, t): return ("GuardrailCooldown", [.uint256(p), .uint256(t)])
        case let .guardrailExceeded(p, c, r): return ("GuardrailExceeded", [.uint256(p), .uint256(c), .uint256(r)])
        case let .invalidCorrelationPair(a, b): return ("InvalidCorrelationPair", [.uint256(a), .uint256(b)])
        case let .correlationOutOfBounds(a, b, c):
            return ("CorrelationOutOfBounds", [.uint256(a), .uint256(b), .int256(c)])
        case let .correlationGuardrailExceeded(a, b, c, r):
            return ("CorrelationGuardrailExceeded", [.uint256(a), .uint256(b), .int256(c), .int256(r)])
        case let .priceOutOfBounds(p): return ("PriceOutOfBounds", [.uint256(p)])
        case let .varianceOutOfBounds(v): return ("VarianceOutOfBounds", [.uint256(v)])
        case let .observationNotNewer(t, l): return ("ObservationNotNewer", [.uint256(t), .uint256(l)])
        case let .observationInFuture(t, b): return ("ObservationInFuture", [.uint256(t), .uint256(b)])
        case .zeroAmount: return ("ZeroAmount", [])
        case let .collateralLimitExceeded(a, x): return ("CollateralLimitExceeded", [.uint256(a), .uint256(x)])
        case let .insufficientBalance(a, b, x): return ("InsufficientBalance", [.uint256(a), .uint256(b), .uint256(x)])
        case let .stalePrice(m, age): return ("StalePrice", [.uint256(m), .uint256(age)])
        case let .staleAssetPrice(a, age): return ("StaleAssetPrice", [.uint256(a), .uint256(age)])
        case let .insufficientMargin(acct, e, r):
            return ("InsufficientMargin", [.address(acct), .int256(e), .uint256(r)])
        case let .selfTrade(acct): return ("SelfTrade", [.address(acct)])
        case let .invalidSize(s): return ("InvalidSize", [.uint256(s)])
        case let .priceOutOfBand(m, p, o): return ("PriceOutOfBand", [.uint256(m), .uint256(p), .uint256(o)])
        case let .positionTooLarge(acct, m, s): return ("PositionTooLarge", [.address(acct), .uint256(m), .int256(s)])
        case let .breakerActive(m, u): return ("BreakerActive", [.uint256(m), .uint256(u)])
        case let .noPosition(acct, m): return ("NoPosition", [.address(acct), .uint256(m)])
        case let .notLiquidatable(acct, e, mm): return ("NotLiquidatable", [.address(acct), .int256(e), .uint256(mm)])
        case let .closeTooLarge(s, x): return ("CloseTooLarge", [.uint256(s), .uint256(x)])
        case let .insuranceInsufficient(acct, d, f):
            return ("InsuranceInsufficient", [.address(acct), .uint256(d), .uint256(f)])
        case let .notBankrupt(acct, e): return ("NotBankrupt", [.address(acct), .int256(e)])
        case let .insuranceCanCover(d, f): return ("InsuranceCanCover", [.uint256(d), .uint256(f)])
        case let .ineligibleCounterparty(c, s, u):
            return ("IneligibleCounterparty", [.address(c), .int256(s), .int256(u)])
        case let .bankruptcyPriceOutOfRange(m, p, s):
            return ("BankruptcyPriceOutOfRange", [.uint256(m), .uint256(p), .uint256(s)])
        case let .invalidGarchParams(b, a, o): return ("InvalidGarchParams", [.uint256(b), .uint256(a), .uint256(o)])
        case let .tierDiscountAboveCap(t, d, c): return ("TierDiscountAboveCap", [.uint256(t), .uint256(d), .uint256(c)])
        case let .invalidAttestor(a): return ("InvalidAttestor", [.address(a)])
        case let .selfAttestation(a): return ("SelfAttestation", [.address(a)])
        case let .invalidTier(t): return ("InvalidTier", [.uint256(t)])
        case let .invalidExpiry(e, t): return ("InvalidExpiry", [.uint256(e), .uint256(t)])
        }
    }

    /// The canonical signature, e.g. `InsufficientMargin(address,int256,uint256)`.
    public var signature: String {
        let (name, arguments) = abi
        return name + "(" + arguments.map(\.type.rawValue).joined(separator: ",") + ")"
    }

    /// The revert data: 4-byte selector ++ ABI-encoded arguments.
    public var revertData: [UInt8] {
        let (name, arguments) = abi
        // By name, as EngineEvent.topics: building the signature text per revert is most of the cost.
        let selector = EngineError.selectorByName[name] ?? Keccak256.selector(signature)
        return selector + ABICodec.encode(arguments)
    }

    /// The selector by error name: the contract has one signature per name.
    private static let selectorByName: [String: [UInt8]] = Dictionary(
        uniqueKeysWithValues: schemaSamples.map { ($0.abi.name, Keccak256.selector($0.signature)) })
}
