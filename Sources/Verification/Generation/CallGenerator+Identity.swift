import ContractIO
import EVMArithmetic
import MarginEngine

/// Identity tiers: the attestor's attestations and revocations, with
/// expiries from a minute to past the 365-day term, the owner's tier
/// parameters and attestor changes, each now and then one step past a rule.
extension CallGenerator {
    mutating func identity(_ state: EngineState) -> Scenario.Call {
        let trader = random.pick(traders)
        let attestor = state.attestor == .zero ? Actors.attestor : state.attestor
        switch random.int(0...19) {
        case 0...8: return attest(trader, from: attestor)
        case 9...10: return step(attestor, .revoke(trader))
        case 11...13: return tierParamsStep(state)
        case 14: return step(state.owner, .setAttestor(random.pick([Actors.attestor, .zero, state.owner, trader])))
        case 15: return step(attestor, .attest(attestor, tier: 1, expiry: now &+ 86_400))                 // SelfAttestation
        case 16: return step(random.pick([Actors.stranger, state.owner, trader]), .attest(trader, tier: 1, expiry: now &+ 86_400))
        case 17: return step(attestor, .attest(trader, tier: random.pick([.zero, 4]), expiry: now &+ 86_400))  // InvalidTier
        case 18: return step(attestor, .attest(.zero, tier: 1, expiry: now &+ 86_400))                    // ZeroAddress
        default:
            // The last second of a term and the first past it, or an expiry already reached.
            let expiry = random.pick([now, now &+ Constants.maxAttestationTerm, now &+ Constants.maxAttestationTerm &+ .one])
            return step(attestor, .attest(trader, tier: Amounts.u(random.int(1...Constants.maxTier)), expiry: expiry))
        }
    }

    /// An attestation of `account` from `attestor`; the expiry now and
    /// then a few seconds away, so that runs see it lapse.
    mutating func attest(_ account: Address, from attestor: Address) -> Scenario.Call {
        let seconds = random.chance(30) ? random.int(1...120) : random.int(3_600...Int(Constants.maxAttestationTerm.w0))
        let tier = Amounts.u(random.int(1...Constants.maxTier))
        return step(attestor, .attest(account, tier: tier, expiry: now &+ Amounts.u(seconds)))
    }

    /// The tier parameters one guardrailed step up or down, the discounts
    /// kept under the cap mostly, one past it or past the bound sometimes.
    mutating func tierParamsStep(_ state: EngineState) -> Scenario.Call {
        if random.chance(60) { advance(86_400) }
        var values = state.tierParams.values
        for k in 0..<values.count where k == 0 || random.chance(60) { values[k] = nudge(values[k], ParameterBounds.tier[k]) }
        if random.chance(80) {
            for k in 1..<values.count { values[k] = min(values[k], values[0]) }
        }
        return step(state.owner, .setTierParams(TierParams(values: values)!))
    }
}
