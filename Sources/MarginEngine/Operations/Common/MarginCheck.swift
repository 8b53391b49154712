import EVMArithmetic

extension EngineState {
    /// After a fill: a risk-increasing account needs equity >= IM, any
    /// other equity >= 0 (Spec/operations/common.md, "Margin checks").
    func requireMargin(_ account: Address, riskIncreasing: Bool, now: UInt256) throws(Revert) {
        let e = try checked(equity(account))                                   // 1
        var required = UInt256.zero
        if riskIncreasing { required = try checked(initialMargin(account, now: now)) }  // 2
        if e < (try checked(toInt(required))) {                                // 3
            throw .error(.insufficientMargin(account: account, equity: e, required: required))
        }
    }
}
