import ContractIO
import EVMArithmetic
import MarginEngine

/// An asset's haircut weight walked to zero, one guardrailed change a day,
/// then one past the minimum step and the step itself from zero, and back
/// to where it started: the weight's lower bound and its minimum step are
/// where the allowance stops being a quarter of the weight, which changes
/// near a realistic weight never reach. A burst of queued calls, some
/// thirty days of them: once a run.
extension CallGenerator {
    mutating func assetWeightWalk(_ state: EngineState) -> Scenario.Call? {
        guard !walkedAssetWeight else { return nil }
        // An asset an account with positions holds, whose margin shows each weight (a quarter of a
        // quarter soon leaves whole numbers of wei, where the haircut's rounding shows).
        let holders = everyone.filter { state.hasOpenPositionIn($0) }
        let held = (0..<state.assetCount).filter { a in holders.contains { !state.account($0).collateral[a].isZero } }
        let a = held.isEmpty ? random.int(0...state.assetCount - 1) : random.pick(held)
        let holder = holders.first { !state.account($0).collateral[a].isZero } ?? keepers[0]
        let bounds = ParameterBounds.assetWeight
        let start = state.assets[a].weight
        guard let down = bounds.guardrailedPath(from: start, to: bounds.lo, longest: Self.longestWalk),
              let back = bounds.guardrailedPath(from: bounds.lo &+ bounds.minStep, to: start, longest: Self.longestWalk)
        else { return nil }
        let asset = Amounts.u(a), owner = state.owner
        let day = Int(Constants.guardrailCooldown.w0)
        for weight in down {
            follow(after: day, with: (owner, .setAssetWeight(asset: asset, weight: weight)))
            follow(with: (keepers[0], .equity(holder)))
        }
        follow(with: (keepers[0], .assetState(asset: asset)))
        follow(after: day, with: (owner, .setAssetWeight(asset: asset, weight: bounds.lo &+ bounds.minStep &+ .one)))
        follow(with: (owner, .setAssetWeight(asset: asset, weight: bounds.lo &+ bounds.minStep)))
        for weight in back { follow(after: day, with: (owner, .setAssetWeight(asset: asset, weight: weight))) }
        follow(with: (keepers[0], .assetState(asset: asset)))
        walkedAssetWeight = true
        return view(state)
    }
}
