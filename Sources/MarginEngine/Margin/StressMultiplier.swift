import EVMArithmetic

extension EngineState {
    /// S = 1 + stressGamma x shortfall fraction of the fund vs its target
    /// (WAD, rounded up); in [WAD, WAD + stressGamma]. Spec/margin.md.
    public func stressMultiplier() throws(ArithmeticFailure) -> UInt256 {
        let target = globalParams.insuranceTarget
        var f = UInt256.zero
        if !target.isZero && insuranceFund < target {
            f = try divUp(target.checkedSub(insuranceFund).checkedMul(Constants.wad), target)  // 1
        }
        return try Constants.wad.checkedAdd(mulUp(globalParams.stressGamma, f, Constants.wad))  // 2
    }
}
