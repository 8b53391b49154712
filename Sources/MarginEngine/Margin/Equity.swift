import EVMArithmetic

// Spec/margin.md, "Collateral value and equity". Equity does not depend on time.

extension EngineState {
    /// Haircut USD value of the account's collateral, rounded down.
    public func collateralValue(_ account: Address) throws(ArithmeticFailure) -> UInt256 {
        try collateralValue(of: self.account(account))
    }

    /// `collateralValue` of an account already read (one look-up of its
    /// address serves every term of the margin).
    func collateralValue(of holder: Account) throws(ArithmeticFailure) -> UInt256 {
        let balances = holder.collateral
        var total = UInt256.zero
        for a in 0..<assetCount {                                               // 1
            let amount = balances[a]
            if amount.isZero { continue }
            let amount18 = try amount.checkedMul(assets[a].scale)              // 1a exact
            let usd = try mulDown(amount18, assets[a].price, Constants.wad)     // 1b down
            total = try total.checkedAdd(mulDown(usd, assets[a].weight, Constants.wad))  // 1c down
        }
        return total
    }

    /// Mark value minus open notional, rounded down; 0 without a position.
    public func unrealisedPnl(_ account: Address, _ m: Int) throws(ArithmeticFailure) -> Int256 {
        try unrealisedPnl(of: position(account, m), m)
    }

    /// `unrealisedPnl` of a position already read, held in market m.
    func unrealisedPnl(of position: Position, _ m: Int) throws(ArithmeticFailure) -> Int256 {
        if position.size.isZero { return .zero }
        return try sub(valueAt(position.size, markets[m].price), position.openNotional)
    }

    /// Haircut collateral + cash + unrealised PnL, rounded down.
    public func equity(_ account: Address) throws(ArithmeticFailure) -> Int256 {
        let holder = self.account(account)
        return try equity(of: holder, collateralValue: collateralValue(of: holder))
    }

    /// `equity` of an account already read, its `collateralValue` given.
    func equity(of holder: Account, collateralValue: UInt256) throws(ArithmeticFailure) -> Int256 {
        var e = try toInt(collateralValue)                                      // 1
        e = try add(e, holder.cash)                                             // 2
        for m in 0..<marketCount where !holder.positions[m].size.isZero {       // 3
            e = try add(e, unrealisedPnl(of: holder.positions[m], m))
        }
        return e
    }
}
