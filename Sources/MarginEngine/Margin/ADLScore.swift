import EVMArithmetic

extension EngineState {
    /// The deleveraging rank of a position: PnL % x leverage in WAD, each
    /// factor capped at MAX_ADL_FACTOR, truncated (Spec/operations/views.md).
    /// The caller has checked that m is a listed market.
    public func adlScore(_ account: Address, _ m: Int) throws(ArithmeticFailure) -> Int256 {
        let position = self.position(account, m)
        let s = position.size
        if s.isZero { return .zero }                                                   // 2
        let on = position.openNotional
        if on.isZero { return .zero }                                                  // 3 no cost basis
        let e = try equity(account)
        if e <= .zero { return .zero }                                                 // 4 leverage undefined
        let price = markets[m].price
        let pnl = try sub(valueAt(s, price), on)                                        // 5
        var pnlMagnitude = try abs(pnl).checkedMul(Constants.wad).checkedDiv(abs(on))   // 6
        pnlMagnitude = min(pnlMagnitude, Constants.maxADLFactor)
        let n = try mulUp(abs(s), price, Constants.wad)                                // 7
        let leverage = min(try n.checkedMul(Constants.wad).checkedDiv(toUint(e)), Constants.maxADLFactor)  // 8
        let scoreMagnitude = try pnlMagnitude.checkedMul(leverage).checkedDiv(Constants.wad)  // 9
        return pnl.isNegative ? try negate(toInt(scoreMagnitude)) : try toInt(scoreMagnitude)
    }
}
