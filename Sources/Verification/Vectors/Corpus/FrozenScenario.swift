import ContractIO
import EVMArithmetic
import MarginEngine

/// A call sequence kept as data rather than regenerated: the set-up of the
/// randomState vector cases (FrozenScenarioData.swift). Only its
/// state-changing calls are kept, each with its index in the original
/// scenario, which the cases' names and descriptions cite.
struct FrozenScenario {
    var seed: UInt64
    var deployment: VectorCase.Deployment
    var calls: [(index: Int, call: Scenario.Call)]

    /// Every frozen scenario, in seed order.
    static let all: [FrozenScenario] = texts.compactMap { FrozenScenario(seed: $0.seed, text: $0.text) }

    /// Parses the text format described in FrozenScenarioData.swift; nil if
    /// a line does not follow it (a test checks that every text parses).
    init?(seed: UInt64, text: String) {
        let lines = text.split(separator: "\n").map { $0.split(separator: " ") }
        guard let first = lines.first, first.count == 16, first[0] == "deploy",
              let timestamp = UInt256(String(first[1])), let deployer = Self.address(first[2]),
              let oracle = Self.address(first[3]), let exchange = Self.address(first[4]) else { return nil }
        let values = first[5...].compactMap(Self.word)
        guard values.count == 11, let params = GlobalParams(values: values) else { return nil }
        self.seed = seed
        deployment = VectorCase.Deployment(deployer: deployer, timestamp: timestamp, oracle: oracle, exchange: exchange,
                                           globalParams: params)
        calls = []
        for fields in lines.dropFirst() {
            guard fields.count >= 4, let index = Int(fields[0]), let timestamp = UInt256(String(fields[1])),
                  let from = Self.address(fields[2]), fields[3].count == 8 else { return nil }
            guard var calldata = HexBytes.decode("0x" + fields[3]) else { return nil }
            for field in fields[4...] {
                guard let word = Self.word(field) else { return nil }
                calldata += word.bigEndianBytes
            }
            guard let call = try? EngineCall(calldata: calldata) else { return nil }
            calls.append((index, Scenario.Call(from: from, timestamp: timestamp, call: call, isStatic: false)))
        }
    }

    private static func word(_ hex: Substring) -> UInt256? { UInt256("0x" + hex) }

    private static func address(_ hex: Substring) -> Address? { word(hex).flatMap { Address(word: $0) } }
}
