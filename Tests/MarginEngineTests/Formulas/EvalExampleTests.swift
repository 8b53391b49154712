// Spec/eval-state-format.md, "Example": the state JSON and the expected
// `margin eval --json` output, both read from the Markdown itself, evaluated
// with the model and compared field by field (adlScore is not in the
// expected output; the Spec says so).
@testable import MarginEngine
import ContractIO
import EVMArithmetic
import ExactArithmetic
import SpecText
import Testing

@Suite("The eval example (eval-state-format.md)")
struct EvalExampleTests {
    /// The two ```json blocks of the example: the state, then the expected output.
    static func blocks() throws -> (state: JSONValue, expected: JSONValue) {
        let blocks = try SpecDocument("eval-state-format.md").codeBlocks(language: "json")
        try #require(blocks.count == 2, "expected 2 json blocks in eval-state-format.md, found \(blocks.count)")
        return (try JSONParser.parse(blocks[0]), try JSONParser.parse(blocks[1]))
    }

    /// The model's evaluation as the Spec's output schema, without adlScore.
    static func evaluate(_ file: StateFile) throws -> JSONValue {
        let state = file.state, now = file.timestamp
        func u(_ x: UInt256) -> JSONValue { .string(x.description) }
        func i(_ x: Int256) -> JSONValue { .string(x.description) }
        var accounts: [JSONValue] = []
        for address in file.accounts {
            let b = try state.marginBreakdown(address, now: now)
            var positions: [JSONValue] = []
            for m in 0..<state.marketCount where !state.account(address).positions[m].size.isZero {
                let t = try state.positionTerms(address, m, now: now)
                positions.append(.object([
                    ("market", .string(String(m))), ("size", i(state.account(address).positions[m].size)),
                    ("notional", u(t.notional)), ("horizonVolatility", u(t.horizonVolatility)), ("z", u(t.z)), ("risk", u(t.risk)),
                    ("base", u(t.base)), ("effectiveDepth", u(t.effectiveDepth)), ("impact", u(t.impact)),
                    ("unrealisedPnl", i(try state.unrealisedPnl(address, m))),
                ]))
            }
            accounts.append(.object([
                ("address", .string(address.description)), ("equity", i(b.equity)),
                ("collateralValue", u(b.collateralValue)), ("sumBase", u(b.sumBase)), ("sumImpact", u(b.sumImpact)),
                ("sumRisk", u(b.sumRisk)), ("quadraticVaR", u(b.quadraticVaR)), ("nettingFloorVaR", u(b.nettingFloorVaR)),
                ("portfolioVaR", u(b.portfolioVaR)), ("stressMultiplier", u(b.stressMultiplier)),
                ("maintenanceMargin", u(b.maintenanceMargin)), ("initialMargin", u(b.initialMargin)),
                ("tierDiscount", u(b.tierDiscount)),
                ("liquidatable", .bool(try state.isLiquidatable(address, now: now))),
                ("positions", .array(positions)),
            ]))
        }
        return .object([("specVersion", .string(StateFile.specVersion)), ("timestamp", u(now)), ("accounts", .array(accounts))])
    }

    /// Every difference between two JSON values, by path; object keys compared as sets.
    static func differences(_ a: JSONValue, _ b: JSONValue, path: String = "") -> [String] {
        switch (a, b) {
        case let (.object(x), .object(y)):
            let xs = Dictionary(x.map { ($0.key, $0.value) }, uniquingKeysWith: { l, _ in l })
            let ys = Dictionary(y.map { ($0.key, $0.value) }, uniquingKeysWith: { l, _ in l })
            var out: [String] = []
            for key in Set(xs.keys).union(ys.keys).sorted() {
                guard let l = xs[key] else { out.append("\(path).\(key): only in the expected output"); continue }
                guard let r = ys[key] else { out.append("\(path).\(key): missing from the expected output"); continue }
                out += differences(l, r, path: path + "." + key)
            }
            return out
        case let (.array(x), .array(y)):
            if x.count != y.count { return ["\(path): \(x.count) items, expected \(y.count)"] }
            return zip(x, y).enumerated().flatMap { differences($1.0, $1.1, path: "\(path)[\($0)]") }
        default:
            return a == b ? [] : ["\(path): model \(a), Spec \(b)"]
        }
    }

    @Test("every field of the expected `margin eval --json` output matches the model")
    func exampleMatchesExpectedOutput() throws {
        let (stateJSON, expected) = try Self.blocks()
        let file = try StateFile(json: stateJSON)
        try file.validateEvaluationTime(file.timestamp)
        let actual = try Self.evaluate(file)
        let diffs = Self.differences(actual, expected)
        #expect(diffs.isEmpty, "\(diffs.joined(separator: "\n"))")
        // Every field the output schema lists is present, so nothing was compared vacuously.
        guard case let .object(root) = expected, case let .array(accounts)? = root.first(where: { $0.key == "accounts" })?.value,
              case let .object(first)? = accounts.first else {
            Issue.record("expected output has no accounts"); return
        }
        #expect(Set(first.map(\.key)) == ["address", "equity", "collateralValue", "sumBase", "sumImpact", "sumRisk",
                                          "quadraticVaR", "nettingFloorVaR", "portfolioVaR", "stressMultiplier",
                                          "maintenanceMargin", "initialMargin", "tierDiscount", "liquidatable", "positions"])
        #expect(accounts.count == 2)
    }

    @Test("the example agrees with the independent GMP recomputation of margin.md")
    func exampleMatchesOracle() throws {
        let file = try StateFile(json: Self.blocks().state)
        for address in file.accounts {
            let oracle = MarginOracle.breakdown(file.state, address, now: file.timestamp)
            let model = try file.state.marginBreakdown(address, now: file.timestamp)
            #expect(oracle.matches(model), "account \(address): model \(model), oracle \(oracle)")
        }
        // The narrative: S = 1.75, account 1 equity 7198.75, IM = 1.5·MM rounded up.
        let b = try file.state.marginBreakdown(file.accounts[0], now: file.timestamp)
        #expect(b.stressMultiplier == wad("1.75") && b.equity == swad("7198.75"))
        #expect(b.initialMargin.exact == (b.maintenanceMargin.exact * wad("1.5").exact).ceilingDivision(by: WAD))
    }
}
