import ContractABI
import EVMArithmetic

/// Every external function of the contract, with its ABI (Spec/abi.md).
public enum EngineFunction: String, Sendable, Hashable, CaseIterable {
    case setRoles, listAsset, setAssetWeight, listMarket, setMarketParams, setCorrelation, setGlobalParams
    case setTierParams, setAttestor, attest, revoke
    case postPrice, postAssetPrice, deposit, withdraw, settleTrade, liquidate, deleverage
    case equity, maintenanceMargin, initialMargin, marginBreakdown, isLiquidatable, adlScore, unrealisedPnl
    case owner, oracle, exchange, marketCount, assetCount, insuranceFund, globalParams, marketParams
    case marketState, assetState, correlation, correlationSet, lastParamChange, position, collateral, cash
    case attestor, tierParams, attestation

    public var name: String { rawValue }

    /// Argument types in order.
    public var argumentTypes: [ABIType] {
        let u = ABIType.uint256, i = ABIType.int256, a = ABIType.address
        switch self {
        case .setRoles: return [a, a]
        case .setTierParams: return Array(repeating: u, count: ParameterBounds.tier.count)
        case .setAttestor, .revoke, .attestation: return [a]
        case .attest: return [a, u, u]
        case .listAsset, .postPrice, .postAssetPrice: return [u, u, u]
        case .setAssetWeight, .deposit, .withdraw, .correlation, .correlationSet: return [u, u]
        case .listMarket: return Array(repeating: u, count: 2 + ParameterBounds.market.count)
        case .setMarketParams: return Array(repeating: u, count: 1 + ParameterBounds.market.count)
        case .setCorrelation: return [u, u, i]
        case .setGlobalParams: return Array(repeating: u, count: 11)
        case .settleTrade: return [a, a, u, u, u]
        case .liquidate: return [a, u, u]
        case .deleverage: return [a, a, u, u]
        case .equity, .maintenanceMargin, .initialMargin, .marginBreakdown, .isLiquidatable, .cash: return [a]
        case .adlScore, .unrealisedPnl, .position, .collateral: return [a, u]
        case .owner, .oracle, .exchange, .marketCount, .assetCount, .insuranceFund, .globalParams, .attestor,
             .tierParams:
            return []
        case .marketParams, .marketState, .assetState, .lastParamChange: return [u]
        }
    }

    /// Return types in order (empty for none).
    public var returnTypes: [ABIType] {
        let u = ABIType.uint256, i = ABIType.int256
        switch self {
        case .setRoles, .setAssetWeight, .setMarketParams, .setCorrelation, .setGlobalParams, .postPrice,
             .postAssetPrice, .deposit, .withdraw, .settleTrade, .liquidate, .deleverage, .setTierParams,
             .setAttestor, .attest, .revoke:
            return []
        case .listAsset, .listMarket, .maintenanceMargin, .initialMargin, .marketCount, .assetCount,
             .insuranceFund, .lastParamChange, .collateral:
            return [u]
        case .equity, .adlScore, .unrealisedPnl, .correlation, .cash: return [i]
        case .marginBreakdown: return [i] + Array(repeating: u, count: 11)
        case .isLiquidatable, .correlationSet: return [.bool]
        case .owner, .oracle, .exchange, .attestor: return [.address]
        case .tierParams: return Array(repeating: u, count: ParameterBounds.tier.count)
        case .attestation: return [u, u]
        case .globalParams: return Array(repeating: u, count: 11)
        case .marketParams: return Array(repeating: u, count: ParameterBounds.market.count)
        case .marketState: return Array(repeating: u, count: 7)
        case .assetState: return Array(repeating: u, count: 4)
        case .position: return [i, i]
        }
    }

    /// Whether the function only reads state.
    public var isView: Bool {
        switch self {
        case .setRoles, .listAsset, .setAssetWeight, .listMarket, .setMarketParams, .setCorrelation,
             .setGlobalParams, .postPrice, .postAssetPrice, .deposit, .withdraw, .settleTrade, .liquidate,
             .deleverage, .setTierParams, .setAttestor, .attest, .revoke:
            return false
        default:
            return true
        }
    }

    /// Whether the engine runs the function in its governance extension's
    /// code, by DELEGATECALL (abi.md, "Deployment"): its trace frame has
    /// that call nested, and the events are logged there.
    public var isDelegated: Bool {
        switch self {
        case .setRoles, .listAsset, .setAssetWeight, .listMarket, .setMarketParams, .setCorrelation, .setGlobalParams,
             .setTierParams, .setAttestor, .attest, .revoke:
            return true
        default:
            return false
        }
    }

    /// The canonical signature, e.g. `deposit(uint256,uint256)`.
    public var signature: String {
        name + "(" + argumentTypes.map(\.rawValue).joined(separator: ",") + ")"
    }

    /// The 4-byte selector.
    public var selector: [UInt8] { EngineFunction.selectors[self] ?? [] }

    private static let selectors: [EngineFunction: [UInt8]] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0, Keccak256.selector($0.signature)) })

    /// Keyed by the selector read as a big-endian UInt32: one word to hash,
    /// no array per look-up (every replayed call looks one up).
    private static let bySelector: [UInt32: EngineFunction] = Dictionary(
        uniqueKeysWithValues: allCases.map { (selectorKey(Keccak256.selector($0.signature))!, $0) })

    /// The function with this 4-byte selector, if any.
    public init?(selector: some Collection<UInt8>) {
        guard let key = EngineFunction.selectorKey(selector), let function = EngineFunction.bySelector[key] else { return nil }
        self = function
    }

    /// 4 bytes as a big-endian UInt32; nil for any other length.
    private static func selectorKey(_ bytes: some Collection<UInt8>) -> UInt32? {
        guard bytes.count == 4 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The constructor's argument types: governance, oracle, exchange, 11 global params.
    public static let constructorArgumentTypes: [ABIType] =
        [.address, .address, .address] + Array(repeating: .uint256, count: 11)
}
