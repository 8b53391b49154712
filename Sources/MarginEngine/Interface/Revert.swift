import EVMArithmetic

/// Why a call reverted: a named custom error, or checked arithmetic.
public enum Revert: Error, Sendable, Hashable {
    case error(EngineError)
    case arithmetic(ArithmeticFailure)

    /// The revert data the Vyper contract produces: the custom error's
    /// encoding, or empty for checked arithmetic (Spec/abi.md).
    public var vyperRevertData: [UInt8] {
        switch self {
        case let .error(error): return error.revertData
        case .arithmetic: return []
        }
    }

    /// The revert data a Solidity port produces (Panic for arithmetic).
    public var solidityRevertData: [UInt8] {
        switch self {
        case let .error(error): return error.revertData
        case let .arithmetic(failure): return failure.solidityRevertData
        }
    }

    /// "InsufficientMargin" or "arithmetic" / "division-by-zero".
    public var name: String {
        switch self {
        case let .error(error): return error.abi.name
        case let .arithmetic(failure): return failure.name
        }
    }
}

/// Evaluates the checked arithmetic of one step of an operation, as in
/// `try checked(a.checkedAdd(b))`: its failure is the call's revert,
/// `.arithmetic(failure)`, where Vyper reverts with empty data.
@inline(__always)
func checked<T>(_ step: @autoclosure () throws(ArithmeticFailure) -> T) throws(Revert) -> T {
    do { return try step() } catch { throw .arithmetic(error) }
}
