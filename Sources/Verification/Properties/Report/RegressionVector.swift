import ContractIO
import EVMArithmetic
import MarginEngine

/// A shrunk failure as a test vector (Spec/vector-format.md): the setup is
/// the shrunk sequence before the violating call, the call under test is the
/// violating call, and the expectation is what the Swift model does, so
/// `margin vectors check` replays it and a contract suite can pin it.
public enum RegressionVector {
    public static func make(_ failure: CampaignFailure, options: CampaignOptions) -> VectorCase {
        let calls = failure.shrunk.calls
        let invariant = failure.shrunk.violation.invariant.name
        let command = CampaignReport.replayCommand(options, run: failure.run)
        return VectorCase(
            // Laid out like every case (Spec/vector-format.md): under the function it tests.
            operation: calls.last?.call.function.name ?? "props", suite: "regressions", name: "\(invariant)-\(failure.runSeed)",
            description: "Shrunk property failure: \(invariant) after \(calls.last?.call.function.name ?? "the call") "
                + "(\(calls.count) calls). Found by `\(command)`.",
            deployment: failure.shrunk.deployment,
            setup: Array(calls.dropLast()),
            call: calls.last!)
    }

    /// The case file's canonical JSON.
    public static func render(_ failure: CampaignFailure, options: CampaignOptions) throws -> String {
        CanonicalJSON.render(try VectorRecorder.record(make(failure, options: options)))
    }
}
