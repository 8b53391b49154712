import ContractIO
import EVMArithmetic
import MarginEngine
import Testing
@testable import Verification

/// The global-parameter walks (CallGenerator+GlobalWalk) do on the model
/// what they are for: every change of a walk is accepted, the bound is
/// reached, one past it is refused, and from a lower bound one past the
/// minimum step is refused and the step accepted.
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
            while g.hasQueuedCalls { outcomes.append(AimedCallTests.revertName(&state, g.next(state))) }
            var expectedFailures: [String] = []
            for walk in (0..<CallGenerator.walksPerProbe).map({ walks[(index + $0) % walks.count] }) {
                let bounds = ParameterBounds.global[walk.parameter]
                let stepProbe = !walk.up && EVM.div(bounds.lo, 4) < bounds.minStep
                if walk.up || !bounds.lo.isZero { expectedFailures.append("ParameterOutOfBounds") }
                if stepProbe { expectedFailures.append("GuardrailExceeded") }
                let final = walk.up ? bounds.hi : (stepProbe ? bounds.lo &+ bounds.minStep : bounds.lo)
                #expect(state.globalParams.values[walk.parameter] == final, "\(walk): \(outcomes)")
            }
            #expect(outcomes.filter { $0 != "success" } == expectedFailures, "\(walks[index]): \(outcomes)")
            #expect(outcomes.count > expectedFailures.count + 2, "the walks changed something")
        }
    }

    @Test func withoutACounterTheFirstWalkIsDrawn() throws {
        var (generator, state) = try AimedCallTests.world()
        #expect(generator.globalWalkCounter == nil)
        _ = generator.globalWalkProbe(state)
        let next = try #require(generator.globalWalkCounter)
        while generator.hasQueuedCalls { _ = AimedCallTests.revertName(&state, generator.next(state)) }
        #expect(CallGenerator.globalWalks.indices.contains(next))
    }
}
