import EVMArithmetic

extension Market {
    /// Spec/margin.md, "Effective depth": the depth the impact term uses at
    /// time `now`, WAD USD, rounded down. Depth is taken to scale with 1/σ,
    /// so above the long-run variance vL = omega / (1 - alpha - beta) it is
    /// liquidityDepth · sqrt(vL / v), never below depthFloor of it; while
    /// the breaker is on it is at the floor.
    func effectiveDepth(now: UInt256) throws(ArithmeticFailure) -> UInt256 {
        let wad = Constants.wad
        var factor = wad                                                                  // 1 WAD: 1.0's depth
        let phi = try params.garchAlpha.checkedAdd(params.garchBeta)
        if now < breakerUntil {
            factor = params.depthFloor                                                    // 2 breaker: the floor
        } else if phi < wad {
            let gap = try wad.checkedSub(phi)
            let scaled = try variance.checkedMul(gap)
            let level = try params.garchOmega.checkedMul(wad)
            if scaled > level {                                                           // 3 v above omega / gap
                let ratio = try level.checkedMul(wad).checkedMul(wad).checkedDiv(scaled)
                factor = max(UInt256.isqrt(ratio), params.depthFloor)                     // 4 WAD·sqrt(vL / v), down
            }
        }
        return try mulDown(params.liquidityDepth, factor, wad)                            // 5 down
    }
}
