import ContractIO
import Foundation
import MarginEngine
import Testing
import Verification

@Suite("Campaigns are reproducible and shard cleanly")
struct ReproducibilityTests {
    @Test func sameSeedGivesSameReport() {
        for system in [ModelSystem() as any MarginSystem, FeeNotCredited()] {
            let options = CampaignOptions(seed: 42, runs: 6, depth: 40, shrinkBudget: 200, maxFailures: 2)
            let first = CampaignReport.deterministicPart(CampaignReport.json(PropertyCampaign.run(options, system: system)))
            let second = CampaignReport.deterministicPart(CampaignReport.json(PropertyCampaign.run(options, system: system)))
            #expect(first == second, "\(system.name): two runs of seed 42 differ")
        }
    }

    /// Runs checked on two threads are taken in run order: the report is the
    /// one thread's, failures, the stop after `maxFailures` and coverage included.
    @Test func theReportDoesNotDependOnTheWorkerCount() {
        for system in [ModelSystem() as any MarginSystem, FeeNotCredited()] {
            let options = CampaignOptions(seed: 42, runs: 40, depth: 40, shrinkBudget: 200, maxFailures: 2)
            let one = CampaignReport.deterministicPart(CampaignReport.json(PropertyCampaign.run(options, system: system, workers: 1)))
            let two = CampaignReport.deterministicPart(CampaignReport.json(PropertyCampaign.run(options, system: system, workers: 2)))
            #expect(one == two, "\(system.name): one worker and two differ")
        }
    }

    @Test func differentSeedsGiveDifferentRunSeeds() {
        let a = SeedDerivation.runSeed(campaignSeed: 1, run: 0), b = SeedDerivation.runSeed(campaignSeed: 2, run: 0)
        #expect(a != b)
        #expect(SeedDerivation.runSeed(campaignSeed: 1, run: 1) != a)
        // SplitMix64(SplitMix64(seed) ^ run), pinned: a seed means the same runs in every release.
        #expect(SeedDerivation.splitMix(0) == 0xE220_A839_7B1D_CDAF)
        #expect(SeedDerivation.runSeed(campaignSeed: 0, run: 0) == 0xA706_DD2F_4D19_7E6F)
        // Nearby campaign seeds do not share runs.
        let seeds1 = Set((0..<64).map { SeedDerivation.runSeed(campaignSeed: 1, run: $0) })
        let seeds2 = Set((0..<64).map { SeedDerivation.runSeed(campaignSeed: 2, run: $0) })
        #expect(seeds1.isDisjoint(with: seeds2))
    }

    @Test func timingKeysAreInTheReportAndNamedAsTimings() {
        let result = PropertyCampaign.run(CampaignOptions(seed: 3, runs: 2, depth: 20), system: ModelSystem()) { 1.5 }
        guard case let .object(members) = CampaignReport.json(result) else { Issue.record("not an object"); return }
        let keys = Set(members.map(\.key))
        #expect(keys.isSuperset(of: ["seed", "runs", "calls", "invariants", "failures"]))
        for key in CampaignReport.timingKeys {
            #expect(keys.contains(key))
            #expect(key.lowercased().contains("time") || key.lowercased().contains("rate"), "\(key)")
        }
    }

    @Test(arguments: 1...5)
    func shardsAreDisjointAndCoverAllRuns(_ count: Int) {
        var seen: [Int] = []
        for index in 0..<count {
            let options = CampaignOptions(runs: 23, shardIndex: index, shardCount: count)
            #expect(options.runIndices.allSatisfy { $0 % count == index })
            seen += options.runIndices
        }
        #expect(seen.sorted() == Array(0..<23))
    }

    @Test func shardReportsMergeIntoTheWholeCampaign() throws {
        let whole = CampaignOptions(seed: 5, runs: 7, depth: 40, shrinkBudget: 150, maxFailures: 100)
        let system = FeeNotCredited()
        let wholeReport = CampaignReport.json(PropertyCampaign.run(whole, system: system))
        var shards: [(name: String, report: JSONValue)] = []
        for index in 0..<3 {
            var options = whole
            options.shardIndex = index
            options.shardCount = 3
            shards.append(("shard \(index)", CampaignReport.json(PropertyCampaign.run(options, system: system))))
        }
        let merged = try CampaignReport.merge(shards)
        for key in ["seed", "runs", "calls", "invariants", "failures", "coverage"] {
            #expect(member(merged, key) == member(wholeReport, key), "\(key) differs after merging")
        }
        #expect(throws: CampaignReport.MergeError.self) { try CampaignReport.merge([shards[0], shards[0]]) }
    }
}

func member(_ value: JSONValue, _ key: String) -> JSONValue? {
    if case let .object(members) = value { return members.first { $0.key == key }?.value }
    return nil
}
