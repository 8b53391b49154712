// Spec/arithmetic.md, "Helpers": each helper on hand-worked numbers, with
// the exact rational derived in GMP and then the Spec's rounding applied.
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic
import Testing

@Suite("Fixed-point helpers (arithmetic.md)")
struct FixedPointExampleTests {
    /// Signed sizes and prices whose products are not multiples of WAD, so
    /// every rounding direction shows.
    static let signedCases: [(Int256, UInt256)] = [
        (3, wad("0.5")),                                   // 1.5 wei
        (-3, wad("0.5")),                                  // -1.5 wei
        (swad("1.5"), u("1333333333333333333")),           // 1.9999999999999999995 USD
        (swad("-1.5"), u("1333333333333333333")),
        (swad("-0.000000000000000007"), wad("2000")),      // -7 wei · 2000 = exactly -14000 wei
        (i("-100000000000000000000000000"), u("100000000000000000000000000")),  // the bound: 10^26 · 10^26
        (1, 1),                                            // 10^-18 wei
        (-1, 1),
        (.zero, wad("7")),
    ]

    @Test("valueAt(size, price) = floor(size·price / WAD), toward -infinity")
    func valueAtRoundsTowardMinusInfinity() throws {
        // Hand-worked: 3 · 0.5 = 1.5 -> 1; -1.5 -> -2.
        #expect(try valueAt(3, wad("0.5")) == 1)
        #expect(try valueAt(-3, wad("0.5")) == -2)
        for (size, price) in Self.signedCases {
            let exact = size.exact * price.exact                       // WAD·value, exact
            let expected = exact.flooredDivision(by: WAD)
            #expect(try valueAt(size, price).exact == expected, "valueAt(\(size), \(price))")
            // Never above the exact value: the mark favours the protocol.
            #expect(try valueAt(size, price).exact * WAD <= exact, "valueAt(\(size), \(price)) above exact")
        }
    }

    @Test("costAt(delta, price) = ceil(delta·price / WAD), toward +infinity")
    func costAtRoundsTowardPlusInfinity() throws {
        // Hand-worked: buying 1.5 wei of value costs 2; selling it pays 1 (cost -1).
        #expect(try costAt(3, wad("0.5")) == 2)
        #expect(try costAt(-3, wad("0.5")) == -1)
        for (delta, price) in Self.signedCases {
            let exact = delta.exact * price.exact
            #expect(try costAt(delta, price).exact == exact.ceilingDivision(by: WAD), "costAt(\(delta), \(price))")
            #expect(try costAt(delta, price).exact * WAD >= exact, "costAt(\(delta), \(price)) below exact")
            // A fill pair (+d, -d) at one price leaves 0 or 1 wei of dust.
            let dust = try costAt(delta, price).exact + costAt(Int256.zero &- delta, price).exact
            #expect(dust == .zero || dust == .one, "dust of ±\(delta) at \(price) is \(dust)")
        }
    }

    @Test("floorMulDiv(x, k, n) = floor(x·k / n), toward -infinity")
    func floorMulDivRoundsTowardMinusInfinity() throws {
        // Hand-worked: 7·2/3 = 4.67 -> 4; -7·2/3 = -4.67 -> -5.
        #expect(try floorMulDiv(7, 2, 3) == 4)
        #expect(try floorMulDiv(-7, 2, 3) == -5)
        #expect(try floorMulDiv(-6, 2, 3) == -4)                     // exact: no extra wei
        let cases: [(Int256, UInt256, UInt256)] = [
            (swad("-19500"), wad("3"), wad("10")),                   // open notional -19500, reduce 3 of 10
            (swad("19500.000000000000000001"), wad("3"), wad("7")),
            (i("-10000000000000000100000000000000000000"), pow10(26) &- 1, pow10(26)),
        ]
        for (x, k, n) in cases {
            let expected = (x.exact * k.exact).flooredDivision(by: n.exact)
            #expect(try floorMulDiv(x, k, n).exact == expected, "floorMulDiv(\(x), \(k), \(n))")
        }
        #expect(throws: ArithmeticFailure.divisionByZero) { try floorMulDiv(1, 1, 0) }
    }

    @Test("mulUp/mulDown/divUp: ceil and floor of a·b/d; the product is a checked 256-bit product")
    func mulDivHelpersRoundAndCheck() throws {
        let a = u("1333333333333333333"), b = wad("1.5")
        #expect(try mulDown(a, b, Constants.wad) == u("1999999999999999999"))
        #expect(try mulUp(a, b, Constants.wad) == u("2000000000000000000"))
        #expect(try mulUp(wad("2"), wad("3"), Constants.wad) == wad("6"))          // exact: no extra wei
        #expect(try divUp(7, 2) == 4)
        #expect(try divUp(8, 2) == 4)
        // A product at 2^256 reverts even though the quotient would fit:
        // Vyper has no 512-bit intermediate (arithmetic.md).
        let half = UInt256.one.shiftedLeft(by: 128)
        #expect(throws: ArithmeticFailure.arithmetic) { try mulUp(half, half, half) }
        #expect(throws: ArithmeticFailure.arithmetic) { try mulDown(half, half, half) }
        #expect(try mulDown(half &- 1, half, half) == half &- 1)
        #expect(throws: ArithmeticFailure.divisionByZero) { try mulUp(1, 1, 0) }
        #expect(throws: ArithmeticFailure.divisionByZero) { try divUp(1, 0) }
    }

