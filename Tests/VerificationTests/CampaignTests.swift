import ContractIO
import MarginEngine
import EVMArithmetic
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

    @Test func everySpecInvariantIsChecked() {
        let names = Invariant.allCases.map(\.name)
        for name in ["atomic-revert", "wrong-role-noop", "conservation", "net-open-interest-zero", "collateral-accounting",
                     "fund-non-negative", "solvency", "risk-increasing-needs-im", "liquidation-safety",
                     "deleverage-eligibility", "deleverage-zeroes-bankrupt", "no-flip-on-forced-close", "state-in-bounds",
                     "open-notional-sign", "oracle-time-monotone", "breaker-trip", "guardrail",
                     "no-arithmetic-revert-in-bounds", "im-ge-mm", "var-between-floor-and-sum", "stress-bounds",
                     "no-positions-no-margin", "liquidatable-definition", "rounding-favours-protocol", "margin-monotone",
                     "equity-identity", "position-change-equity"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(CheckPlan().invariants == Set(Invariant.allCases))
    }

    @Test func shrinkerRoundsNumbersDown() {
        #expect(Shrinker.simpler(UInt256(123_456)) == [0, 1, 100_000, 120_000, 123_000, 61_728])
        #expect(Shrinker.simpler(UInt256(1)) == [0])
    }
}
