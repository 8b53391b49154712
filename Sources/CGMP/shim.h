// GMP for Swift. gmp.h spells its API as macros (mpn_tdiv_qr -> __gmpn_tdiv_qr)
// that Swift cannot import, so each function the project uses gets a
// static inline wrapper here with its preconditions. Limbs are 64-bit
// (mp_limb_t imports as UInt), least significant first.
#ifndef DYNAMICMARGIN_CGMP_SHIM_H
#define DYNAMICMARGIN_CGMP_SHIM_H

#include <gmp.h>

// ---- mpn: fixed-size limb arithmetic, used by EVMArithmetic ----

/// q = n / d, r = n mod d (truncating). qp gets nn - dn + 1 limbs, rp gets dn.
/// Requires nn >= dn >= 1, d[dn - 1] != 0, and q/r not overlapping n or d.
static inline void dm_mpn_tdiv_qr(mp_limb_t *qp, mp_limb_t *rp,
                                  const mp_limb_t *np, mp_size_t nn,
                                  const mp_limb_t *dp, mp_size_t dn) {
    __gmpn_tdiv_qr(qp, rp, 0, np, nn, dp, dn);
}

/// s = floor(sqrt(n)) into ceil(nn / 2) limbs; returns the remainder's size
/// (0 means n is a perfect square). Requires nn >= 1 and n[nn - 1] != 0;
/// rp may be NULL when the remainder is not needed.
static inline mp_size_t dm_mpn_sqrtrem(mp_limb_t *sp, mp_limb_t *rp,
                                       const mp_limb_t *np, mp_size_t nn) {
    return __gmpn_sqrtrem(sp, rp, np, nn);
}

/// r = u * v for two n-limb operands into 2n limbs; r must not overlap u or v.
static inline void dm_mpn_mul_n(mp_limb_t *rp, const mp_limb_t *up,
                                const mp_limb_t *vp, mp_size_t n) {
    __gmpn_mul_n(rp, up, vp, n);
}

// ---- mpz: arbitrary precision, used by ExactArithmetic (MPZ.swift) ----

static inline void dm_mpz_init(mpz_ptr x) { __gmpz_init(x); }
static inline void dm_mpz_clear(mpz_ptr x) { __gmpz_clear(x); }
/// Returns 0 on success, -1 when str is not a valid number in base.
static inline int dm_mpz_set_str(mpz_ptr x, const char *str, int base) {
    return __gmpz_set_str(x, str, base);
}
/// Writes x in base into str (mpz_sizeinbase(x, base) + 2 bytes suffice).
static inline char *dm_mpz_get_str(char *str, int base, mpz_srcptr x) {
    return __gmpz_get_str(str, base, x);
}
static inline size_t dm_mpz_sizeinbase(mpz_srcptr x, int base) {
    return __gmpz_sizeinbase(x, base);
}
static inline void dm_mpz_set(mpz_ptr r, mpz_srcptr x) { __gmpz_set(r, x); }
static inline void dm_mpz_set_ui(mpz_ptr r, unsigned long x) { __gmpz_set_ui(r, x); }
static inline void dm_mpz_add(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { __gmpz_add(r, a, b); }
static inline void dm_mpz_sub(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { __gmpz_sub(r, a, b); }
static inline void dm_mpz_mul(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { __gmpz_mul(r, a, b); }
static inline void dm_mpz_neg(mpz_ptr r, mpz_srcptr a) { __gmpz_neg(r, a); }
static inline void dm_mpz_abs(mpz_ptr r, mpz_srcptr a) { __gmpz_abs(r, a); }
/// Quotient rounded toward zero.
static inline void dm_mpz_tdiv_q(mpz_ptr q, mpz_srcptr n, mpz_srcptr d) { __gmpz_tdiv_q(q, n, d); }
/// Remainder with the sign of n.
static inline void dm_mpz_tdiv_r(mpz_ptr r, mpz_srcptr n, mpz_srcptr d) { __gmpz_tdiv_r(r, n, d); }
/// Quotient rounded toward minus infinity.
static inline void dm_mpz_fdiv_q(mpz_ptr q, mpz_srcptr n, mpz_srcptr d) { __gmpz_fdiv_q(q, n, d); }
/// Quotient rounded toward plus infinity.
static inline void dm_mpz_cdiv_q(mpz_ptr q, mpz_srcptr n, mpz_srcptr d) { __gmpz_cdiv_q(q, n, d); }
/// r = n mod 2^bits, in [0, 2^bits).
static inline void dm_mpz_fdiv_r_2exp(mpz_ptr r, mpz_srcptr n, mp_bitcnt_t bits) { __gmpz_fdiv_r_2exp(r, n, bits); }
/// r = floor(n / 2^bits).
static inline void dm_mpz_fdiv_q_2exp(mpz_ptr r, mpz_srcptr n, mp_bitcnt_t bits) { __gmpz_fdiv_q_2exp(r, n, bits); }
static inline void dm_mpz_mul_2exp(mpz_ptr r, mpz_srcptr n, mp_bitcnt_t bits) { __gmpz_mul_2exp(r, n, bits); }
static inline void dm_mpz_ui_pow_ui(mpz_ptr r, unsigned long b, unsigned long e) { __gmpz_ui_pow_ui(r, b, e); }
/// r = b^e mod m (m != 0).
static inline void dm_mpz_powm(mpz_ptr r, mpz_srcptr b, mpz_srcptr e, mpz_srcptr m) { __gmpz_powm(r, b, e, m); }
/// r = floor(sqrt(n)), n >= 0.
static inline void dm_mpz_sqrt(mpz_ptr r, mpz_srcptr n) { __gmpz_sqrt(r, n); }
static inline void dm_mpz_and(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { __gmpz_and(r, a, b); }
static inline void dm_mpz_ior(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { __gmpz_ior(r, a, b); }
static inline void dm_mpz_xor(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { __gmpz_xor(r, a, b); }
static inline int dm_mpz_tstbit(mpz_srcptr x, mp_bitcnt_t bit) { return __gmpz_tstbit(x, bit); }
static inline int dm_mpz_cmp(mpz_srcptr a, mpz_srcptr b) { return __gmpz_cmp(a, b); }
static inline int dm_mpz_sgn(mpz_srcptr x) { return mpz_sgn(x); }
/// r = the count limbs at limbs, least significant first (non-negative).
static inline void dm_mpz_import_limbs(mpz_ptr r, const mp_limb_t *limbs, size_t count) {
    __gmpz_import(r, count, -1, sizeof(mp_limb_t), 0, 0, limbs);
}
/// Limb n of |x|, least significant first; 0 past the most significant limb.
static inline mp_limb_t dm_mpz_getlimbn(mpz_srcptr x, mp_size_t n) { return __gmpz_getlimbn(x, n); }

#endif
