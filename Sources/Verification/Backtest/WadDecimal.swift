import EVMArithmetic

/// Exact decimal text to WAD: "112017.21" is 112017.21 × 10^18, digit for
/// digit, with no binary floating point on the way into the model.
public enum WadDecimal {
    /// Parses `digits[.digits]` with at most 18 fractional digits; nil for
    /// anything else (signs, exponents, spaces, more decimals than a WAD holds).
    public static func parse(_ text: some StringProtocol) -> UInt256? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map { String($0) }
        let integer = parts[0], fraction = parts.count == 2 ? parts[1] : ""
        guard !integer.isEmpty, fraction.count <= 18, integer.count <= 40,
              (integer + fraction).utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              parts.count == 1 || !fraction.isEmpty else { return nil }
        let digits = (integer + fraction + String(repeating: "0", count: 18 - fraction.count)).drop { $0 == "0" }
        return try? UInt256(parsing: digits.isEmpty ? "0" : String(digits))
    }

    /// The nearest Double of a WAD amount, for statistics and drawing only.
    public static func double(_ x: UInt256) -> Double {
        (Double(x.w3) * 0x1p192 + Double(x.w2) * 0x1p128 + Double(x.w1) * 0x1p64 + Double(x.w0)) / 1e18
    }

    /// The nearest Double of a signed WAD amount.
    public static func double(_ x: Int256) -> Double {
        x.isNegative ? -double(x.magnitude) : double(x.magnitude)
    }
}
