import EVMArithmetic

/// One operation `margin arith` answers: its name in the JSON request, how
/// its arguments are read, and how it is computed.
enum ArithOperation: String, CaseIterable {
    // EVM word operations: unsigned words in and out, stack order.
    case add, sub, mul, div, sdiv, mod, smod, addmod, mulmod, exp, signextend
    case lt, gt, slt, sgt, eq, iszero, and, or, xor, not, byte, shl, shr, sar
    // Checked uint256 (Solidity 0.8 / Vyper).
    case checkedAdd = "checked_add", checkedSub = "checked_sub", checkedMul = "checked_mul"
    case checkedDiv = "checked_div", checkedMod = "checked_mod"
    // Checked int256, signed decimals in and out.
    case checkedSadd = "checked_sadd", checkedSsub = "checked_ssub", checkedSmul = "checked_smul"
    case checkedSdiv = "checked_sdiv", checkedSmod = "checked_smod"
    // Full-precision fixed point and roots on uint256: a 512-bit product, so
    // mulwad is EVMArithmetic's fullMulWad, not Solady's overflowing mulWad.
    case muldiv, muldivUp = "muldiv_up", mulwad, mulwadUp = "mulwad_up"
    case divwad, divwadUp = "divwad_up", isqrt, sqrtUp = "sqrt_up"
    // Signed mulDiv on int256.
    case smuldiv, smuldivFloor = "smuldiv_floor"

    /// The groups `margin arith --help` lists, in order.
    enum Family: String, CaseIterable {
        case evmWord = "EVM word ops (unsigned words, EVM stack order)"
        case checkedUnsigned = "Checked uint256 (Solidity 0.8 / Vyper)"
        case checkedSigned = "Checked int256 (signed decimals)"
        case fullPrecision = "Full precision uint256 (512-bit product: reverts only if the result overflows)"
        case signedMulDiv = "Signed int256 (smuldiv toward zero, smuldiv_floor toward minus infinity)"

        var operations: [ArithOperation] { ArithOperation.allCases.filter { $0.family == self } }
    }

    var family: Family {
        switch self {
        case .checkedAdd, .checkedSub, .checkedMul, .checkedDiv, .checkedMod: return .checkedUnsigned
        case .checkedSadd, .checkedSsub, .checkedSmul, .checkedSdiv, .checkedSmod: return .checkedSigned
        case .muldiv, .muldivUp, .mulwad, .mulwadUp, .divwad, .divwadUp, .isqrt, .sqrtUp: return .fullPrecision
        case .smuldiv, .smuldivFloor: return .signedMulDiv
        default: return .evmWord
        }
    }

    var arity: Int {
        switch self {
        case .iszero, .not, .isqrt, .sqrtUp: return 1
        case .addmod, .mulmod, .muldiv, .muldivUp, .smuldiv, .smuldivFloor: return 3
        default: return 2
        }
    }

    /// Whether arguments and result are int256 (signed decimals) rather
    /// than unsigned words.
    var isSigned: Bool { family == .checkedSigned || family == .signedMulDiv }

    /// Computes the operation on parsed arguments (`arity` of them; signed
    /// operations receive their int256 bit patterns).
    func evaluate(_ a: [UInt256]) -> Result<String, ArithmeticFailure> {
        func signed(_ i: Int) -> Int256 { Int256(bitPattern: a[i]) }
        do throws(ArithmeticFailure) {
            switch self {
            case .add: return .success(EVM.add(a[0], a[1]).description)
            case .sub: return .success(EVM.sub(a[0], a[1]).description)
            case .mul: return .success(EVM.mul(a[0], a[1]).description)
            case .div: return .success(EVM.div(a[0], a[1]).description)
            case .sdiv: return .success(EVM.sdiv(a[0], a[1]).description)
            case .mod: return .success(EVM.mod(a[0], a[1]).description)
            case .smod: return .success(EVM.smod(a[0], a[1]).description)
            case .addmod: return .success(EVM.addmod(a[0], a[1], a[2]).description)
            case .mulmod: return .success(EVM.mulmod(a[0], a[1], a[2]).description)
            case .exp: return .success(EVM.exp(a[0], a[1]).description)
            case .signextend: return .success(EVM.signextend(a[0], a[1]).description)
            case .lt: return .success(EVM.lt(a[0], a[1]).description)
            case .gt: return .success(EVM.gt(a[0], a[1]).description)
            case .slt: return .success(EVM.slt(a[0], a[1]).description)
            case .sgt: return .success(EVM.sgt(a[0], a[1]).description)
            case .eq: return .success(EVM.eq(a[0], a[1]).description)
            case .iszero: return .success(EVM.iszero(a[0]).description)
            case .and: return .success(EVM.and(a[0], a[1]).description)
            case .or: return .success(EVM.or(a[0], a[1]).description)
            case .xor: return .success(EVM.xor(a[0], a[1]).description)
            case .not: return .success(EVM.not(a[0]).description)
            case .byte: return .success(EVM.byte(a[0], a[1]).description)
            case .shl: return .success(EVM.shl(a[0], a[1]).description)
            case .shr: return .success(EVM.shr(a[0], a[1]).description)
            case .sar: return .success(EVM.sar(a[0], a[1]).description)
            case .checkedAdd: return .success(try a[0].checkedAdd(a[1]).description)
            case .checkedSub: return .success(try a[0].checkedSub(a[1]).description)
            case .checkedMul: return .success(try a[0].checkedMul(a[1]).description)
            case .checkedDiv: return .success(try a[0].checkedDiv(a[1]).description)
            case .checkedMod: return .success(try a[0].checkedMod(a[1]).description)
            case .checkedSadd: return .success(try signed(0).checkedAdd(signed(1)).description)
            case .checkedSsub: return .success(try signed(0).checkedSub(signed(1)).description)
            case .checkedSmul: return .success(try signed(0).checkedMul(signed(1)).description)
            case .checkedSdiv: return .success(try signed(0).checkedDiv(signed(1)).description)
            case .checkedSmod: return .success(try signed(0).checkedMod(signed(1)).description)
            case .muldiv: return .success(try UInt256.mulDiv(a[0], a[1], a[2]).description)
            case .muldivUp: return .success(try UInt256.mulDivUp(a[0], a[1], a[2]).description)
            case .mulwad: return .success(try UInt256.fullMulWad(a[0], a[1]).description)
            case .mulwadUp: return .success(try UInt256.fullMulWadUp(a[0], a[1]).description)
            case .divwad: return .success(try UInt256.fullDivWad(a[0], a[1]).description)
            case .divwadUp: return .success(try UInt256.fullDivWadUp(a[0], a[1]).description)
            case .isqrt: return .success(UInt256.isqrt(a[0]).description)
            case .sqrtUp: return .success(UInt256.sqrtUp(a[0]).description)
            case .smuldiv: return .success(try Int256.mulDiv(signed(0), signed(1), signed(2)).description)
            case .smuldivFloor: return .success(try Int256.mulDivFloor(signed(0), signed(1), signed(2)).description)
            }
        } catch {
            return .failure(error)
        }
    }
}
