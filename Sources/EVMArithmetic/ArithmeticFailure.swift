/// Why checked arithmetic reverted.
///
/// The two classes Solidity 0.8 distinguishes with Panic codes; Vyper reverts
/// with empty data for both, so a Vyper trace shows only that a failure
/// happened, while the class pins which operation failed in the spec.
public enum ArithmeticFailure: Error, Sendable, Hashable, CaseIterable {
    /// Panic(0x11): overflow, underflow, or `type(int256).min / -1`.
    case arithmetic
    /// Panic(0x12): division or modulo by zero.
    case divisionByZero

    /// Solidity's panic code for this class.
    public var panicCode: UInt8 {
        switch self {
        case .arithmetic: return 0x11
        case .divisionByZero: return 0x12
        }
    }

    /// The name used in vectors and `margin arith` output.
    public var name: String {
        switch self {
        case .arithmetic: return "arithmetic"
        case .divisionByZero: return "division-by-zero"
        }
    }

    /// Solidity's revert data: `Panic(uint256)` = 0x4e487b71 then the code as
    /// a 32-byte word.
    public var solidityRevertData: [UInt8] {
        [0x4e, 0x48, 0x7b, 0x71] + [UInt8](repeating: 0, count: 31) + [panicCode]
    }

    /// Vyper's revert data: empty for every checked-arithmetic failure.
    public var vyperRevertData: [UInt8] { [] }
}
