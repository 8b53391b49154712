import ContractIO
import MarginEngine
import EVMArithmetic
import SpecText
import Testing
@testable import Verification

@Suite("The model holds every invariant")
struct CampaignTests {
    /// The CI budget: a fixed campaign on the model, all invariants, the
    /// sampled ones after every 8th call. Any failure prints its shrunk report.
    @Test func modelHoldsEveryInvariantOnAFixedBudget() {
        let options = CampaignOptions(seed: 20_251_125, runs: 1000, depth: 80, plan: CheckPlan(deepPeriod: 8), shrinkBudget: 500)
        let result = PropertyCampaign.run(options)
        #expect(result.runs == 1000)
        #expect(result.failures.isEmpty, "\(CampaignReport.text(CampaignReport.json(result)))")
        // The generator reaches the interesting paths.
        let successes = result.coverage.successes
        for function in ["settleTrade", "liquidate", "withdraw", "deposit", "postPrice", "setGlobalParams"] {
            #expect((successes[function] ?? 0) > 0, "no successful \(function) in the campaign")
        }
    }

    /// Exhaustive checking (every invariant, every perturbation, after every call) on a few runs.
    @Test func modelHoldsEveryInvariantExhaustively() {
        let options = CampaignOptions(seed: 9, runs: 4, depth: 60, plan: .exhaustive(Set(Invariant.allCases)), shrinkBudget: 300)
        let result = PropertyCampaign.run(options)
        #expect(result.failures.isEmpty, "\(CampaignReport.text(CampaignReport.json(result)))")
    }

    /// The invariants the code knows are exactly the names of the two tables
    /// of Spec/invariants.md, in the Spec's order, and the default plan checks
    /// them all: a name added on one side only fails here.
    @Test func everySpecInvariantIsChecked() throws {
        let spec = try SpecDocument("invariants.md")
        var specNames: [String] = []
        for section in ["State-transition invariants (after every call)",
                        "Margin invariants (pure functions of a state, any account)"] {
            let rows = spec.tableRows(inSection: section)
            #expect(!rows.isEmpty, "no table of invariants under \"## \(section)\" in \(spec.name)")
            specNames += rows.map { $0[0] }
        }
        let codeNames = Invariant.allCases.map(\.name)
        #expect(codeNames == specNames, """
            \(spec.name) and Invariant differ. \
            Only in the Spec: \(specNames.filter { !codeNames.contains($0) }); \
            only in the code: \(codeNames.filter { !specNames.contains($0) })
            """)
        #expect(CheckPlan().invariants == Set(Invariant.allCases))
    }

    @Test func shrinkerRoundsNumbersDown() {
        #expect(Shrinker.simpler(UInt256(123_456)) == [0, 1, 100_000, 120_000, 123_000, 61_728])
        #expect(Shrinker.simpler(UInt256(1)) == [0])
    }
}
