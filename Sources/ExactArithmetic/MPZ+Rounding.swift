// Exact rounding helpers on top of MPZ, for deriving what a fixed-point
// formula should return: each names its rounding, as the Spec's helpers do.
import EVMArithmetic

extension MPZ {
    /// Returns `ceil(sqrt(self))`. Requires self >= 0.
    public var ceilingSquareRoot: MPZ {
        let root = flooredSquareRoot
        return root * root == self ? root : root + MPZ.one
    }

    /// Returns `floor(a * b / d)`, exactly (no 256-bit limit). Requires d != 0.
    public static func floorMulDiv(_ a: MPZ, _ b: MPZ, _ d: MPZ) -> MPZ {
        (a * b).flooredDivision(by: d)
    }

    /// Returns `ceil(a * b / d)`, exactly (no 256-bit limit). Requires d != 0.
    public static func ceilingMulDiv(_ a: MPZ, _ b: MPZ, _ d: MPZ) -> MPZ {
        (a * b).ceilingDivision(by: d)
    }

    /// The value as a uint256 word; nil outside [0, 2^256).
    public var exactUInt256: UInt256? { fitsUInt256 ? word : nil }

    /// The value as an int256; nil outside [-2^255, 2^255).
    public var exactInt256: Int256? { fitsInt256 ? Int256(bitPattern: word) : nil }
}
