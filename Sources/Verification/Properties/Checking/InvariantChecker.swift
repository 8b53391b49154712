import ContractIO
import EVMArithmetic
import MarginEngine

/// Which invariants to check, and how often the expensive ones run.
public struct CheckPlan: Sendable, Hashable {
    /// The invariants checked, a subset of `Invariant.allCases`.
    public var invariants: Set<Invariant>
    /// The sampled checks (`margin-monotone`, `rounding-favours-protocol`,
    /// the fund part of `stress-bounds`, and the cheap margin invariants on
    /// every account of A) run after about one call in `deepPeriod`, chosen
    /// by a hash of the run seed and the call index, and after the last call
    /// of a run. 1 runs them after every call.
    public var deepPeriod: Int

    /// How many of an account's `margin-monotone` perturbations one deep
    /// check tries (consecutive ones, from a position hashed from the call
    /// index, so that successive checks reach them all); nil tries them all.
    public var perturbationsPerAccount: Int?

    public init(invariants: Set<Invariant> = Set(Invariant.allCases), deepPeriod: Int = 16, perturbationsPerAccount: Int? = 6) {
        self.invariants = invariants
        self.deepPeriod = max(deepPeriod, 1)
        self.perturbationsPerAccount = perturbationsPerAccount
    }

    /// Everything, after every call: what shrinking and replays use.
    public static func exhaustive(_ invariants: Set<Invariant>) -> CheckPlan {
        CheckPlan(invariants: invariants, deepPeriod: 1, perturbationsPerAccount: nil)
    }

    /// Whether the sampled checks run after call `index` of the run with `runSeed`.
    public func isDeep(runSeed: UInt64, index: Int, isLast: Bool) -> Bool {
        if deepPeriod <= 1 || isLast { return true }
        return SeedDerivation.mix(runSeed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15)) % UInt64(deepPeriod) == 0
    }
}

/// Checks the enabled invariants after one call, in the Spec's order, and
/// returns the first that does not hold.
struct InvariantChecker {
    let system: any MarginSystem
    private let enabled: [Bool]
    private let perturbations: Int?

    init(system: any MarginSystem, plan: CheckPlan) {
        self.system = system
        enabled = Invariant.allCases.map { plan.invariants.contains($0) }
        perturbations = plan.perturbationsPerAccount
    }

    func check(_ c: CallCheck, deep: Bool) -> Violation? {
        // The cheap margin invariants run every call on the accounts the call
        // names or changes; a deep check runs them on all of A.
        var accounts: [Address] = []
        if deep {
            accounts = c.addresses
        } else {
            // A call names two or three addresses: arrays, not hashed sets.
            var named = [c.sender]
            for argument in c.call.arguments { if case let .address(a) = argument { named.append(a) } }
            accounts = c.addresses.filter { named.contains($0) || c.changedAccounts.contains($0) }
        }
        for (position, invariant) in Invariant.allCases.enumerated() where enabled[position] {
            switch invariant {
            case .roundingFavoursProtocol:
                guard deep else { continue }
                if let v = RoundingInvariant.checkCall(c) { return v }
                for account in accounts {
                    if let v = RoundingInvariant.checkAccount(c.postMargin, account) { return v }
                }
            case .marginMonotone:
                guard deep else { continue }
                for (k, account) in accounts.enumerated() {
                    let sample = perturbations.map { (offset: SeedDerivation.mix(UInt64(c.index) &* 31 &+ UInt64(k)), count: $0) }
                    if let v = MarginMonotonicity.check(c.postMargin, account, sample: sample) { return v }
                }
            case .stressBounds:
                guard let first = accounts.first ?? c.addresses.first else { continue }
                if let v = MarginInvariants.check(.stressBounds, c.postMargin, first, deep: deep) { return v }
                if deep, let v = MarginMonotonicity.stressMonotone(c.postMargin, first) { return v }
            case .imGeMM, .varBetweenFloorAndSum, .noPositionsNoMargin, .liquidatableDefinition, .equityIdentity,
                 .tierDiscountCapped, .expiredAttestationGrantsNothing:
                for account in accounts {
                    if let v = MarginInvariants.check(invariant, c.postMargin, account, deep: deep) { return v }
                }
                if invariant == .equityIdentity && deep, let v = equityIgnoresTime(c, accounts) { return v }
            default:
                if let v = TransitionInvariants.check(invariant, c) { return v }
            }
        }
        return nil
    }

    /// The second half of `equity-identity`: E does not depend on `now`.
    /// The `equity` view runs a day and 31 days later on a copy of the state.
    private func equityIgnoresTime(_ c: CallCheck, _ accounts: [Address]) -> Violation? {
        for account in accounts {
            guard let e = try? c.postMargin.equity(account) else { continue }
            for later in [UInt256(86_400), UInt256(2_678_400)] {
                var copy = c.post
                let when = c.now &+ later
                let outcome = system.execute(&copy, .equity(account), CallContext(sender: account, timestamp: when))
                guard case let .success(returns, _) = outcome, case let .int256(value)? = returns.first else {
                    return Violation(.equityIdentity, "equity(\(account)) at now + \(later) gives \(outcome.summary)")
                }
                if value != e {
                    return Violation(.equityIdentity, "equity(\(account)) is \(e) at \(c.now) but \(value) at \(when): "
                                     + "equity must not depend on now")
                }
            }
        }
        return nil
    }
}
