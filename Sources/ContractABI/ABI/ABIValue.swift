import EVMArithmetic

/// A value of one of the static ABI types the MarginEngine interface uses.
/// Each encodes to exactly one 32-byte word.
public enum ABIValue: Sendable, Hashable {
    case uint256(UInt256)
    case int256(Int256)
    case address(Address)
    case bool(Bool)

    public var type: ABIType {
        switch self {
        case .uint256: return .uint256
        case .int256: return .int256
        case .address: return .address
        case .bool: return .bool
        }
    }

    /// The value's 32-byte word: big-endian, addresses and bools left-padded
    /// with zeros, int256 in two's complement.
    public var word: UInt256 {
        switch self {
        case let .uint256(v): return v
        case let .int256(v): return v.bitPattern
        case let .address(a): return a.word
        case let .bool(b): return b ? .one : .zero
        }
    }
}

extension ABIValue: CustomStringConvertible {
    /// Human form: decimals, 0x-addresses, true/false.
    public var description: String {
        switch self {
        case let .uint256(v): return v.description
        case let .int256(v): return v.description
        case let .address(a): return a.description
        case let .bool(b): return b ? "true" : "false"
        }
    }
}

/// The static ABI types of the MarginEngine interface.
public enum ABIType: String, Sendable, Hashable, CaseIterable {
    case uint256, int256, address, bool

    /// Reads one word as this type, strictly: an address or bool word with
    /// stray high bits is rejected, as Solidity and Vyper decoders revert.
    public func decode(_ word: UInt256) -> ABIValue? {
        switch self {
        case .uint256: return .uint256(word)
        case .int256: return .int256(Int256(bitPattern: word))
        case .address: return Address(word: word).map { .address($0) }
        case .bool:
            if word.isZero { return .bool(false) }
            return word == .one ? .bool(true) : nil
        }
    }
}
