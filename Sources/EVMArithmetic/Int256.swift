/// A signed 256-bit integer in two's complement: the EVM's int256.
///
/// The bits are a `UInt256`; signed operations reinterpret them exactly as
/// the EVM's SDIV, SMOD, SLT, SGT and SAR do.
public struct Int256: Sendable, Hashable {
    public var bitPattern: UInt256

    @inlinable
    public init(bitPattern: UInt256) {
        self.bitPattern = bitPattern
    }

    @inlinable
    public init(_ value: Int64) {
        let fill: UInt64 = value < 0 ? .max : 0
        self.init(bitPattern: UInt256(w0: UInt64(bitPattern: value), w1: fill, w2: fill, w3: fill))
    }

    public static let zero = Int256(bitPattern: .zero)
    public static let one = Int256(1)
    public static let minusOne = Int256(bitPattern: .max)
    /// -2^255.
    public static let min = Int256(bitPattern: UInt256(w0: 0, w1: 0, w2: 0, w3: 1 << 63))
    /// 2^255 - 1.
    public static let max = Int256(bitPattern: UInt256(w0: .max, w1: .max, w2: .max, w3: .max >> 1))

    @inlinable
    public var isNegative: Bool { bitPattern.w3 >> 63 == 1 }

    @inlinable
    public var isZero: Bool { bitPattern.isZero }

    /// -1, 0 or 1.
    @inlinable
    public var signum: Int { isNegative ? -1 : (isZero ? 0 : 1) }

    /// |self| as an unsigned word; exact for every value, 2^255 for `min`.
    @inlinable
    public var magnitude: UInt256 {
        isNegative ? bitPattern.twosComplement : bitPattern
    }

    /// The value with the given sign and magnitude, or nil when it is
    /// outside [-2^255, 2^255 - 1].
    @inlinable
    public init?(negative: Bool, magnitude: UInt256) {
        if negative {
            guard magnitude <= Int256.min.bitPattern else { return nil }
            self.init(bitPattern: magnitude.twosComplement)
        } else {
            guard magnitude <= Int256.max.bitPattern else { return nil }
            self.init(bitPattern: magnitude)
        }
    }
}

extension Int256: Comparable {
    @inlinable
    public static func < (a: Int256, b: Int256) -> Bool {
        let an = a.isNegative, bn = b.isNegative
        if an != bn { return an }
        return a.bitPattern < b.bitPattern
    }
}

extension Int256: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: Int64) {
        self.init(value)
    }
}
