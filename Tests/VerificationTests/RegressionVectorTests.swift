import ContractIO
import Foundation
import MarginEngine
import Testing
import Verification

@Suite("Shrunk failures become regression vectors")
struct RegressionVectorTests {
    @Test func savedFailureVectorReplays() throws {
        let options = huntOptions(runs: 20)
        let result = PropertyCampaign.run(options, system: FeeNotCredited())
        let failure = try #require(result.failures.first)
        let vector = RegressionVector.make(failure, options: options)
        #expect(vector.relativePath == CampaignReport.vectorPath(failure))
        let function = failure.shrunk.calls.last!.call.function.name
        #expect(vector.relativePath == "\(function)/regressions/conservation-\(failure.runSeed).json")
        #expect(vector.setup.count == failure.shrunk.calls.count - 1)
        #expect(vector.call?.call == failure.shrunk.calls.last!.call)
        #expect(vector.description.contains(CampaignReport.replayCommand(options, run: failure.run)))

        // The file as written, read back and checked the way `margin vectors check` does.
        let text = try RegressionVector.render(failure, options: options)
        let parsed = try JSONParser.parse(Array(text.utf8))
        #expect(CanonicalJSON.render(parsed) == text)
        let mismatch = try VectorCheck.check(json: parsed, relativePath: vector.relativePath)
        #expect(mismatch == nil, "\(mismatch.map { "\($0.path): expected \($0.expected), got \($0.actual)" } ?? "")")
    }
}
