import EVMArithmetic

extension MarketParams {
    /// Spec/margin.md, "Horizon variance": GARCH(1,1)'s forecast variance of
    /// the return over the next `horizon` seconds (WAD), from `variance`
    /// toward the long-run level, one step per `oracleCadence` seconds, the
    /// last step partial. Spec 1.0's `variance · horizon` when alpha + beta =
    /// WAD. Every product rounds the way that raises the margin.
    ///
    /// The contract computes it unchecked (to fit EIP-170); within the state's
    /// bounds nothing here exceeds 10^43, so the checked operations below never
    /// throw in a reachable state. If one ever did, `margin diff` would show it.
    func horizonVariance(_ variance: UInt256, horizon t: UInt256) throws(ArithmeticFailure) -> UInt256 {
        let wad = Constants.wad, c = oracleCadence
        let phi = try garchAlpha.checkedAdd(garchBeta)
        if phi == wad || t <= c { return try variance.checkedMul(t) }                      // 1 today's variance
        let gap = try wad.checkedSub(phi)
        let longRun = min(try divUp(garchOmega.checkedMul(wad), gap), Constants.maxVariance)  // 2 up
        if variance == longRun { return try variance.checkedMul(t) }                       // 3
        let n = try t.checkedSub(.one).checkedDiv(c)                                       // 4 full steps
        let up = variance > longRun                                                        // 5
        func mulWad(_ a: UInt256, _ b: UInt256) throws(ArithmeticFailure) -> UInt256 {
            up ? try mulUp(a, b, wad) : try mulDown(a, b, wad)
        }
        var s = UInt256.zero                                                               // 6 S_j, j = 0
        var q = wad                                                                        //   phi^j
        for bit in stride(from: Constants.horizonStepBits - 1, through: 0, by: -1) {       // 7 n's bits, high first
            s = try s.checkedAdd(mulWad(q, s))                                             // 7a S_2j
            q = try mulWad(q, q)                                                           // 7b phi^2j
            if (n.w0 >> UInt64(bit)) & 1 == 1 {
                s = try s.checkedAdd(q)                                                    // 7c S_(2j+1)
                q = try mulWad(q, phi)                                                     // 7d phi^(2j+1)
            }
        }
        let lastStep = try t.checkedSub(n.checkedMul(c))
        let w = try c.checkedMul(s).checkedAdd(lastStep.checkedMul(q))                     // 8 WAD-seconds
        let level = try t.checkedMul(longRun)
        if up { return try level.checkedAdd(mulUp(variance.checkedSub(longRun), w, wad)) }    // 9 up
        return try level.checkedSub(mulDown(longRun.checkedSub(variance), w, wad))            // 9 down
    }
}
