import ContractABI
import EVMArithmetic

/// Every event of the contract (Spec/abi.md, "Events"), in the order an
/// operation emits them.
public enum EngineEvent: Sendable, Hashable {
    case rolesSet(oracle: Address, exchange: Address)
    case globalParamsSet(GlobalParams)
    case assetListed(asset: UInt256, decimals: UInt256, weight: UInt256, price: UInt256)
    case assetWeightSet(asset: UInt256, weight: UInt256)
    case marketListed(market: UInt256, price: UInt256, variance: UInt256)
    case marketParamsSet(market: UInt256, params: MarketParams)
    case correlationSet(marketA: UInt256, marketB: UInt256, correlation: Int256)
    case priceUpdate(market: UInt256, price: UInt256, timestamp: UInt256, variance: UInt256, zLong: UInt256, zShort: UInt256)
    case breakerTripped(market: UInt256, returnWad: UInt256, until: UInt256)
    case assetPriceUpdate(asset: UInt256, price: UInt256, timestamp: UInt256)
    case deposit(account: Address, asset: UInt256, amount: UInt256)
    case withdraw(account: Address, asset: UInt256, amount: UInt256)
    case trade(buyer: Address, seller: Address, market: UInt256, size: UInt256, price: UInt256,
               fee: UInt256, buyerRealisedPnl: Int256, sellerRealisedPnl: Int256)
    case liquidation(account: Address, liquidator: Address, market: UInt256, size: UInt256, price: UInt256,
                     penalty: UInt256, liquidatorReward: UInt256, badDebtCovered: UInt256)
    case deleverage(bankrupt: Address, counterparty: Address, market: UInt256, size: UInt256,
                    bankruptcyPrice: UInt256, fundUsed: UInt256)
    case tierParamsSet(TierParams)
    case attestorSet(attestor: Address)
    case attested(account: Address, tier: UInt256, expiry: UInt256)
    case attestationRevoked(account: Address)

    /// The event's name and fields in declaration order, indexed ones marked.
    public var abi: (name: String, fields: [(value: ABIValue, indexed: Bool)]) {
        func i(_ v: ABIValue) -> (value: ABIValue, indexed: Bool) { (v, true) }
        func d(_ v: ABIValue) -> (value: ABIValue, indexed: Bool) { (v, false) }
        switch self {
        case let .rolesSet(o, e): return ("RolesSet", [i(.address(o)), i(.address(e))])
        case let .globalParamsSet(p): return ("GlobalParamsSet", p.values.map { d(.uint256($0)) })
        case let .assetListed(a, dec, w, p):
            return ("AssetListed", [i(.uint256(a)), d(.uint256(dec)), d(.uint256(w)), d(.uint256(p))])
        case let .assetWeightSet(a, w): return ("AssetWeightSet", [i(.uint256(a)), d(.uint256(w))])
        case let .marketListed(m, p, v): return ("MarketListed", [i(.uint256(m)), d(.uint256(p)), d(.uint256(v))])
        case let .marketParamsSet(m, p): return ("MarketParamsSet", [i(.uint256(m))] + p.values.map { d(.uint256($0)) })
        case let .correlationSet(a, b, c): return ("CorrelationSet", [i(.uint256(a)), i(.uint256(b)), d(.int256(c))])
        case let .priceUpdate(m, p, t, v, zl, zs):
            return ("PriceUpdate", [i(.uint256(m)), d(.uint256(p)), d(.uint256(t)), d(.uint256(v)), d(.uint256(zl)),
                                    d(.uint256(zs))])
        case let .breakerTripped(m, r, u): return ("BreakerTripped", [i(.uint256(m)), d(.uint256(r)), d(.uint256(u))])
        case let .assetPriceUpdate(a, p, t): return ("AssetPriceUpdate", [i(.uint256(a)), d(.uint256(p)), d(.uint256(t))])
        case let .deposit(acct, a, x): return ("Deposit", [i(.address(acct)), i(.uint256(a)), d(.uint256(x))])
        case let .withdraw(acct, a, x): return ("Withdraw", [i(.address(acct)), i(.uint256(a)), d(.uint256(x))])
        case let .trade(b, s, m, size, p, fee, br, sr):
            return ("Trade", [i(.address(b)), i(.address(s)), i(.uint256(m)), d(.uint256(size)), d(.uint256(p)),
                              d(.uint256(fee)), d(.int256(br)), d(.int256(sr))])
        case let .liquidation(acct, liq, m, size, p, pen, rew, cov):
            return ("Liquidation", [i(.address(acct)), i(.address(liq)), i(.uint256(m)), d(.uint256(size)),
                                    d(.uint256(p)), d(.uint256(pen)), d(.uint256(rew)), d(.uint256(cov))])
        case let .deleverage(b, c, m, size, q, f):
            return ("Deleverage", [i(.address(b)), i(.address(c)), i(.uint256(m)), d(.uint256(size)),
                                   d(.uint256(q)), d(.uint256(f))])
        case let .tierParamsSet(p): return ("TierParamsSet", p.values.map { d(.uint256($0)) })
        case let .attestorSet(a): return ("AttestorSet", [i(.address(a))])
        case let .attested(acct, t, e): return ("Attested", [i(.address(acct)), d(.uint256(t)), d(.uint256(e))])
        case let .attestationRevoked(acct): return ("AttestationRevoked", [i(.address(acct))])
        }
    }

    /// The canonical signature, e.g. `Deposit(address,uint256,uint256)`.
    public var signature: String {
        let (name, fields) = abi
        return name + "(" + fields.map(\.value.type.rawValue).joined(separator: ",") + ")"
    }

    /// topic0 (the signature's hash), then the indexed fields' words.
    public var topics: [UInt256] {
        let abi = self.abi
        // By name: building the signature text per event is most of the cost.
        var topics = [EngineEvent.topic0ByName[abi.name] ?? EngineEvent.topic0(signature)]
        for field in abi.fields where field.indexed { topics.append(field.value.word) }
        return topics
    }

    /// The signature's hash, computed once per signature.
    static func topic0(_ signature: String) -> UInt256 {
        if let cached = topic0BySignature[signature] { return cached }
        return UInt256(bigEndianBytes: Keccak256.hash(signature)) ?? .zero
    }

    private static let topic0BySignature: [String: UInt256] = Dictionary(
        uniqueKeysWithValues: schemaSamples.map { ($0.signature, UInt256(bigEndianBytes: Keccak256.hash($0.signature)) ?? .zero) })

    /// topic0 by event name: the contract has one signature per name.
    private static let topic0ByName: [String: UInt256] = Dictionary(
        uniqueKeysWithValues: schemaSamples.map { ($0.abi.name, topic0($0.signature)) })

    /// The non-indexed fields, ABI-encoded in declaration order.
    public var data: [UInt8] {
        ABICodec.encode(abi.fields.filter { !$0.indexed }.map(\.value))
    }
}

/// Collects the events of one call in emission order; a reverted call's
/// events are dropped with it.
public struct EventLog: Sendable, Hashable {
    public private(set) var events: [EngineEvent] = []

    public init() {}

    mutating func emit(_ event: EngineEvent) {
        events.append(event)
    }
}
