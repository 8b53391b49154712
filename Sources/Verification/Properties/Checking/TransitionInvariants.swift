import ContractIO
import EVMArithmetic
import MarginEngine

/// The state-transition invariants of Spec/invariants.md, each checked on
/// one call (pre-state, post-state, outcome). Each returns nil when the
/// invariant holds, or the violation with the numbers that show it.
enum TransitionInvariants {
    static func check(_ invariant: Invariant, _ c: CallCheck) -> Violation? {
        do {
            switch invariant {
            case .atomicRevert: return atomicRevert(c)
            case .wrongRoleNoop: return wrongRoleNoop(c)
            case .conservation: return conservation(c)
            case .netOpenInterestZero: return netOpenInterestZero(c)
            case .collateralAccounting: return collateralAccounting(c)
            case .fundNonNegative: return fundNonNegative(c)
            case .solvency: return try solvency(c)
            case .riskIncreasingNeedsIM: return try riskIncreasingNeedsIM(c)
            case .liquidationSafety: return try liquidationSafety(c)
            case .deleverageEligibility: return try deleverageEligibility(c)
            case .deleverageZeroesBankrupt: return try deleverageZeroesBankrupt(c)
            case .noFlipOnForcedClose: return noFlipOnForcedClose(c)
            case .stateInBounds: return c.postOutOfBounds.map { Violation(.stateInBounds, $0) }
            case .openNotionalSign: return openNotionalSign(c)
            case .oracleTimeMonotone: return oracleTimeMonotone(c)
            case .breakerTrip: return breakerTrip(c)
            case .adaptiveZ: return adaptiveZ(c)
            case .guardrail: return guardrail(c)
            case .attestorSeparation: return attestorSeparation(c)
            case .attestationWrites: return attestationWrites(c)
            case .noArithmeticRevertInBounds: return noArithmeticRevertInBounds(c)
            case .positionChangeEquity: return try positionChangeEquity(c)
            default: return nil
            }
        } catch {
            // A margin view of the system reverted while the invariant needed it.
            return Violation(invariant, "a margin view reverts (\(error)) after \(c.call.function.name)")
        }
    }

    static func atomicRevert(_ c: CallCheck) -> Violation? {
        guard c.outcome.isRevert || c.call.function.isView else { return nil }
        if c.post == c.pre { return nil }
        let what = c.outcome.isRevert ? "reverted (\(c.outcome.summary))" : "is a view"
        return Violation(.atomicRevert, "\(c.call.function.name) \(what) but storage changed: \(StateDiff.describe(c.pre, c.post))")
    }

    static func wrongRoleNoop(_ c: CallCheck) -> Violation? {
        guard let role = c.pre.requiredRole(c.call.function), c.sender != role.address else { return nil }
        if case let .revert(.error(.unauthorized(caller))) = c.outcome, caller == c.sender {
            if c.post == c.pre { return nil }
            return Violation(.wrongRoleNoop, "Unauthorized revert but storage changed: \(StateDiff.describe(c.pre, c.post))")
        }
        return Violation(.wrongRoleNoop, "\(c.call.function.name) from \(c.sender), who is not the \(role.name) (\(role.address)): "
                         + "expected revert Unauthorized(\(c.sender)), got \(c.outcome.summary)")
    }

    static func noArithmeticRevertInBounds(_ c: CallCheck) -> Violation? {
        guard c.preInBounds, case let .revert(.arithmetic(failure)) = c.outcome else { return nil }
        return Violation(.noArithmeticRevertInBounds, "\(c.call.function.name) reverted with checked arithmetic "
                         + "(\(failure.name)) from an in-bounds state")
    }
}
