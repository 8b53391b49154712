import EVMArithmetic

extension EngineState {
    /// Spec/operations/withdraw.md. Accounting only: debits the sender,
    /// who must keep equity >= IM, with fresh prices when a loss could hide.
    mutating func withdraw(asset: UInt256, amount: UInt256, context: CallContext, events: inout EventLog) throws(Revert) {
        let sender = context.sender, now = context.timestamp
        // CHECKS
        let a = try requireAsset(asset)                                                      // 1
        if amount.isZero { throw .error(.zeroAmount) }                                       // 2
        let balance = account(sender).collateral[a]                                          // 3
        if amount > balance {                                                                // 4
            throw .error(.insufficientBalance(asset: asset, balance: balance, amount: amount))
        }
        // EFFECTS
        let newBalance = try checked(balance.checkedSub(amount))                             // 5
        updateAccount(sender) { $0.collateral[a] = newBalance }
        // CHECKS (post-state)
        if hasOpenPosition(sender) || account(sender).cash.isNegative {                      // 6
            for m in 0..<marketCount where !position(sender, m).size.isZero {
                try requireFresh(m, now: now)
            }
            let balances = account(sender).collateral
            for k in 0..<assetCount where !balances[k].isZero {
                try requireFreshAsset(k, now: now)
            }
        }
        try requireMargin(sender, riskIncreasing: true, now: now)                            // 7
        // EVENTS
        events.emit(.withdraw(account: sender, asset: asset, amount: amount))                // 8
    }
}
