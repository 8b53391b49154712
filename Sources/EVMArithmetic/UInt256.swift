/// An unsigned 256-bit integer: the EVM word.
///
/// Four 64-bit limbs, least significant first, stored inline: no operation
/// allocates. Arithmetic comes in families, each in its own file:
/// wrapping (`&+`, the `EVM` word operations), reporting overflow, and
/// checked (`checkedAdd`, ... throwing `ArithmeticFailure`). There are no
/// trapping operators: an overflow is always a value the caller handles.
public struct UInt256: Sendable, Hashable {
    /// Limbs, least significant first: value = w0 + w1·2^64 + w2·2^128 + w3·2^192.
    public var w0: UInt64
    public var w1: UInt64
    public var w2: UInt64
    public var w3: UInt64

    @inlinable
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    @inlinable
    public init(_ value: UInt64) {
        self.init(w0: value, w1: 0, w2: 0, w3: 0)
    }

    public static let zero = UInt256(0)
    public static let one = UInt256(1)
    public static let max = UInt256(w0: .max, w1: .max, w2: .max, w3: .max)

    /// Limb `index` (0 = least significant); 0 outside 0..<4, which keeps
    /// shifts and byte extraction free of bounds checks at the call site.
    @inlinable
    public func limb(_ index: Int) -> UInt64 {
        switch index {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        case 3: return w3
        default: return 0
        }
    }

    @inlinable
    public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// The value as a UInt64 when it fits, else nil.
    @inlinable
    public var uint64Value: UInt64? { (w1 | w2 | w3) == 0 ? w0 : nil }

    /// Number of significant limbs (0 for zero): GMP's operand size.
    @inlinable
    public var significantLimbCount: Int {
        if w3 != 0 { return 4 }
        if w2 != 0 { return 3 }
        if w1 != 0 { return 2 }
        return w0 != 0 ? 1 : 0
    }

    /// Number of significant bits (0 for zero).
    @inlinable
    public var bitWidth: Int {
        if w3 != 0 { return 256 - w3.leadingZeroBitCount }
        if w2 != 0 { return 192 - w2.leadingZeroBitCount }
        if w1 != 0 { return 128 - w1.leadingZeroBitCount }
        return 64 - w0.leadingZeroBitCount
    }

    /// Bit `index` (0 = least significant) for index in 0..<256.
    @inlinable
    public func bit(_ index: Int) -> Bool {
        (limb(index >> 6) >> UInt64(index & 63)) & 1 == 1
    }
}

extension UInt256: Comparable {
    @inlinable
    public static func < (a: UInt256, b: UInt256) -> Bool {
        if a.w3 != b.w3 { return a.w3 < b.w3 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        return a.w0 < b.w0
    }
}

extension UInt256: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: UInt64) {
        self.init(value)
    }
}
