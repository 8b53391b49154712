import EVMArithmetic

/// A change from `old` to `new` is risk-increasing when the account ends
/// with exposure it did not have: |size| grows, or the side flips
/// (Spec/operations/common.md).
func isRiskIncreasing(_ old: Int256, _ new: Int256) throws(ArithmeticFailure) -> Bool {
    if new.isZero { return false }                               // closing is never risk-increasing
    if old.isZero { return true }                                // opening
    if old.isNegative != new.isNegative { return true }          // flip, even to a smaller size
    return try abs(new) > abs(old)                               // same side: grows
}
