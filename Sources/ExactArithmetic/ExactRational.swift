// Exact rationals on top of MPZ (no GMP call here: MPZ.swift owns those).

/// An exact rational number `numerator / denominator` (denominator > 0, not
/// reduced): an exact margin term, for comparing a rounded one with it and
/// stating it in a report.
public struct ExactRational: Sendable, Comparable, CustomStringConvertible {
    public let numerator: MPZ
    public let denominator: MPZ

    public init(_ numerator: MPZ, _ denominator: MPZ = .one) {
        precondition(denominator.signum != 0, "zero denominator in exact arithmetic")
        if denominator.signum < 0 {
            self.numerator = -numerator
            self.denominator = -denominator
        } else {
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    /// Exact sum, difference, product and quotient (the quotient requires b != 0).
    public static func + (a: ExactRational, b: ExactRational) -> ExactRational {
        ExactRational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func - (a: ExactRational, b: ExactRational) -> ExactRational {
        ExactRational(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func * (a: ExactRational, b: ExactRational) -> ExactRational {
        ExactRational(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    public static func / (a: ExactRational, b: ExactRational) -> ExactRational {
        ExactRational(a.numerator * b.denominator, a.denominator * b.numerator)
    }

    /// Returns `floor(self * scale)`: the value in units of 1/scale, rounded down.
    public func floor(times scale: MPZ) -> MPZ { (numerator * scale).flooredDivision(by: denominator) }

    /// Returns `ceil(self * scale)`: the value in units of 1/scale, rounded up.
    public func ceil(times scale: MPZ) -> MPZ { (numerator * scale).ceilingDivision(by: denominator) }

    public static func == (a: ExactRational, b: ExactRational) -> Bool {
        a.numerator * b.denominator == b.numerator * a.denominator
    }

    public static func < (a: ExactRational, b: ExactRational) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    /// The value with up to `digits` decimals, truncated toward minus
    /// infinity ("12.3456…" when digits were cut).
    public func decimal(digits: Int = 6) -> String {
        var scale = MPZ.one
        for _ in 0..<digits { scale = scale * MPZ(10) }
        let scaled = (numerator * scale).flooredDivision(by: denominator)
        let exact = scaled * denominator == numerator * scale
        let negative = scaled.signum < 0
        var text = (negative ? -scaled : scaled).description
        if text.count <= digits { text = String(repeating: "0", count: digits + 1 - text.count) + text }
        var integer = String(text.dropLast(digits)), fraction = String(text.suffix(digits))
        while fraction.last == "0" { fraction.removeLast() }
        if integer.isEmpty { integer = "0" }
        let body = fraction.isEmpty ? integer : integer + "." + fraction
        return (negative ? "-" : "") + body + (exact ? "" : "…")
    }

    public var description: String { decimal() }
}
