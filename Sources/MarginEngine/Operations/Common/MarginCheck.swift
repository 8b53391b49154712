import EVMArithmetic

extension EngineState {
    /// After a fill: a risk-increasing account needs equity >= IM, any
    /// other equity >= 0 (Spec/operations/common.md, "Margin checks").
    func requireMargin(_ account: Address, riskIncreasing: Bool, now: UInt256) throws {
        let e = try equity(account)                                            // 1
        var required = UInt256.zero
        if riskIncreasing { required = try initialMargin(account, now: now) }  // 2
        if e < (try toInt(required)) {                                         // 3
            throw EngineError.insufficientMargin(account: account, equity: e, required: required)
        }
    }
}
