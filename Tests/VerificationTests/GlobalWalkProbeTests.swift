import ContractIO
import EVMArithmetic
import MarginEngine
import Testing
@testable import Verification

/// The global-parameter walks (CallGenerator+GlobalWalk) do on the model
/// what they are for: every change of a walk is accepted, the bound is
/// reached, one past it is refused, from a lower bound one past the
/// minimum step is refused and the step accepted, and the walk comes back
/// to where it started.
@Suite struct GlobalWalkProbeTests {
    @Test func everyWalkReachesItsBoundAndProbesIt() throws {
        let (generator, start) = try AimedCallTests.world()
        let walks = CallGenerator.globalWalks
        for index in walks.indices {
            var g = generator, state = start
            g.globalWalkCounter = index
            let probe = g.globalWalkProbe(state)
            let first = try #require(probe, "walk \(walks[index])")
            var outcomes = [AimedCallTests.revertName(&state, first)]
            var reads: [[UInt256]] = []
            while g.hasQueuedCalls {
                let call = g.next(state)
                outcomes.append(AimedCallTests.revertName(&state, call))
                if case .globalParams = call.call { reads.append(state.globalParams.values) }
            }
            var expectedFailures: [String] = []
            for walk in (0..<CallGenerator.walksPerProbe).map({ walks[(index + $0) % walks.count] }) {
                let bounds = ParameterBounds.global[walk.parameter]
                let target = walk.up ? bounds.hi : bounds.lo
                guard CallGenerator.guardrailedSteps(walk.parameter, from: start.globalParams.values, to: target) != nil else { continue }
                let stepProbe = !walk.up && EVM.div(bounds.lo, 4) < bounds.minStep
                if walk.up || !bounds.lo.isZero { expectedFailures.append("ParameterOutOfBounds") }
                if stepProbe { expectedFailures.append("GuardrailExceeded") }
                // Each bound, as the walk's views read it back.
                #expect(reads.contains { $0[walk.parameter] == target }, "\(walk): \(outcomes)")
            }
            #expect(outcomes.filter { $0 != "success" } == expectedFailures, "\(walks[index]): \(outcomes)")
            #expect(outcomes.count > expectedFailures.count + 2, "the walks changed something")
            #expect(state.globalParams == start.globalParams, "every walk comes back")
        }
    }

    /// Seeds 1 to 4, two probes each, take every walk.
    @Test func fourConsecutiveSeedsTakeEveryWalk() {
        var taken = Set<Int>()
        for seed in UInt64(1)...4 {
            let first = CallGenerator.firstGlobalWalk(seed: seed)
            for i in 0..<(2 * CallGenerator.walksPerProbe) { taken.insert((first + i) % CallGenerator.globalWalks.count) }
        }
        #expect(taken.count == CallGenerator.globalWalks.count)
    }
}
