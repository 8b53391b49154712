import ContractIO
import EVMArithmetic
import MarginEngine

/// A correlation moved toward zero by its whole guardrail allowance on
/// three days in a row, each day one wei past the allowance first
/// (CorrelationGuardrailExceeded) and the second and third days at the
/// very second the cooldown ends. The allowance is a quarter of the
/// current value rounded down, or the minimum step below 0.2, which a
/// pair of small correlation (taken half the time) shows. The second
/// day's change is a wei short of the allowance, so that the third starts
/// from a value whose quarter is not a whole number of wei.
extension CallGenerator {
    mutating func correlationStepProbe(_ state: EngineState) -> Scenario.Call? {
        var pairs: [(Int, Int)] = []
        for a in 0..<state.marketCount {
            for b in (a + 1)..<max(a + 1, state.marketCount) where state.correlationSet[a][b] { pairs.append((a, b)) }
        }
        guard !pairs.isEmpty else { return nil }
        let smallest = pairs.min { state.correlation[$0.0][$0.1].magnitude < state.correlation[$1.0][$1.1].magnitude }!
        let (a, b) = random.chance(50) ? smallest : random.pick(pairs)
        let id = ParameterID.correlation(a, b)
        let readyAt = state.lastChange(id) &+ Constants.guardrailCooldown
        if readyAt > now, let wait = (readyAt &- now).uint64Value { advance(Int(wait)) }
        let owner = state.owner
        func change(_ rho: Int256) -> EngineCall {
            .setCorrelation(marketA: Amounts.u(a), marketB: Amounts.u(b), correlation: rho)
        }
        var rho = state.correlation[a][b]
        var first: EngineCall?
        for day in 0..<3 {
            let allowance = max(EVM.div(rho.magnitude &* Constants.guardrailMaxChange, .wad), ParameterBounds.correlationMinStep)
            let down = !rho.isNegative
            func moved(by amount: UInt256) -> Int256 {
                let step = Int256(bitPattern: amount)
                return down ? rho &- step : rho &+ step
            }
            let past = change(moved(by: allowance &+ .one))
            let taken = moved(by: day == 1 ? allowance &- .one : allowance)
            if first == nil { first = past } else { follow(after: Int(Constants.guardrailCooldown.w0), with: (owner, past)) }
            follow(with: (owner, change(taken)))
            follow(with: (keepers[0], .correlation(marketA: Amounts.u(a), marketB: Amounts.u(b))))
            rho = taken
        }
        return step(owner, first!)
    }
}
