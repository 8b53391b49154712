import ContractIO
import MarginEngine
import Testing
import Verification

/// A copy of the model with one bug, the invariants allowed to catch it,
/// and the runs the campaign may spend finding it.
struct PlantedBug: Sendable, CustomTestStringConvertible {
    let system: any MarginSystem
    let expected: Set<Invariant>
    let runs: Int
    var testDescription: String { system.name }

    static let all: [PlantedBug] = [
        PlantedBug(system: LiquidationIgnoresCloseFactor(), expected: [.liquidationSafety], runs: 400),
        PlantedBug(system: WithdrawChecksMaintenance(), expected: [.riskIncreasingNeedsIM], runs: 400),
        PlantedBug(system: EquityRoundedUp(),
                   expected: [.equityIdentity, .roundingFavoursProtocol, .positionChangeEquity, .solvency], runs: 20),
        PlantedBug(system: TradeSkipsBreaker(), expected: [.riskIncreasingNeedsIM], runs: 60),
        PlantedBug(system: FeeNotCredited(), expected: [.conservation], runs: 20),
        PlantedBug(system: GuardrailWithoutCooldown(), expected: [.guardrail], runs: 150),
        PlantedBug(system: NotionalRoundedDown(), expected: [.roundingFavoursProtocol], runs: 40),
    ]
}

/// The budget of one planted-bug hunt: short runs, one failure, a bounded shrink.
func huntOptions(runs: Int, seed: UInt64 = 1) -> CampaignOptions {
    CampaignOptions(seed: seed, runs: runs, depth: 60, shrinkBudget: 400, maxFailures: 1)
}

@Suite("The campaign finds and shrinks planted bugs")
struct PlantedBugTests {
    @Test(arguments: PlantedBug.all)
    func campaignFindsAndShrinksPlantedBug(_ bug: PlantedBug) throws {
        let options = huntOptions(runs: bug.runs)
        let result = PropertyCampaign.run(options, system: bug.system)
        let failure = try #require(result.failures.first, "\(bug.system.name): no failure in \(result.runs) runs, \(result.calls) calls")
        let found = failure.shrunk.violation
        #expect(bug.expected.contains(found.invariant), "\(bug.system.name): found \(found)")
        // Shrunk to a short sequence, which still fails on the mutant ...
        #expect(failure.shrunk.calls.count <= 12, "\(bug.system.name): \(failure.shrunk.calls.count) calls after shrinking")
        #expect(failure.shrunk.calls.count <= failure.originalLength)
        let again = PropertyRun.replay(system: bug.system, deployment: failure.shrunk.deployment, calls: failure.shrunk.calls,
                                       invariants: [found.invariant])
        #expect(again?.violation.invariant == found.invariant && again?.index == failure.shrunk.calls.count - 1)
        // ... and holds every invariant on the model: the failure is the bug's.
        let model = PropertyRun.replay(system: ModelSystem(), deployment: failure.shrunk.deployment, calls: failure.shrunk.calls,
                                       invariants: Set(Invariant.allCases))
        #expect(model == nil, "the model fails the shrunk sequence too: \(model.map { "\($0.violation)" } ?? "")")
        print(CampaignReport.text(CampaignReport.json(result)))
    }

    @Test func reportShowsShrunkCallsInvariantSeedAndReplayCommand() throws {
        let result = PropertyCampaign.run(huntOptions(runs: 20), system: FeeNotCredited())
        let failure = try #require(result.failures.first)
        let text = CampaignReport.text(CampaignReport.json(result))
        #expect(text.hasPrefix("margin props: FAIL: 1 failing run in"))
        #expect(text.contains("FAIL conservation in run \(failure.run) (run seed \(failure.runSeed), seed 1)"))
        #expect(text.contains("Σ cash − Σ openNotional + insuranceFund"))
        #expect(text.contains("replay: margin props --seed 1 --depth 60 --replay-run \(failure.run)"))
        #expect(text.contains("<- violates conservation"))
        #expect(text.contains("settleTrade("))
    }

    @Test func replayRunReproducesTheReportedFailure() throws {
        let result = PropertyCampaign.run(huntOptions(runs: 20), system: FeeNotCredited())
        let failure = try #require(result.failures.first)
        var options = huntOptions(runs: 20)
        options.onlyRun = failure.run
        let replayed = PropertyCampaign.run(options, system: FeeNotCredited())
        #expect(replayed.runs == 1)
        let again = try #require(replayed.failures.first)
        #expect(again.runSeed == failure.runSeed)
        #expect(again.shrunk.calls.map(\.call) == failure.shrunk.calls.map(\.call))
        #expect(again.shrunk.violation == failure.shrunk.violation)
    }
}
