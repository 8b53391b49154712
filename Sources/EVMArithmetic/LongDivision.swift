// Schoolbook long division in plain Swift (Knuth, TAOCP vol. 2, 4.3.1,
// Algorithm D) for the divisions whose quotient fits one word: 256/256
// (DIV, MOD, checked division) and mulDiv's 512/256 with a quotient below
// 2^256. These take at most four quotient-limb steps, too few to repay GMP's
// mpn_tdiv_qr its call and set-up (normalising copies, shift calls, the
// reciprocal): on the benchmark tables (Benchmarks/README.md) DIV went from
// 48 ns through GMP to 19 ns here, and mulDiv from 72 to 48 ns (with the
// product fix in UInt256+Multiplication.swift). Quotients longer than a word
// (a UInt512 by a divisor no larger than its high half, as in MULMOD) stay
// on GMP, which beat an earlier version of this code there for 64- to
// 128-bit divisors.

enum LongDivision {
    /// Returns `(n / d, n mod d)`, truncating.
    /// Requires `d != 0` and `n.high < d` (so the quotient fits 256 bits).
    // Inlined into its three callers: as a call, returning the pair and
    // entering the buffer's closure cost a third of a 256/256 division
    // (30 -> 19 ns on the DIV benchmark table).
    @inline(__always)
    static func divide(_ n: UInt512, by d: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        let dn = d.significantLimbCount
        let nn = n.high.isZero ? n.low.significantLimbCount : 4 + n.high.significantLimbCount
        if nn < dn { return (.zero, n.low) }  // then n < d
        // One stack buffer, no allocation: u = the numerator and one limb of
        // headroom for normalising (limbs 0...8), v = the divisor (9...12),
        // q = the quotient (13...16); all least significant first.
        var scratch = (
            n.low.w0, n.low.w1, n.low.w2, n.low.w3, n.high.w0, n.high.w1, n.high.w2, n.high.w3, UInt64(0),
            d.w0, d.w1, d.w2, d.w3,
            UInt64(0), UInt64(0), UInt64(0), UInt64(0)
        )
        var remainder = UInt256.zero
        withUnsafeMutableBytes(of: &scratch) { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            let u = base, v = base + 9, q = base + 13
            if dn == 1 {
                // Short division, one limb at a time from the top; rem < v0
                // keeps every two-limb quotient within 64 bits.
                let v0 = v[0]
                var rem: UInt64 = 0
                var i = nn - 1
                while i >= 0 {
                    let (qi, ri) = v0.dividingFullWidth((high: rem, low: u[i]))
                    if i < 4 { q[i] = qi }  // limbs above 3 are 0: n.high < d
                    rem = ri
                    i -= 1
                }
                remainder = UInt256(rem)
                return
            }
            // D1: normalise, shifting u and v left until v's top bit is set;
            // then every quotient-limb estimate is at most 2 too large.
            // Masking shifts (&<<, &>>) are exact here, both counts being in
            // 1...63, and skip the range checks of the smart shifts.
            let s = UInt64(v[dn - 1].leadingZeroBitCount)
            if s != 0 {
                var i = dn - 1
                while i > 0 { v[i] = v[i] &<< s | v[i - 1] &>> (64 - s); i -= 1 }
                v[0] = v[0] &<< s
                u[nn] = u[nn - 1] &>> (64 - s)
                i = nn - 1
                while i > 0 { u[i] = u[i] &<< s | u[i - 1] &>> (64 - s); i -= 1 }
                u[0] = u[0] &<< s
            }
            let vTop = v[dn - 1], vNext = v[dn - 2]
            let vTopInverse = reciprocal(vTop)
            // D2: one step per quotient limb, from the top. Quotient limbs
            // above 3 are 0 because n.high < d, so mulDiv's numerators of
            // dn + 4 limbs skip the first step (u[nn] is then 0 and
            // u[4 ..< nn] < v, the loop's invariant).
            var j = min(nn - dn, 3)
            while j >= 0 {
                // D3: estimate q̂ = (u[j+dn] u[j+dn-1]) / vTop, capped at
                // 2^64 - 1, then lower it while q̂ * vNext exceeds the
                // three-limb remainder (at most twice).
                let uTop = u[j + dn], uMid = u[j + dn - 1]
                var qhat: UInt64, rhat: UInt64, rhatOverflow = false
                if uTop >= vTop {
                    qhat = .max
                    (rhat, rhatOverflow) = uMid.addingReportingOverflow(vTop)
                } else {
                    (qhat, rhat) = divide(high: uTop, low: uMid, by: vTop, reciprocal: vTopInverse)
                }
                while !rhatOverflow {
                    let p = qhat.multipliedFullWidth(by: vNext)
                    if p.high < rhat || (p.high == rhat && p.low <= u[j + dn - 2]) { break }
                    qhat &-= 1
                    (rhat, rhatOverflow) = rhat.addingReportingOverflow(vTop)
                }
                // D4: u[j ... j+dn] -= q̂ * v. The running borrow is at most
                // 2^64 - 1: when the product's high limb plus carry reaches
                // that, its low limb is 0 and the subtraction cannot borrow.
                var borrow: UInt64 = 0
                for i in 0..<dn {
                    let p = qhat.multipliedFullWidth(by: v[i])
                    let (pLow, c) = p.low.addingReportingOverflow(borrow)
                    let (t, b) = u[i + j].subtractingReportingOverflow(pLow)
                    u[i + j] = t
                    borrow = p.high &+ (c ? 1 : 0) &+ (b ? 1 : 0)
                }
                let (top, negative) = u[j + dn].subtractingReportingOverflow(borrow)
                u[j + dn] = top
                if negative {
                    // D6: q̂ was still one too large (probability ~2/2^64):
                    // add v back; the carry out cancels the borrow.
                    qhat &-= 1
                    var carry = false
                    for i in 0..<dn {
                        let (s1, c1) = u[i + j].addingReportingOverflow(v[i])
                        let (s2, c2) = s1.addingReportingOverflow(carry ? 1 : 0)
                        u[i + j] = s2
                        carry = c1 || c2
                    }
                    u[j + dn] &+= carry ? 1 : 0
                }
                q[j] = qhat  // D5
                j -= 1
            }
            // D8: the remainder is u[0 ..< dn] shifted back. Each step left
            // its top limb u[j + dn] at 0, so u[dn...] are all 0 and the four
            // low limbs can be shifted whole.
            let r = UInt256(w0: u[0], w1: u[1], w2: u[2], w3: u[3])
            remainder = s == 0 ? r : UInt256(
                w0: r.w0 &>> s | r.w1 &<< (64 - s),
                w1: r.w1 &>> s | r.w2 &<< (64 - s),
                w2: r.w2 &>> s | r.w3 &<< (64 - s),
                w3: r.w3 &>> s
            )
        }
        return (UInt256(w0: scratch.13, w1: scratch.14, w2: scratch.15, w3: scratch.16), remainder)
    }