    @Test("sqrtUp(x) = ceil(sqrt(x)); no extra unit on a perfect square")
    func sqrtUpRoundsUp() {
        for x: UInt256 in [0, 1, 2, 3, 4, 15, 16, 17, u("7200000000000000000000000000000"), .max] {
            let expected = x.exact.ceilingSquareRoot
            #expect(sqrtUp(x).exact == expected, "sqrtUp(\(x))")
        }
        #expect(sqrtUp(.max) == UInt256.one.shiftedLeft(by: 128))
    }

    @Test("abs and the conversions revert (arithmetic) outside int256/uint256")
    func conversionsRevertOutOfRange() throws {
        #expect(throws: ArithmeticFailure.arithmetic) { try abs(Int256.min) }
        #expect(try abs(Int256.min &+ 1) == Int256.max.bitPattern)
        #expect(throws: ArithmeticFailure.arithmetic) { try toInt(Int256.max.bitPattern &+ 1) }
        #expect(throws: ArithmeticFailure.arithmetic) { try toUint(-1) }
        // valueAt of |size|·price >= 2^256 reverts ((2^255 - 1)·3).
        #expect(throws: ArithmeticFailure.arithmetic) { try valueAt(Int256.max, 3) }
    }

    @Test("correlationTerm(si, rho, sj): ceil(|si||rho|/WAD)·|sj| when positive, -floor(|si||rho|/WAD)·|sj| when negative")
    func correlationTermRoundsTowardPlusInfinity() throws {
        // Hand-worked: si = 3, rho = 0.5, sj = 5: 3·0.5 = 1.5 -> 2, · 5 = 10 (exact 7.5).
        #expect(try correlationTerm(3, swad("0.5"), 5) == 10)
        // The same magnitudes with one sign negative: -floor(1.5)·5 = -5 (exact -7.5).
        #expect(try correlationTerm(-3, swad("0.5"), 5) == -5)
        #expect(try correlationTerm(3, swad("-0.5"), 5) == -5)
        #expect(try correlationTerm(3, swad("0.5"), -5) == -5)
        // Two negatives make a positive: ceil.
        #expect(try correlationTerm(-3, swad("-0.5"), 5) == 10)
        #expect(try correlationTerm(-3, swad("0.5"), -5) == 10)
        #expect(try correlationTerm(3, swad("-0.5"), -5) == 10)
        #expect(try correlationTerm(-3, swad("-0.5"), -5) == -5)
        // The order matters: rounding applies to |si||rho| only.
        #expect(try correlationTerm(5, swad("0.5"), 3) == 9)                     // ceil(2.5)·3
        // Zero in any place gives 0.
        #expect(try correlationTerm(0, swad("0.5"), 5) == 0)
        #expect(try correlationTerm(3, 0, 5) == 0)
        #expect(try correlationTerm(3, swad("0.5"), 0) == 0)
        // The diagonal (rho = WAD) is exact.
        #expect(try correlationTerm(swad("130.146717207926567400"), swad("1"), swad("130.146717207926567400"))
                    == i("16938168000000009291611909030746742760000"))

        let risks: [Int256] = [1, -1, 7, -7, i("130146717207926567400"), i("-219564641962224940000"), i("999999999999999999")]
        let rhos: [Int256] = [swad("1"), swad("-1"), swad("0.8"), swad("-0.8"), i("333333333333333333"), i("-1"), 1]
        for si in risks { for rho in rhos { for sj in risks {
            let magnitude = si.exact.magnitude * rho.exact.magnitude
            let positive = si.exact.signum * rho.exact.signum * sj.exact.signum > 0
            let expected = positive ? magnitude.ceilingDivision(by: WAD) * sj.exact.magnitude
                                    : -(magnitude.flooredDivision(by: WAD) * sj.exact.magnitude)
            let term = try correlationTerm(si, rho, sj)
            #expect(term.exact == expected, "correlationTerm(\(si), \(rho), \(sj))")
            // Toward +infinity: never below si·rho·sj/WAD.
            #expect(term.exact * WAD >= si.exact * rho.exact * sj.exact, "correlationTerm(\(si), \(rho), \(sj)) below exact")
        } } }
    }
}
