import Foundation
import SpecText
import Testing
@testable import Verification

/// SpecChecks, the table that Spec-check coverage and steering read, is the
/// Spec's own: derived here from the numbered steps of Spec/operations/*.md
/// (a `raise X(` on a step, or a call of a common.md helper that raises).
@Suite struct SpecCheckTableTests {
    /// Errors each helper of common.md raises, by helper name.
    static func helperErrors() throws -> [String: [String]] {
        var helpers: [String: [String]] = [:]
        var current: String?
        for line in try SpecDocument("operations/common.md").codeBlocks(language: "python").joined(separator: "\n")
            .split(separator: "\n") {
            if line.hasPrefix("def "), let open = line.firstIndex(of: "(") {
                current = String(line.dropFirst(4)[..<open])
                helpers[current!] = []
            } else if let name = current {
                helpers[name]! += raisedErrors(in: line)
            }
        }
        return helpers
    }

    static func raisedErrors(in line: Substring) -> [String] {
        line.components(separatedBy: "raise ").dropFirst().compactMap { rest in
            let name = rest.prefix { $0.isLetter || $0.isNumber }
            return name.isEmpty ? nil : String(name)
        }
    }

    @Test func theCheckTableIsTheSpecs() throws {
        let helpers = try Self.helperErrors()
        #expect(helpers["requireMarket"] == ["UnknownMarket"] && helpers["checkGuardrail"]?.count == 3)
        for (operation, checks) in SpecChecks.table {
            var derived: [SpecChecks.Check] = []
            var step = 0
            for line in try SpecDocument("operations/\(operation).md").codeBlocks(language: "python").joined(separator: "\n")
                .split(separator: "\n") {
                let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                let trimmed = code.drop { $0 == " " }
                let digits = trimmed.prefix { $0.isNumber }
                if !digits.isEmpty, trimmed.dropFirst(digits.count).hasPrefix(". ") { step = Int(digits)! }
                var errors = Self.raisedErrors(in: code)
                for (helper, raised) in helpers.sorted(by: { $0.key < $1.key }) where code.contains(helper + "(") { errors += raised }
                for error in errors {
                    if let i = derived.firstIndex(where: { $0.error == error }) {
                        if !derived[i].steps.contains(step) { derived[i].steps.append(step) }
                    } else {
                        derived.append(SpecChecks.Check(error: error, steps: [step]))
                    }
                }
            }
            #expect(Set(checks) == Set(derived), "\(operation): the table differs from Spec/operations/\(operation).md")
        }
        // Every operation file but the constructor, the views and the shared helpers is in the table.
        let files = try FileManager.default.contentsOfDirectory(atPath: SpecDocument.repositoryRoot.path + "/Spec/operations")
            .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
        #expect(Set(files).subtracting(["README", "common", "constructor", "views"]) == Set(SpecChecks.table.map(\.operation)))
    }

    @Test func sidesAreRaisedAndPassedByOutcome() {
        // deposit: ZeroAmount raised once; one CollateralLimitExceeded (steps 3, 5) passes ZeroAmount (step 2).
        let sides = SpecCheckCoverage(successes: [:], reverts: ["deposit": ["ZeroAmount": 1, "CollateralLimitExceeded": 1]])
        let deposit = sides.rows.filter { $0.operation == "deposit" }
        #expect(deposit.map(\.check.error) == ["UnknownAsset", "ZeroAmount", "CollateralLimitExceeded"])
        #expect(deposit.map(\.raised) == [0, 1, 1])
        #expect(deposit.map(\.passed) == [2, 1, 0])
        #expect(sides.untakenSides(of: "deposit") == 2)
        #expect(sides.untakenSides.contains("deposit CollateralLimitExceeded (steps 3, 5): never passed"))
        let arithmetic = SpecCheckCoverage(successes: [:], reverts: ["withdraw": ["arithmetic": 2]])
        #expect(arithmetic.arithmetic.first?.operation == "withdraw" && arithmetic.arithmetic.first?.count == 2)
    }
}
