import EVMArithmetic

extension EngineState {
    /// Moves the account's position in market m by `delta != 0` at `price`,
    /// with average-entry accounting; realises the reduced part's PnL into
    /// cash. Returns (cost, realised). Spec/operations/common.md, "Fill".
    mutating func applyFill(_ account: Address, _ m: Int, _ delta: Int256, _ price: UInt256) throws(ArithmeticFailure) -> (cost: Int256, realised: Int256) {
        let before = position(account, m)
        let old = before.size                                                  // 1
        var on = before.openNotional
        let new = try add(old, delta)                                          // 2
        let cost = try costAt(delta, price)                                    // 3 toward +inf
        var realised = Int256.zero
        if old.isZero || old.isNegative == delta.isNegative {                  // 4 open or increase
            on = try add(on, cost)
        } else if try abs(delta) < abs(old) {                                  // 5 partial reduce
            let removed = try floorMulDiv(on, abs(delta), abs(old))            //   toward -inf
            realised = try sub(sub(.zero, cost), removed)
            on = try sub(on, removed)
        } else if try abs(delta) == abs(old) {                                 // 6 full close
            realised = try sub(sub(.zero, cost), on)
            on = .zero
        } else {                                                               // 7 flip
            let openCost = try costAt(new, price)                              //   toward +inf
            let closeCost = try sub(cost, openCost)
            realised = try sub(sub(.zero, closeCost), on)
            on = openCost
        }
        let cash = try add(self.account(account).cash, realised)                    // 8
        var openInterest = markets[m].openInterest                             // 9 long side
        if !old.isNegative && !old.isZero { openInterest = try openInterest.checkedSub(toUint(old)) }
        if !new.isNegative && !new.isZero { openInterest = try openInterest.checkedAdd(toUint(new)) }
        markets[m].openInterest = openInterest
        updateAccount(account) { acct in                                       // 10
            acct.cash = cash
            acct.positions[m] = Position(size: new, openNotional: on)
        }
        return (cost, realised)
    }
}
