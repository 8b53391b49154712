// Spec/abi.md: every selector, topic0 and error selector in the Spec's
// tables (computed independently with pycryptodome's Keccak when the Spec
// was written) equals the model's; calldata round-trips for every function;
// malformed calldata is rejected with a CalldataError.
@testable import MarginEngine
import ContractABI
import EVMArithmetic
import Foundation
import SpecText
import Testing

/// The three ABI tables of Spec/abi.md, parsed.
struct SpecABI {
    struct Row { let signature: String; let hex: String; let third: String }

    let functions: [Row], events: [Row], errors: [Row]

    init() throws {
        let abi = try SpecDocument("abi.md")
        func rows(_ section: String) -> [Row] {
            abi.tableRows(inSection: section).map { Row(signature: $0[0], hex: $0[1], third: $0[2]) }
        }
        functions = rows("Functions")
        events = rows("Events")
        errors = rows("Custom errors")
    }

    /// Parses "address indexed oracle, uint256 amount" into (type, indexed) pairs; "—" is none.
    static func fields(_ text: String) -> [(type: String, indexed: Bool)] {
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: "()` "))
        if trimmed == "—" || trimmed.isEmpty { return [] }
        return trimmed.split(separator: ",").map { field in
            let words = field.split(separator: " ").map(String.init)
            return (words[0], words.count > 2 && words[1] == "indexed")
        }
    }

    /// The event row for a signature, with its topic0 and field layout.
    func event(_ signature: String) -> (topic0: UInt256, fields: [(type: String, indexed: Bool)])? {
        guard let row = events.first(where: { $0.signature == signature }), let topic = UInt256(row.hex) else { return nil }
        return (topic, SpecABI.fields(row.third))
    }
}

