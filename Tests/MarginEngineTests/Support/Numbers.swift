// Literals for 256-bit quantities and the bridge to the exact oracle.
import EVMArithmetic
import ExactArithmetic

/// A WAD amount from a decimal text: `wad("2000")` is 2000·10^18,
/// `wad("0.94")` is 94·10^16, `wad("-1.5")` is not allowed (see `swad`).
func wad(_ text: String) -> UInt256 {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    precondition(parts.count <= 2 && !text.hasPrefix("-"), "wad(\(text)): expected an unsigned decimal")
    let fraction = parts.count == 2 ? String(parts[1]) : ""
    precondition(fraction.count <= 18, "wad(\(text)): more than 18 decimals")
    let digits = String(parts[0]) + fraction + String(repeating: "0", count: 18 - fraction.count)
    guard let value = UInt256(digits) else { preconditionFailure("wad(\(text)): out of range") }
    return value
}

/// A signed WAD amount from a decimal text with an optional leading minus.
func swad(_ text: String) -> Int256 {
    if text.hasPrefix("-") { return Int256(negative: true, magnitude: wad(String(text.dropFirst())))! }
    return Int256(negative: false, magnitude: wad(text))!
}

/// A uint256 from decimal digits.
func u(_ text: String) -> UInt256 {
    guard let value = UInt256(text) else { preconditionFailure("u(\(text)): not a uint256") }
    return value
}

/// An int256 from decimal digits with an optional minus.
func i(_ text: String) -> Int256 {
    guard let value = Int256(text) else { preconditionFailure("i(\(text)): not an int256") }
    return value
}

/// 10^n.
func pow10(_ n: Int) -> UInt256 {
    var value = UInt256.one
    for _ in 0..<n { value = value &* UInt256(10) }
    return value
}

extension UInt256 {
    /// The exact value, for the oracle.
    var exact: MPZ { MPZ(self) }
}

extension Int256 {
    /// The exact value, for the oracle.
    var exact: MPZ { MPZ(self) }

    /// A signed value from a sign and a magnitude (magnitude < 2^255).
    static func signed(_ negative: Bool, _ magnitude: UInt256) -> Int256 {
        Int256(negative: negative && !magnitude.isZero, magnitude: magnitude)!
    }
}

extension MPZ {
    /// The oracle's value as a uint256 word; traps when it does not fit,
    /// because an in-bounds derivation never leaves the type.
    var u256: UInt256 {
        guard let value = exactUInt256 else { preconditionFailure("\(self) is not a uint256") }
        return value
    }

    /// The oracle's value as an int256; traps when it does not fit.
    var i256: Int256 {
        guard let value = exactInt256 else { preconditionFailure("\(self) is not an int256") }
        return value
    }
}

/// WAD as an exact integer.
let WAD = MPZ.wad
