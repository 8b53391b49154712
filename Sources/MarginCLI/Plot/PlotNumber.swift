import Foundation

/// An exact decimal `significand · 10^exponent`, the form every number on a
/// plot is written from, so no binary-float digits reach a label.
struct PlotDecimal: Equatable {
    var significand: Int
    var exponent: Int

    /// floor(log10(|x|)), the position of the leading digit; 0 for zero.
    var order: Int {
        significand == 0 ? 0 : String(significand.magnitude).count - 1 + exponent
    }

    /// The nearest `Double`; for drawing, never for labels.
    var value: Double {
        exponent >= 0 ? Double(significand) * pow(10, Double(exponent)) : Double(significand) / pow(10, Double(-exponent))
    }

    /// `v` rounded to `digits` significant digits (round half to even, as
    /// printf does), trailing zeros dropped.
    init(approximating v: Double, significantDigits digits: Int) {
        guard v.isFinite, v != 0 else { self.init(significand: 0, exponent: 0); return }
        // "%.*e" gives the correctly rounded decimal digits of the double.
        let text = String(format: "%.\(digits - 1)e", v)
        let parts = text.split(separator: "e")
        var mantissa = String(parts[0]).replacingOccurrences(of: ".", with: "")
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        var exponent = Int(parts[1])! - (digits - 1)
        while mantissa.count > 1 && mantissa.hasSuffix("0") { mantissa.removeLast(); exponent += 1 }
        self.init(significand: (negative ? -1 : 1) * Int(mantissa)!, exponent: exponent)
    }

    init(significand: Int, exponent: Int) {
        self.significand = significand
        self.exponent = exponent
    }
}

/// Number labels: thousands grouped below a million, then scaled to
/// k·10^3 steps with a suffix (M, B, T, then e15, e18, …).
enum PlotNumber {
    /// The power of ten to divide by for numbers whose largest leading digit is at `order`.
    static func scalePower(forOrder order: Int) -> Int {
        order < 6 ? 0 : 3 * (order / 3)
    }

    static func suffix(forPower power: Int) -> String {
        switch power {
        case 0: return ""
        case 3: return "k"
        case 6: return "M"
        case 9: return "B"
        case 12: return "T"
        default: return "e\(power)"
        }
    }

    /// `d / 10^power` with exactly `fractionDigits` decimals (enough for `d`
    /// when `fractionDigits >= power - d.exponent`), grouped, with the suffix.
    static func text(_ d: PlotDecimal, power: Int, fractionDigits: Int) -> String {
        if d.significand == 0 { return "0" }
        // digits · 10^(-fractional) is the exact value divided by 10^power.
        var digits = String(d.significand.magnitude)
        var fractional = power - d.exponent
        if fractional < 0 { digits += String(repeating: "0", count: -fractional); fractional = 0 }
        // Pad or cut (only zeros are ever cut when fractionDigits is enough) to the requested decimals.
        if fractional < fractionDigits {
            digits += String(repeating: "0", count: fractionDigits - fractional)
        } else if fractional > fractionDigits {
            digits = String(digits.dropLast(fractional - fractionDigits))
        }
        if digits.count <= fractionDigits { digits = String(repeating: "0", count: fractionDigits + 1 - digits.count) + digits }
        let integer = digits.dropLast(fractionDigits)
        var grouped = ""
        for (i, c) in integer.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(c)
        }
        var result = String(grouped.reversed())
        if fractionDigits > 0 { result += "." + digits.suffix(fractionDigits) }
        return (d.significand < 0 ? "-" : "") + result + suffix(forPower: power)
    }

    /// A single value, exact to `significantDigits`, e.g. "149.6", "1.2M", "5e27".
    static func label(_ v: Double, significantDigits: Int = 5) -> String {
        let d = PlotDecimal(approximating: v, significantDigits: significantDigits)
        let power = scalePower(forOrder: d.order)
        return text(d, power: power, fractionDigits: max(0, power - d.exponent))
    }
}

/// Axis ticks at 1, 2, 2.5 or 5 · 10^k inside [lo, hi], labelled exactly
/// with one shared scale and number of decimals.
struct AxisTicks {
    let values: [Double]
    let labels: [String]

    /// [lo, hi] widened to at least a billionth of its magnitude, so that
    /// ticks stay countable in `Int` and distinct in `Double`.
    static func widened(_ lo: Double, _ hi: Double) -> (Double, Double) {
        let least = max(max(abs(lo), abs(hi)) * 1e-9, 1e-9)
        if hi - lo >= least { return (lo, hi) }
        let middle = lo / 2 + hi / 2
        return (middle - least, middle + least)
    }

    /// Ticks inside [lo, hi], which should come from `widened`.
    init(from lo: Double, to hi: Double, target: Int = 6) {
        let raw = max(hi - lo, 1e-300) / Double(target)
        let k = Int(floor(log10(raw)))
        // Steps as (mantissa, exponent), smallest first.
        let candidates = [(1, k), (2, k), (25, k - 1), (5, k), (1, k + 1)]
        let step = candidates.first { PlotDecimal(significand: $0.0, exponent: $0.1).value >= raw * (1 - 1e-12) } ?? (1, k + 1)
        let stepValue = PlotDecimal(significand: step.0, exponent: step.1).value
        let first = Int(ceil(lo / stepValue - 1e-9)), last = Int(floor(hi / stepValue + 1e-9))
        let ticks = (first...max(first, last)).map { PlotDecimal(significand: $0 * step.0, exponent: step.1) }
            .filter { $0.value >= lo - stepValue * 1e-9 && $0.value <= hi + stepValue * 1e-9 }
        let power = PlotNumber.scalePower(forOrder: ticks.map(\.order).max() ?? 0)
        values = ticks.map(\.value)
        labels = ticks.map { PlotNumber.text($0, power: power, fractionDigits: max(0, power - step.1)) }
    }
}
