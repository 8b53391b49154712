import EVMArithmetic

/// Exact human form of WAD fixed-point numbers: "7198.75", "-0.000000000000000001".
/// Every digit is kept, trailing fractional zeros are not.
enum WadFormat {
    static func unsigned(_ x: UInt256) -> String {
        let digits = x.description
        let padded = digits.count <= 18 ? String(repeating: "0", count: 19 - digits.count) + digits : digits
        let integer = padded.dropLast(18)
        var fraction = padded.suffix(18)
        while fraction.last == "0" { fraction = fraction.dropLast() }
        return fraction.isEmpty ? String(integer) : "\(integer).\(fraction)"
    }

    static func signed(_ x: Int256) -> String {
        x.isNegative ? "-" + unsigned(x.magnitude) : unsigned(x.magnitude)
    }
}
