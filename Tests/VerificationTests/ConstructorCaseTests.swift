import ContractIO
import EVMArithmetic
import MarginEngine
import Testing
@testable import Verification

@Suite("Constructor cases: deployments that revert")
struct ConstructorCaseTests {
    static let constructorCases = VectorCorpus.cases().filter { $0.call == nil }

    @Test func everyCheckOfTheConstructorHasACase() {
        let names = Set(Self.constructorCases.map(\.name))
        #expect(names.isSuperset(of: ["oracle-zero", "exchange-zero", "maxOracleAge-below-lo", "closeFactor-below-lo"]))
        for bounds in ParameterBounds.global { #expect(names.contains("\(bounds.name)-above-hi")) }
    }

    /// Recorded, read back as the file is, and checked: a revert, with
    /// neither setup nor call in the file.
    @Test(arguments: constructorCases.map(\.relativePath))
    func recordsReadsBackAndChecks(path: String) throws {
        let c = try #require(Self.constructorCases.first { $0.relativePath == path })
        let json = try VectorRecorder.record(c)
        #expect(Self.members(json)?.map(\.key) == ["_info", "deployment", "expect"])
        let parsed = try JSONParser.parse(Array(CanonicalJSON.render(json).utf8))
        let read = try VectorCase(json: parsed, relativePath: path)
        #expect(read.call == nil && read.setup.isEmpty && read.deployment == c.deployment)
        #expect(try VectorCheck.check(json: parsed, relativePath: path) == nil)
    }

    static func members(_ value: JSONValue) -> [(key: String, value: JSONValue)]? {
        if case let .object(members) = value { members } else { nil }
    }

    @Test func aDeploymentThatSucceedsIsNotAConstructorCase() {
        let fine = VectorCase(operation: "constructor", suite: "errors", name: "fine", description: "",
                              deployment: ConstructorCases.deployment(), setup: [], call: nil)
        #expect(throws: VectorRecorder.Failure.self) { try VectorRecorder.record(fine) }
    }

    /// The revert data are compared: a case naming another parameter fails
    /// the check even with its hash made to match.
    @Test func aWrongRevertIsAMismatch() throws {
        let c = try #require(Self.constructorCases.first { $0.name == "lowest-id-first" })
        var other = c
        var values = c.deployment.globalParams.values
        values[1] = Fixture.globalParams.values[1]
        other.deployment.globalParams = try #require(GlobalParams(values: values))
        // The case's expectation, over the inputs of `other`: parameter 10, not 1.
        var members = try #require(Self.members(try VectorRecorder.record(c)))
        let otherMembers = try #require(Self.members(try VectorRecorder.record(other)))
        members[members.firstIndex { $0.key == "deployment" }!].value = otherMembers.first { $0.key == "deployment" }!.value
        let body = JSONValue.object(members.filter { $0.key != "_info" })
        let hash = VectorRecorder.contentHash(body)
        var info = try #require(Self.members(members[0].value))
        info[info.firstIndex { $0.key == "hash" }!].value = .string(hash)
        members[0].value = .object(info)
        let mismatch = try VectorCheck.check(json: .object(members), relativePath: c.relativePath)
        #expect(mismatch?.path == "expect.revert.args[0]")
    }
}
