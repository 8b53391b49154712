// Full-precision multiply-then-divide, WAD fixed point and square roots
// against exact rational arithmetic: floor or ceiling of x * y / d, failing
// arithmetic only when the result itself leaves the type, division-by-zero
// when d = 0.
import ExactArithmetic
import EVMArithmetic
import Testing

@Suite("mulDiv, WAD and square roots against exact arithmetic")
struct MulDivTests {
    @Test func mulDivIsExactFloor() async {
        await forAll(3, shaped: Shapes.mulDivBoundary) { o in
            let (x, y, d) = (o[0], o[1], o[2])
            let product = MPZ(x) * MPZ(y), divisor = MPZ(d)
            let floor = Oracle.unsignedDivision(by: divisor) { product.truncatedDivision(by: divisor) }
            let withRemainder = outcome { try UInt256.mulDivWithRemainder(x, y, d) }
                .map { Division(quotient: $0.quotient, remainder: $0.remainder) }
            let expectedWithRemainder = floor.map {
                Division(quotient: $0, remainder: product.truncatedRemainder(dividingBy: divisor).word)
            }
            return expectSame(outcome { try UInt256.mulDiv(x, y, d) }, floor, "UInt256.mulDiv(x, y, d)", o)
                && expectSame(withRemainder, expectedWithRemainder, "UInt256.mulDivWithRemainder(x, y, d)", o)
        }
    }

    @Test func mulDivUpIsExactCeiling() async {
        await forAll(3, shaped: Shapes.mulDivBoundary) { o in
            let (x, y, d) = (o[0], o[1], o[2])
            let product = MPZ(x) * MPZ(y), divisor = MPZ(d)
            return expectSame(outcome { try UInt256.mulDivUp(x, y, d) },
                              Oracle.unsignedDivision(by: divisor) { product.ceilingDivision(by: divisor) },
                              "UInt256.mulDivUp(x, y, d)", o)
        }
    }

    @Test func fullMulWadRoundsTheWadProduct() async {
        await forAll(2, shaped: Shapes.wadProductBoundary) { o in
            let (x, y) = (o[0], o[1])
            let product = MPZ(x) * MPZ(y)
            return expectSame(outcome { try UInt256.fullMulWad(x, y) },
                              Oracle.unsigned(product.truncatedDivision(by: MPZ.wad)), "UInt256.fullMulWad(x, y)", o)
                && expectSame(outcome { try UInt256.fullMulWadUp(x, y) },
                              Oracle.unsigned(product.ceilingDivision(by: MPZ.wad)), "UInt256.fullMulWadUp(x, y)", o)
        }
    }

    @Test func fullDivWadRoundsTheWadQuotient() async {
        await forAll(2, shaped: Shapes.wadQuotientBoundary) { o in
            let (x, y) = (o[0], o[1])
            let scaled = MPZ(x) * MPZ.wad, divisor = MPZ(y)
            return expectSame(outcome { try UInt256.fullDivWad(x, y) },
                              Oracle.unsignedDivision(by: divisor) { scaled.truncatedDivision(by: divisor) },
                              "UInt256.fullDivWad(x, y)", o)
                && expectSame(outcome { try UInt256.fullDivWadUp(x, y) },
                              Oracle.unsignedDivision(by: divisor) { scaled.ceilingDivision(by: divisor) },
                              "UInt256.fullDivWadUp(x, y)", o)
        }
    }

    @Test func signedMulDivTruncatesTowardZero() async {
        await forAll(3, shaped: Shapes.signedMulDivBoundary) { o in
            let (x, y, d) = (Int256(bitPattern: o[0]), Int256(bitPattern: o[1]), Int256(bitPattern: o[2]))
            let product = MPZ(x) * MPZ(y), divisor = MPZ(d)
            return expectSame(outcome { try Int256.mulDiv(x, y, d) },
                              Oracle.signedDivision(by: divisor) { product.truncatedDivision(by: divisor) },
                              "Int256.mulDiv(x, y, d)", o)
        }
    }

    @Test func signedMulDivFloorRoundsTowardMinusInfinity() async {
        await forAll(3, shaped: Shapes.signedMulDivBoundary) { o in
            let (x, y, d) = (Int256(bitPattern: o[0]), Int256(bitPattern: o[1]), Int256(bitPattern: o[2]))
            let product = MPZ(x) * MPZ(y), divisor = MPZ(d)
            return expectSame(outcome { try Int256.mulDivFloor(x, y, d) },
                              Oracle.signedDivision(by: divisor) { product.flooredDivision(by: divisor) },
                              "Int256.mulDivFloor(x, y, d)", o)
        }
    }

    @Test func isqrtIsTheFloorRoot() async {
        await forAll(1, shaped: Shapes.nearSquare) { o in
            expectSame(UInt256.isqrt(o[0]), MPZ(o[0]).flooredSquareRoot.word, "UInt256.isqrt(x)", o)
        }
    }

    @Test func sqrtUpIsTheCeilingRoot() async {
        await forAll(1, shaped: Shapes.nearSquare) { o in
            let x = MPZ(o[0]), root = x.flooredSquareRoot
            let ceiling = root * root == x ? root : root + MPZ.one
            return expectSame(UInt256.sqrtUp(o[0]), ceiling.word, "UInt256.sqrtUp(x)", o)
        }
    }
}
