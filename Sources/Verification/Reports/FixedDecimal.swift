/// A number for a report with a fixed count of decimals (`12.3`, `0.045`):
/// no exponent, no locale, the same text on every machine.
public enum FixedDecimal {
    /// `x` rounded half away from zero to `digits` decimals; 0 for a value
    /// that is not finite.
    public static func text(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return digits > 0 ? "0." + String(repeating: "0", count: digits) : "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9.0e18 else { return String(Int64(x.rounded())) }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        let whole = units / divisor, fraction = units % divisor
        let sign = x < 0 && units > 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fractionText = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
}
