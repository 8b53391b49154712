import EVMArithmetic

extension Market {
    /// Spec/operations/postPrice.md, steps 14a-14d: each side's z tracks the
    /// 99 % quantile of its standardised loss (a Robbins-Monro step). A side
    /// whose loss this observation exceeded z·σ (`sample > z²·v`, with the
    /// variance before the update) moves up by 99 % of zStep; any other
    /// observation, its gains included, moves it down by 1 %; z stays in
    /// [zScore, zScore + zHeadroom]. Every rounding favours a higher z.
    mutating func updateAdaptiveZ(pOld: UInt256, price: UInt256, sample: UInt256) throws(ArithmeticFailure) {
        let zMin = params.zScore                                                              // 14a
        let zMax = try zMin.checkedAdd(params.zHeadroom)
        let up = try mulUp(params.zStep, Constants.wad &- Constants.adaptiveZTail, Constants.wad)  // 14b up
        let down = try mulDown(params.zStep, Constants.adaptiveZTail, Constants.wad)           //     down
        func moved(_ z: UInt256, lost: Bool) throws(ArithmeticFailure) -> UInt256 {
            if lost, sample > (try mulDown(mulDown(z, z, Constants.wad), variance, Constants.wad)) {
                return min(try z.checkedAdd(up), zMax)                                         // exceeded
            }
            return try z.checkedSub(min(down, try z.checkedSub(zMin)))                         // otherwise
        }
        zLong = try moved(zLong, lost: price < pOld)                                          // 14c
        zShort = try moved(zShort, lost: price > pOld)                                        // 14d
    }
}
