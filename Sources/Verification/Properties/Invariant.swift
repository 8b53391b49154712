/// The invariants of Spec/invariants.md, by their short names, in the
/// Spec's table order (state-transition invariants, then margin ones).
public enum Invariant: String, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible {
    // State-transition invariants (after every call)
    case atomicRevert = "atomic-revert"
    case wrongRoleNoop = "wrong-role-noop"
    case conservation = "conservation"
    case netOpenInterestZero = "net-open-interest-zero"
    case collateralAccounting = "collateral-accounting"
    case fundNonNegative = "fund-non-negative"
    case solvency = "solvency"
    case riskIncreasingNeedsIM = "risk-increasing-needs-im"
    case liquidationSafety = "liquidation-safety"
    case deleverageEligibility = "deleverage-eligibility"
    case deleverageZeroesBankrupt = "deleverage-zeroes-bankrupt"
    case noFlipOnForcedClose = "no-flip-on-forced-close"
    case stateInBounds = "state-in-bounds"
    case openNotionalSign = "open-notional-sign"
    case oracleTimeMonotone = "oracle-time-monotone"
    case breakerTrip = "breaker-trip"
    case adaptiveZ = "adaptive-z"
    case guardrail = "guardrail"
    case attestorSeparation = "attestor-separation"
    case attestationWrites = "attestation-writes"
    case noArithmeticRevertInBounds = "no-arithmetic-revert-in-bounds"
    // Margin invariants (pure functions of a state, any account)
    case imGeMM = "im-ge-mm"
    case varBetweenFloorAndSum = "var-between-floor-and-sum"
    case stressBounds = "stress-bounds"
    case noPositionsNoMargin = "no-positions-no-margin"
    case liquidatableDefinition = "liquidatable-definition"
    case roundingFavoursProtocol = "rounding-favours-protocol"
    case marginMonotone = "margin-monotone"
    case tierDiscountCapped = "tier-discount-capped"
    case expiredAttestationGrantsNothing = "expired-attestation-grants-nothing"
    case equityIdentity = "equity-identity"
    case positionChangeEquity = "position-change-equity"

    public var name: String { rawValue }
    public var description: String { rawValue }

    /// The invariant with this Spec name, if any.
    public init?(name: String) { self.init(rawValue: name) }

    /// Spec order.
    public static func < (a: Invariant, b: Invariant) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