func hex(_ bytes: [UInt8]) -> String {
    "0x" + bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

@Suite("ABI (abi.md)")
struct ABITests {
    @Test("the Keccak used for selectors reproduces the Spec's check values")
    func keccakCheckValues() {
        #expect(hex(Keccak256.selector("transfer(address,uint256)")) == "0xa9059cbb")
        #expect(hex(Keccak256.selector("Panic(uint256)")) == "0x4e487b71")
    }

    @Test("every function selector in the Spec's table equals the model's, and the sets are equal")
    func functionSelectorsMatchSpec() throws {
        let spec = try SpecABI()
        #expect(spec.functions.count == EngineFunction.allCases.count, "Spec lists \(spec.functions.count) functions")
        #expect(Set(spec.functions.map(\.signature)) == Set(EngineFunction.allCases.map(\.signature)))
        for function in EngineFunction.allCases {
            guard let row = spec.functions.first(where: { $0.signature == function.signature }) else {
                Issue.record("\(function.signature) is not in Spec/abi.md"); continue
            }
            #expect(hex(function.selector) == row.hex, "\(function.signature): model \(hex(function.selector)), Spec \(row.hex)")
            #expect(EngineFunction(selector: function.selector) == function)
            // The returns column: the same types in the same order.
            let returns = SpecABI.fields(row.third).map(\.type)
            #expect(returns == function.returnTypes.map(\.rawValue), "\(function.signature) returns \(returns)")
        }
    }

    @Test("every event topic0 in the Spec's table equals the model's, with the same indexed fields")
    func eventTopicsMatchSpec() throws {
        let spec = try SpecABI()
        let samples = EngineEvent.schemaSamples
        #expect(spec.events.count == samples.count && samples.count == 19)
        #expect(Set(spec.events.map(\.signature)) == Set(samples.map(\.signature)))
        for sample in samples {
            guard let (topic0, fields) = spec.event(sample.signature) else {
                Issue.record("\(sample.signature) is not in Spec/abi.md"); continue
            }
            #expect(sample.topics[0] == topic0, "\(sample.signature): model \(sample.topics[0].paddedHexString), Spec \(topic0.paddedHexString)")
            let model = sample.abi.fields.map { ($0.value.type.rawValue, $0.indexed) }
            #expect(model.map(\.0) == fields.map(\.type) && model.map(\.1) == fields.map(\.indexed),
                    "\(sample.signature): model fields \(model), Spec \(fields)")
            #expect(fields.filter(\.indexed).count <= 3)
        }
    }

    @Test("every error selector in the Spec's table equals the model's; all 42 errors")
    func errorSelectorsMatchSpec() throws {
        let spec = try SpecABI()
        let samples = EngineError.schemaSamples
        #expect(samples.count == 42 && spec.errors.count == 42)
        #expect(Set(spec.errors.map(\.signature)) == Set(samples.map(\.signature)))
        for sample in samples {
            guard let row = spec.errors.first(where: { $0.signature == sample.signature }) else {
                Issue.record("\(sample.signature) is not in Spec/abi.md"); continue
            }
            #expect(hex(Array(sample.revertData.prefix(4))) == row.hex, "\(sample.signature): Spec \(row.hex)")
            #expect(sample.revertData.count == 4 + 32 * sample.abi.arguments.count)
            #expect(SpecABI.fields(row.third).map(\.type) == sample.abi.arguments.map(\.type.rawValue))
        }
    }

    @Test("revert data is selector ++ the argument words; an int256 argument is two's complement")
    func revertDataEncoding() {
        let error = EngineError.insufficientMargin(account: Actor.alice, equity: -5, required: 7)
        let data = error.revertData
        #expect(hex(Array(data.prefix(4))) == "0xccc9e3c2")
        #expect(Array(data[4..<36]) == Actor.alice.word.bigEndianBytes)
        #expect(Array(data[36..<68]) == [UInt8](repeating: 0xff, count: 31) + [0xfb])
        #expect(Array(data[68..<100]) == UInt256(7).bigEndianBytes)
        #expect(Revert.error(.zeroAddress).vyperRevertData == [0xd9, 0x2e, 0x23, 0x3d])
        #expect(Revert.arithmetic(.arithmetic).vyperRevertData.isEmpty)
        #expect(hex(Revert.arithmetic(.arithmetic).solidityRevertData)
                    == "0x4e487b710000000000000000000000000000000000000000000000000000000000000011")
        #expect(hex(Revert.arithmetic(.divisionByZero).solidityRevertData)
                    == "0x4e487b710000000000000000000000000000000000000000000000000000000000000012")
    }

    /// One call of every function with non-trivial arguments (negative int256,
    /// high addresses, maximal words).
    static func sampleCall(_ function: EngineFunction) -> EngineCall {
        let big = UInt256.max, addr = Address(word: UInt256.one.shiftedLeft(by: 160) &- 1)!
        let market = MarketParams(values: (1...15).map { UInt256(UInt64($0)) &* pow10(17) })!
        let global = GlobalParams(values: (1...11).map { big &- UInt256(UInt64($0)) })!
        switch function {
        case .setRoles: return .setRoles(oracle: addr, exchange: Actor.exchange)
        case .listAsset: return .listAsset(decimals: 18, weight: wad("0.8"), price: big)
        case .setAssetWeight: return .setAssetWeight(asset: 3, weight: 1)
        case .listMarket: return .listMarket(price: wad("2000"), variance: 2_000_000_000, params: market)
        case .setMarketParams: return .setMarketParams(market: 7, params: market)
        case .setCorrelation: return .setCorrelation(marketA: 1, marketB: 0, correlation: swad("-0.8"))
        case .setGlobalParams: return .setGlobalParams(global)
        case .postPrice: return .postPrice(market: 2, price: wad("2010"), timestamp: 1_700_000_060)
        case .postAssetPrice: return .postAssetPrice(asset: 1, price: wad("1"), timestamp: big)
        case .deposit: return .deposit(asset: 0, amount: 5_000_000_000)
        case .withdraw: return .withdraw(asset: 1, amount: big)
        case .settleTrade: return .settleTrade(buyer: Actor.alice, seller: addr, market: 0, size: wad("10"), price: wad("2000"))
        case .liquidate: return .liquidate(account: Actor.bob, market: 5, size: 12_345)
        case .deleverage: return .deleverage(bankrupt: Actor.alice, counterparty: Actor.bob, market: 0, size: big)
        case .equity: return .equity(addr)
        case .maintenanceMargin: return .maintenanceMargin(Actor.alice)
        case .initialMargin: return .initialMargin(Actor.bob)
        case .marginBreakdown: return .marginBreakdown(Actor.carol)
        case .isLiquidatable: return .isLiquidatable(Actor.dave)
        case .adlScore: return .adlScore(Actor.alice, market: 1)
        case .unrealisedPnl: return .unrealisedPnl(Actor.alice, market: big)
        case .owner: return .owner
        case .oracle: return .oracle
        case .exchange: return .exchange
        case .marketCount: return .marketCount
        case .assetCount: return .assetCount
        case .insuranceFund: return .insuranceFund
        case .globalParams: return .globalParams
        case .marketParams: return .marketParams(market: 3)
        case .marketState: return .marketState(market: 0)
        case .assetState: return .assetState(asset: 2)
        case .correlation: return .correlation(marketA: 0, marketB: 7)
        case .correlationSet: return .correlationSet(marketA: 7, marketB: 0)
        case .lastParamChange: return .lastParamChange(param: ParameterID.correlation(1, 7))
        case .position: return .position(Actor.alice, market: 0)
        case .collateral: return .collateral(Actor.bob, asset: 3)
        case .cash: return .cash(addr)
        case .setTierParams: return .setTierParams(TierParams(values: [3, 2, 1, 0].map { UInt256(UInt64($0)) &* pow10(17) })!)
        case .setAttestor: return .setAttestor(addr)
        case .attest: return .attest(Actor.alice, tier: 3, expiry: big)
        case .revoke: return .revoke(addr)
        case .attestor: return .attestor
        case .tierParams: return .tierParams
        case .attestation: return .attestation(Actor.bob)
        }
    }

    @Test("calldata = selector ++ one word per argument, and round-trips through EngineCall(calldata:) for every function")
    func calldataRoundTrips() throws {
        let spec = try SpecABI()
        for function in EngineFunction.allCases {
            let call = Self.sampleCall(function)
            #expect(call.function == function)
            let data = call.calldata
            #expect(data.count == 4 + 32 * function.argumentTypes.count, "\(function.signature): \(data.count) bytes")
            #expect(hex(Array(data.prefix(4))) == spec.functions.first { $0.signature == function.signature }?.hex)
            // Each argument word is the ABI word of the value (addresses left-padded, int256 two's complement).
            for (k, value) in call.arguments.enumerated() {
                #expect(Array(data[4 + 32 * k ..< 36 + 32 * k]) == value.word.bigEndianBytes, "\(function.signature) word \(k)")
            }
            let decoded = try EngineCall(calldata: data)
            #expect(decoded == call, "\(call.description) decoded as \(decoded.description)")
        }
        // A negative correlation is the two's-complement word.
        let negative = EngineCall.setCorrelation(marketA: 0, marketB: 1, correlation: -1).calldata
        #expect(Array(negative.suffix(32)) == [UInt8](repeating: 0xff, count: 32))
    }

    @Test("bad calldata is rejected: short, unknown selector, wrong length, an address word with high bits, a bool word of 2")
    func badCalldataRejected() throws {
        #expect(throws: CalldataError.tooShort(0)) { try EngineCall(calldata: []) }
        #expect(throws: CalldataError.tooShort(3)) { try EngineCall(calldata: [0xe2, 0xbb, 0xb1]) }
        let deposit = EngineCall.deposit(asset: 0, amount: 1).calldata
        #expect(throws: CalldataError.unknownSelector([0xde, 0xad, 0xbe, 0xef])) {
            try EngineCall(calldata: [0xde, 0xad, 0xbe, 0xef] + deposit.dropFirst(4))
        }
        #expect(throws: CalldataError.badArguments(.deposit, .wrongLength(expected: 64, found: 63))) {
            try EngineCall(calldata: Array(deposit.dropLast()))
        }
        #expect(throws: CalldataError.badArguments(.deposit, .wrongLength(expected: 64, found: 65))) {
            try EngineCall(calldata: deposit + [0])
        }
        #expect(throws: CalldataError.badArguments(.owner, .wrongLength(expected: 0, found: 32))) {
            try EngineCall(calldata: EngineCall.owner.calldata + [UInt8](repeating: 0, count: 32))
        }
        // An address word with bit 160 set: the decoder must not truncate it to an address.
        var roles = EngineCall.setRoles(oracle: Actor.oracle, exchange: Actor.exchange).calldata
        roles[4 + 11] = 0x01
        let dirty = UInt256(bigEndianBytes: roles[4..<36])!
        #expect(throws: CalldataError.badArguments(.setRoles, .invalidWord(index: 0, type: .address, word: dirty))) {
            try EngineCall(calldata: roles)
        }
        var trade = EngineCall.settleTrade(buyer: Actor.alice, seller: Actor.bob, market: 0, size: 1, price: 1).calldata
        trade[4 + 32] = 0x80                                    // the seller word's top byte
        #expect(throws: CalldataError.self) { try EngineCall(calldata: trade) }
        // No function of the interface takes a bool argument (bools are only returned), so the
        // bool rule is checked on the ABI decoder itself: 0 and 1 decode, 2 does not.
        #expect(EngineFunction.allCases.allSatisfy { !$0.argumentTypes.contains(.bool) })
        #expect(ABIType.bool.decode(.zero) == .bool(false) && ABIType.bool.decode(.one) == .bool(true))
        #expect(ABIType.bool.decode(2) == nil)
        #expect(throws: ABIDecodingError.invalidWord(index: 0, type: .bool, word: 2)) {
            try ABICodec.decode([.bool], from: UInt256(2).bigEndianBytes)
        }
    }

    @Test("every view returns one word per return type, decodable as the Spec's return types")
    func viewReturnDataIsStatic() throws {
        var chain = Scenario.aliceLong(markedAt: "1990")
        for function in EngineFunction.allCases where function.isView {
            var call = Self.sampleCall(function)
            // Point the sample at listed ids and a real account.
            switch call {
            case .adlScore: call = .adlScore(Actor.alice, market: 0)
            case .unrealisedPnl: call = .unrealisedPnl(Actor.alice, market: 0)
            case .marketParams: call = .marketParams(market: 0)
            case .assetState: call = .assetState(asset: 0)
            case .correlation: call = .correlation(marketA: 0, marketB: 0)
            case .correlationSet: call = .correlationSet(marketA: 0, marketB: 0)
            case .collateral: call = .collateral(Actor.alice, asset: 0)
            default: break
            }
            let outcome = chain.call(call, from: Actor.stranger)
            guard case let .success(returns, events) = outcome else {
                Issue.record("\(call.description) reverted: \(outcome)"); continue
            }
            #expect(events.isEmpty, "\(call.description) emitted \(events)")
            #expect(returns.map(\.type) == function.returnTypes, "\(call.description) returned \(returns)")
            #expect(outcome.returnData.count == 32 * function.returnTypes.count)
            #expect(try ABICodec.decode(function.returnTypes, from: outcome.returnData) == returns)
        }
        // Spot values: the breakdown view is marginBreakdown in the ABI's field order.
        let b = chain.breakdown(Actor.alice)
        let outcome = chain.call(.marginBreakdown(Actor.alice), from: Actor.stranger)
        #expect(outcome == .success(returns: [.int256(b.equity)] + [b.collateralValue, b.sumBase, b.sumImpact, b.sumRisk,
                                                                    b.quadraticVaR, b.nettingFloorVaR, b.portfolioVaR,
                                                                    b.stressMultiplier, b.maintenanceMargin,
                                                                    b.initialMargin, b.tierDiscount].map { .uint256($0) },
                                    events: []))
        #expect(chain.call(.position(Actor.alice, market: 0), from: Actor.stranger)
                    == .success(returns: [.int256(swad("10")), .int256(swad("20000"))], events: []))
        #expect(chain.call(.isLiquidatable(Actor.alice), from: Actor.stranger) == .success(returns: [.bool(true)], events: []))
        #expect(chain.call(.correlationSet(marketA: 0, marketB: 0), from: Actor.stranger) == .success(returns: [.bool(false)], events: []))
        #expect(chain.call(.lastParamChange(param: 99), from: Actor.stranger) == .success(returns: [.uint256(0)], events: []))
    }
}
