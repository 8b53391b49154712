import ContractABI
import EVMArithmetic

/// What one call did: its return values and events, or its revert.
public enum CallOutcome: Sendable, Hashable {
    case success(returns: [ABIValue], events: [EngineEvent])
    case revert(Revert)

    /// The return data as the ABI encodes it (empty for a revert).
    public var returnData: [UInt8] {
        if case let .success(returns, _) = self { return ABICodec.encode(returns) }
        return []
    }

    public var events: [EngineEvent] {
        if case let .success(_, events) = self { return events }
        return []
    }

    public var isRevert: Bool {
        if case .revert = self { return true }
        return false
    }
}

extension EngineState {
    /// Executes one call at `context.timestamp` from `context.sender`. On
    /// success the state moves on; on a revert it is left exactly as it was
    /// (the operations work on a copy), as the EVM does.
    public mutating func execute(_ call: EngineCall, context: CallContext) -> CallOutcome {
        if call.function.isView {
            // A view changes nothing, so it needs no copy to fall back to.
            do { return .success(returns: try view(call, now: context.timestamp), events: []) } catch { return .revert(error) }
        }
        var next = self
        var log = EventLog()
        do {
            let returns = try next.perform(call, context: context, events: &log)
            self = next
            return .success(returns: returns, events: log.events)
        } catch {
            return .revert(error)
        }
    }

    /// Deploys the contract: the constructor call of Spec/operations/constructor.md.
    /// The constructor reverts only with a named error: it does no arithmetic.
    public static func deploy(governance: Address, oracle: Address, exchange: Address, globalParams: GlobalParams,
                              context: CallContext) -> Result<(state: EngineState, events: [EngineEvent]), Revert> {
        var log = EventLog()
        do {
            let state = try deploy(governance: governance, oracle: oracle, exchange: exchange, globalParams: globalParams,
                                   context: context, events: &log)
            return .success((state, log.events))
        } catch {
            return .failure(.error(error))
        }
    }

    private mutating func perform(_ call: EngineCall, context: CallContext, events: inout EventLog) throws(Revert) -> [ABIValue] {
        switch call {
        case let .setRoles(oracle, exchange):
            try setRoles(oracle: oracle, exchange: exchange, context: context, events: &events)
        case let .listAsset(decimals, weight, price):
            return try listAsset(decimals: decimals, weight: weight, price: price, context: context, events: &events)
        case let .setAssetWeight(asset, weight):
            try setAssetWeight(asset: asset, weight: weight, context: context, events: &events)
        case let .listMarket(price, variance, params):
            return try listMarket(price: price, variance: variance, params: params, context: context, events: &events)
        case let .setMarketParams(market, params):
            try setMarketParams(market: market, params: params, context: context, events: &events)
        case let .setCorrelation(marketA, marketB, rho):
            try setCorrelation(marketA: marketA, marketB: marketB, correlation: rho, context: context, events: &events)
        case let .setGlobalParams(params):
            try setGlobalParams(params, context: context, events: &events)
        case let .setTierParams(params):
            try setTierParams(params, context: context, events: &events)
        case let .setAttestor(attestor):
            try setAttestor(attestor, context: context, events: &events)
        case let .attest(account, tier, expiry):
            try attest(account, tier: tier, expiry: expiry, context: context, events: &events)
        case let .revoke(account):
            try revoke(account, context: context, events: &events)
        case let .postPrice(market, price, timestamp):
            try postPrice(market: market, price: price, timestamp: timestamp, context: context, events: &events)
        case let .postAssetPrice(asset, price, timestamp):
            try postAssetPrice(asset: asset, price: price, timestamp: timestamp, context: context, events: &events)
        case let .deposit(asset, amount):
            try deposit(asset: asset, amount: amount, context: context, events: &events)
        case let .withdraw(asset, amount):
            try withdraw(asset: asset, amount: amount, context: context, events: &events)
        case let .settleTrade(buyer, seller, market, size, price):
            try settleTrade(buyer: buyer, seller: seller, market: market, size: size, price: price,
                            context: context, events: &events)
        case let .liquidate(account, market, size):
            try liquidate(account: account, market: market, size: size, context: context, events: &events)
        case let .deleverage(bankrupt, counterparty, market, size):
            try deleverage(bankrupt: bankrupt, counterparty: counterparty, market: market, size: size,
                           context: context, events: &events)
        default:
            return try view(call, now: context.timestamp)
        }
        return []
    }
}
