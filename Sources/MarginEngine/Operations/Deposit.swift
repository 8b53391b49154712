import EVMArithmetic

extension EngineState {
    /// Spec/operations/deposit.md. Accounting only: credits the sender.
    mutating func deposit(asset: UInt256, amount: UInt256, context: CallContext, events: inout EventLog) throws(Revert) {
        let sender = context.sender
        // CHECKS
        let a = try requireAsset(asset)                                                      // 1
        if amount.isZero { throw .error(.zeroAmount) }                                       // 2
        if amount > Constants.maxCollateral {                                                // 3
            throw .error(.collateralLimitExceeded(asset: asset, amount: amount))
        }
        let newBalance = try checked(account(sender).collateral[a].checkedAdd(amount))       // 4
        if try checked(newBalance.checkedMul(assets[a].scale)) > Constants.maxCollateral {   // 5
            throw .error(.collateralLimitExceeded(asset: asset, amount: newBalance))
        }
        // EFFECTS
        updateAccount(sender) { $0.collateral[a] = newBalance }                              // 6
        // EVENTS
        events.emit(.deposit(account: sender, asset: asset, amount: amount))                 // 7
    }
}