    /// Returns `floor((2^128 - 1) / d) - 2^64` for a normalized d (top bit
    /// set): the reciprocal that lets `divide(high:low:by:reciprocal:)`
    /// replace a hardware divide by two multiplications.
    @inline(__always)
    private static func reciprocal(_ d: UInt64) -> UInt64 {
        // 2^128 - 1 - 2^64 d = (2^64 - 1 - d) * 2^64 + (2^64 - 1), and
        // ~d < d, so the quotient fits 64 bits.
        d.dividingFullWidth((high: ~d, low: .max)).quotient
    }

    /// Returns `((high * 2^64 + low) / d, ... mod d)` for a normalized d and
    /// high < d, given `reciprocal(d)` (Möller and Granlund, "Improved
    /// division by invariant integers", IEEE Trans. Computers 2011, Alg. 4;
    /// GMP's udiv_qrnnd_preinv). The hardware divide it replaces was a
    /// fifth of mulDiv's time.
    @inline(__always)
    private static func divide(
        high: UInt64, low: UInt64, by d: UInt64, reciprocal v: UInt64
    ) -> (quotient: UInt64, remainder: UInt64) {
        // (q1, q0) = v * high + (high, low), all mod 2^128.
        let p = v.multipliedFullWidth(by: high)
        let (q0, carry) = p.low.addingReportingOverflow(low)
        var q1 = p.high &+ high &+ (carry ? 1 : 0) &+ 1
        var r = low &- q1 &* d
        // The candidate q1 is at most one too large, or (rarely) one too small.
        if r > q0 {
            q1 &-= 1
            r &+= d
        }
        if r >= d {
            q1 &+= 1
            r &-= d
        }
        return (q1, r)
    }
}
