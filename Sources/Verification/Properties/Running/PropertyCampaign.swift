import ContractIO
import Foundation
import EVMArithmetic
import MarginEngine

/// What a campaign runs: `runs` generated sequences of `depth` calls, the
/// seed of run r derived from `seed` and r (SeedDerivation), run r belonging
/// to shard `r mod shardCount`.
public struct CampaignOptions: Sendable, Hashable {
    public var seed: UInt64
    public var runs: Int
    public var depth: Int
    public var shardIndex: Int
    public var shardCount: Int
    public var plan: CheckPlan
    /// Replays each shrink may use.
    public var shrinkBudget: Int
    /// The campaign starts no new run after this many failures.
    public var maxFailures: Int
    /// Run only this run index (for replaying a reported failure).
    public var onlyRun: Int?

    public init(seed: UInt64 = 1, runs: Int = 100, depth: Int = 80, shardIndex: Int = 0, shardCount: Int = 1,
                plan: CheckPlan = CheckPlan(), shrinkBudget: Int = 3000, maxFailures: Int = 20, onlyRun: Int? = nil) {
        self.seed = seed
        self.runs = runs
        self.depth = depth
        self.shardIndex = shardIndex
        self.shardCount = shardCount
        self.plan = plan
        self.shrinkBudget = shrinkBudget
        self.maxFailures = maxFailures
        self.onlyRun = onlyRun
    }

    /// The run indices this shard covers, in order.
    public var runIndices: [Int] {
        if let onlyRun { return [onlyRun] }
        return Array(stride(from: shardIndex, to: runs, by: max(shardCount, 1)))
    }
}

/// One failed run, with its counterexample shrunk.
public struct CampaignFailure: Sendable {
    public var run: Int
    public var runSeed: UInt64
    /// Length of the generated sequence up to the violating call.
    public var originalLength: Int
    public var shrunk: Counterexample
    public var shrinkReplays: Int
    /// The outcome of each shrunk call on the system, for the report.
    public var outcomes: [CallOutcome]
}

/// The result of a campaign (or of one shard of it).
public struct CampaignResult: Sendable {
    public var options: CampaignOptions
    public var systemName: String
    /// Runs executed and calls executed in them.
    public var runs: Int
    public var calls: Int
    public var failures: [CampaignFailure]
    /// Seconds spent, measured by the caller's clock (not deterministic).
    public var elapsedSeconds: Double
    /// Whether the time budget stopped the campaign before all its runs.
    public var timeBudgetExhausted: Bool
    /// What the calls did, per function.
    public var coverage: Coverage
    /// The ranking audit of the campaign's successful deleverages (the
    /// generator is the keeper: it mostly picks the top score, sometimes not).
    public var adlAudit = ADLAudit()
}

public enum PropertyCampaign {
    /// Runs the campaign. `clock` returns seconds (any origin); with a
    /// `timeBudget`, no run starts once it is spent. Runs are generated and
    /// checked on `workers` threads, a round of them at a time, and their
    /// results taken in run order, as one thread would take them: the result
    /// does not depend on `workers` (a round may check a few runs past a stop,
    /// which are dropped).
    public static func run(_ options: CampaignOptions, system: any MarginSystem = ModelSystem(),
                           timeBudget: Double? = nil, clock: () -> Double = { 0 }, workers: Int = 2,
                           progress: ((_ runsDone: Int) -> Void)? = nil) -> CampaignResult {
        let started = clock()
        var runs = 0, calls = 0
        var failures: [CampaignFailure] = []
        var exhausted = false
        var coverage = Coverage()
        var adlAudit = ADLAudit()
        let indices = options.runIndices
        let threads = max(1, workers)
        // Enough runs per round that the threads rarely wait for each other.
        let round = threads == 1 ? 1 : threads * 16
        var next = 0
        rounds: while next < indices.count {
            let batch = Array(indices[next..<min(next + round, indices.count)])
            next += batch.count
            let results = RunResults(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: min(threads, batch.count)) { _ in
                while let i = results.take() {
                    let runSeed = SeedDerivation.runSeed(campaignSeed: options.seed, run: batch[i])
                    results.set(i, PropertyRun.run(system: system, runSeed: runSeed, depth: options.depth, plan: options.plan, run: batch[i]))
                }
            }
            for (r, result) in zip(batch, results.all) {
                if failures.count >= options.maxFailures { break rounds }
                if let timeBudget, clock() - started >= timeBudget {
                    exhausted = true
                    break rounds
                }
                runs += 1
                progress?(runs)
                calls += result.calls
                coverage.add(result.coverage)
                adlAudit.add(result.adlAudit)
                if let found = result.counterexample {
                    failures.append(shrinkFailure(found, run: r, runSeed: result.runSeed, system: system, budget: options.shrinkBudget))
                }
            }
        }
        return CampaignResult(options: options, systemName: system.name, runs: runs, calls: calls, failures: failures,
                              elapsedSeconds: clock() - started, timeBudgetExhausted: exhausted,
                              coverage: coverage, adlAudit: adlAudit)
    }

    /// Slots the workers fill, one per run of a round, behind a lock.
    final class RunResults: @unchecked Sendable {
        private var slots: [PropertyRun.Result?]
        private var taken = 0
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        /// The next slot no worker has taken, nil when all are: each worker
        /// takes a run when it finishes one, so runs of uneven length do not
        /// leave a thread idle until the round ends.
        func take() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard taken < slots.count else { return nil }
            taken += 1
            return taken - 1
        }

        func set(_ i: Int, _ result: PropertyRun.Result) {
            lock.lock(); defer { lock.unlock() }
            slots[i] = result
        }

        /// Every slot, filled: concurrentPerform has returned.
        var all: [PropertyRun.Result] {
            lock.lock(); defer { lock.unlock() }
            return slots.map { $0! }
        }
    }

    static func shrinkFailure(_ found: Counterexample, run: Int, runSeed: UInt64, system: any MarginSystem,
                              budget: Int) -> CampaignFailure {
        let shrunk = Shrinker(system: system, replayBudget: budget).shrink(found)
        return CampaignFailure(run: run, runSeed: runSeed, originalLength: found.calls.count,
                               shrunk: shrunk.counterexample, shrinkReplays: shrunk.replays,
                               outcomes: outcomes(of: shrunk.counterexample, system: system))
    }

    /// Each call's outcome when the sequence runs from deployment.
    static func outcomes(of counterexample: Counterexample, system: any MarginSystem) -> [CallOutcome] {
        let d = counterexample.deployment
        guard case var .success((state, _)) = EngineState.deploy(
            governance: d.governance, oracle: d.oracle, exchange: d.exchange, globalParams: d.globalParams,
            context: CallContext(sender: d.deployer, timestamp: d.timestamp)) else { return [] }
        return counterexample.calls.map { step in
            system.execute(&state, step.call, CallContext(sender: step.from, timestamp: step.timestamp))
        }
    }
}
