// Decimal and hex text: strict parsing (no sign, no spaces, no truncation)
// and printing. Decimal goes 19 digits at a time through 64-bit limbs.

extension UInt256 {
    /// 10^19, the largest power of ten in a UInt64.
    @usableFromInline static let decimalChunk: UInt64 = 10_000_000_000_000_000_000

    /// Parses a decimal (`"123"`) or hex (`"0x7b"`, `"0X7B"`) string.
    /// Leading zeros are allowed; signs, spaces and separators are not.
    public init(parsing text: some StringProtocol) throws(NumberParseError) {
        let utf8 = Array(text.utf8)
        if utf8.isEmpty { throw .empty }
        if utf8[0] == UInt8(ascii: "-") { throw .negativeUnsigned }
        self = try UInt256.parseDigits(utf8, offset: 0)
    }

    /// Parses the digits of `utf8[offset...]`, decimal or 0x-hex; offsets in
    /// errors count from the start of `utf8`.
    static func parseDigits(_ utf8: [UInt8], offset start: Int) throws(NumberParseError) -> UInt256 {
        if start >= utf8.count { throw start == 0 ? .empty : .missingDigitsAfterSign }
        let isHex = utf8.count - start >= 2 && utf8[start] == UInt8(ascii: "0")
            && (utf8[start + 1] == UInt8(ascii: "x") || utf8[start + 1] == UInt8(ascii: "X"))
        let base: UInt64 = isHex ? 16 : 10
        let firstDigit = isHex ? start + 2 : start
        if firstDigit >= utf8.count { throw .missingHexDigits }
        // Digits go into a UInt64 chunk (up to 15 hex or 19 decimal digits) and
        // chunks into the word, so a 78-digit number costs 5 word steps, not 78.
        let chunkDigits = isHex ? 15 : 19   // 16^15 and 10^19 both fit a UInt64
        var value = UInt256.zero
        var i = firstDigit
        while i < utf8.count {
            let end = min(i + chunkDigits, utf8.count)
            var chunk: UInt64 = 0
            for j in i..<end {
                guard let digit = digitValue(utf8[j], base: base) else {
                    throw .invalidDigit(String(decoding: utf8[j...], as: UTF8.self).first ?? "?", offset: j)
                }
                chunk = chunk &* base &+ digit
            }
            // value = value * base^(end - i) + chunk, refusing to wrap.
            var scale: UInt64 = 1
            for _ in i..<end { scale &*= base }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: UInt256(scale))
            let (sum, carry) = shifted.addingReportingOverflow(UInt256(chunk))
            if overflow || carry { throw .outOfRange(type: "uint256") }
            value = sum
            i = end
        }
        return value
    }

    private static func digitValue(_ c: UInt8, base: UInt64) -> UInt64? {
        let value: UInt64
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt64(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = UInt64(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = UInt64(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
        return value < base ? value : nil
    }

    /// Divides by a non-zero 64-bit divisor, limb by limb from the top.
    func quotientAndRemainder(dividingBy d: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        var remainder: UInt64 = 0
        var q = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for i in stride(from: 3, through: 0, by: -1) {
            // remainder < d, so the two-limb quotient fits 64 bits.
            let (qi, ri) = d.dividingFullWidth((high: remainder, low: limb(i)))
            remainder = ri
            switch i {
            case 3: q.3 = qi
            case 2: q.2 = qi
            case 1: q.1 = qi
            default: q.0 = qi
            }
        }
        return (UInt256(w0: q.0, w1: q.1, w2: q.2, w3: q.3), remainder)
    }

    /// Minimal hex with a 0x prefix: "0x0", "0xff".
    public var hexString: String {
        if isZero { return "0x0" }
        var digits = ""
        var started = false
        for i in stride(from: 3, through: 0, by: -1) {
            let l = limb(i)
            if !started {
                if l == 0 { continue }
                digits += String(l, radix: 16)
                started = true
            } else {
                let chunk = String(l, radix: 16)
                digits += String(repeating: "0", count: 16 - chunk.count) + chunk
            }
        }
        return "0x" + digits
    }

    /// 64 hex digits with a 0x prefix: the word as the EVM stores it.
    public var paddedHexString: String {
        var digits = ""
        for i in stride(from: 3, through: 0, by: -1) {
            let chunk = String(limb(i), radix: 16)
            digits += String(repeating: "0", count: 16 - chunk.count) + chunk
        }
        return "0x" + digits
    }
}

extension UInt256: CustomStringConvertible, LosslessStringConvertible {
    /// Decimal, without leading zeros.
    public var description: String {
        if let small = uint64Value { return String(small) }
        var chunks: [UInt64] = []
        var rest = self
        while !rest.isZero {
            let (q, r) = rest.quotientAndRemainder(dividingBy: UInt256.decimalChunk)
            chunks.append(r)
            rest = q
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }

    /// Parses decimal or 0x-hex; nil on any error (see `init(parsing:)`).
    public init?(_ description: String) {
        guard let value = try? UInt256(parsing: description) else { return nil }
        self = value
    }
}

extension Int256 {
    /// Parses a decimal or 0x-hex integer with an optional leading minus
    /// sign: "-5", "-0x5", "0x7f". The value must lie in int256's range;
    /// hex is the numeric value, not a two's-complement bit pattern.
    public init(parsing text: some StringProtocol) throws(NumberParseError) {
        let utf8 = Array(text.utf8)
        if utf8.isEmpty { throw .empty }
        let negative = utf8[0] == UInt8(ascii: "-")
        let magnitude: UInt256
        do throws(NumberParseError) {
            magnitude = try UInt256.parseDigits(utf8, offset: negative ? 1 : 0)
        } catch {
            if case .outOfRange = error { throw .outOfRange(type: "int256") }
            throw error
        }
        guard let value = Int256(negative: negative, magnitude: magnitude) else {
            throw .outOfRange(type: "int256")
        }
        self = value
    }
}

extension Int256: CustomStringConvertible, LosslessStringConvertible {
    /// Signed decimal: "-5", "0", "42".
    public var description: String {
        isNegative ? "-" + magnitude.description : magnitude.description
    }

    /// Parses a signed decimal or 0x-hex; nil on any error.
    public init?(_ description: String) {
        guard let value = try? Int256(parsing: description) else { return nil }
        self = value
    }
}
