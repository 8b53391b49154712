/// One invariant that does not hold, with the numbers that show it.
public struct Violation: Sendable, Hashable, CustomStringConvertible {
    public var invariant: Invariant
    /// What was expected and what was found, with the values involved.
    public var message: String

    public init(_ invariant: Invariant, _ message: String) {
        self.invariant = invariant
        self.message = message
    }

    public var description: String { "\(invariant): \(message)" }
}
