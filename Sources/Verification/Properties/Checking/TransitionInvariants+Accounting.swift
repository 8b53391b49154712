import ContractIO
import EVMArithmetic
import MarginEngine

// conservation, net-open-interest-zero, collateral-accounting, fund-non-negative,
// open-notional-sign and position-change-equity: where value and positions go.

extension TransitionInvariants {
    static func conservation(_ c: CallCheck) -> Violation? {
        let state = c.post
        if state.accounts.count > c.addresses.count || state.accounts.keys.contains(where: { !c.addressSet.contains($0) }) {
            let outside = state.accounts.keys.filter { !c.addressSet.contains($0) }.sorted()
            return Violation(.conservation, "account \(outside.first.map(\.description) ?? "?") is not in A but holds state")
        }
        var cash = Int256.zero, openNotional = Int256.zero
        for address in c.addresses {
            guard let account = state.accounts[address] else { continue }
            guard let sum = Reference.plus(cash, account.cash) else { return Violation(.conservation, "Σ cash overflows int256") }
            cash = sum
            for m in 0..<state.marketCount {
                guard let sum = Reference.plus(openNotional, account.positions[m].openNotional) else {
                    return Violation(.conservation, "Σ openNotional overflows int256")
                }
                openNotional = sum
            }
        }
        guard let fund = Reference.int(state.insuranceFund),
              let total = Reference.minus(cash, openNotional).flatMap({ Reference.plus($0, fund) }) else {
            return Violation(.conservation, "Σ cash − Σ openNotional + insuranceFund overflows int256")
        }
        if total.isZero { return nil }
        return Violation(.conservation, "after \(c.call.function.name): Σ cash = \(cash), Σ openNotional = \(openNotional), "
                         + "insuranceFund = \(state.insuranceFund); Σ cash − Σ openNotional + insuranceFund = \(total), expected 0")
    }

    static func netOpenInterestZero(_ c: CallCheck) -> Violation? {
        let state = c.post
        // The sums of every market in one pass over A, each account read
        // once; a market's net is nil once its sum overflows.
        var nets = [Int256?](repeating: .zero, count: state.marketCount)
        var longs = [UInt256](repeating: .zero, count: state.marketCount)
        for address in c.addresses {
            guard let account = state.accounts[address] else { continue }
            for m in 0..<state.marketCount {
                let size = account.positions[m].size
                if size.isZero { continue }
                nets[m] = nets[m].flatMap { Reference.plus($0, size) }
                if !size.isNegative { longs[m] = longs[m] &+ size.magnitude }
            }
        }
        for m in 0..<state.marketCount {
            guard let net = nets[m] else { return Violation(.netOpenInterestZero, "Σ size[\(m)] overflows") }
            let long = longs[m]
            if !net.isZero {
                return Violation(.netOpenInterestZero, "after \(c.call.function.name): Σ_a size[a][\(m)] = \(net), expected 0")
            }
            if state.markets[m].openInterest != long {
                return Violation(.netOpenInterestZero, "after \(c.call.function.name): openInterest[\(m)] = "
                                 + "\(state.markets[m].openInterest), but Σ_a max(size[a][\(m)], 0) = \(long)")
            }
        }
        return nil
    }

    static func collateralAccounting(_ c: CallCheck) -> Violation? {
        var allowed: (asset: Int, before: UInt256, after: UInt256?)?
        if c.succeeded {
            switch c.call {
            case let .deposit(asset, amount):
                if let a = c.pre.assetIndex(asset) {
                    let before = c.pre.account(c.sender).collateral[a]
                    let (after, overflow) = before.addingReportingOverflow(amount)
                    allowed = (a, before, overflow ? nil : after)
                }
            case let .withdraw(asset, amount):
                if let a = c.pre.assetIndex(asset) {
                    let before = c.pre.account(c.sender).collateral[a]
                    allowed = (a, before, amount > before ? nil : before &- amount)
                }
            default: break
            }
        }
        if let allowed {
            let found = c.post.account(c.sender).collateral[allowed.asset]
            if found != allowed.after {
                return Violation(.collateralAccounting, "\(c.call.description) by \(c.sender): collateral[\(c.sender)][\(allowed.asset)] "
                                 + "\(allowed.before) -> \(found), expected \(allowed.after.map(\.description) ?? "a revert")")
            }
        }
        // A revert that changed storage is atomic-revert's to report.
        for address in c.changedAccounts {
            let before = c.pre.account(address).collateral, after = c.post.account(address).collateral
            if before == after { continue }
            for k in 0..<Constants.maxAssets where before[k] != after[k] {
                if let allowed, address == c.sender, k == allowed.asset { continue }
                return Violation(.collateralAccounting, "\(c.call.function.name) by \(c.sender) changed collateral[\(address)][\(k)] "
                                 + "\(before[k]) -> \(after[k]); only the sender's deposit or withdraw may")
            }
        }
        return nil
    }

    static func fundNonNegative(_ c: CallCheck) -> Violation? {
        guard c.succeeded else { return nil }
        let before = c.pre.insuranceFund, after = c.post.insuranceFund
        switch c.call {
        case let .liquidate(_, _, size):
            guard let event = c.events.liquidation else {
                return Violation(.fundNonNegative, "liquidate succeeded without a Liquidation event")
            }
            if event.reward > event.penalty {
                return Violation(.fundNonNegative, "liquidator reward \(event.reward) exceeds the penalty \(event.penalty)")
            }
            // fund' = fund + dust + (penalty - reward) - badDebtCovered, in that order of the steps.
            let inflow = Reference.dust(size, event.price) &+ (event.penalty &- event.reward)
            let (gross, overflow) = before.addingReportingOverflow(inflow)
            if overflow || gross < event.covered || gross &- event.covered != after {
                return Violation(.fundNonNegative, "liquidate: insuranceFund \(before) -> \(after), expected fund + dust "
                                 + "\(Reference.dust(size, event.price)) + (penalty \(event.penalty) − reward \(event.reward)) "
                                 + "− badDebtCovered \(event.covered)")
            }
        case let .deleverage(_, _, _, size):
            guard let event = c.events.deleverage else {
                return Violation(.fundNonNegative, "deleverage succeeded without a Deleverage event")
            }
            if event.fundUsed != before {
                return Violation(.fundNonNegative, "deleverage used \(event.fundUsed) of an insurance fund of \(before); "
                                 + "the fund must be drawn to 0 first")
            }
            let dust = Reference.dust(size, event.bankruptcyPrice)
            if after < dust {
                return Violation(.fundNonNegative, "deleverage: insuranceFund ends at \(after), below the call's dust \(dust): "
                                 + "the residual swept to the fund is negative")
            }
        default:
            if after < before {
                return Violation(.fundNonNegative, "insuranceFund decreased \(before) -> \(after) in \(c.call.function.name); "
                                 + "only liquidate and deleverage may draw on it")
            }
        }
        return nil
    }

    static func openNotionalSign(_ c: CallCheck) -> Violation? {
        for address in c.addresses {
            guard let account = c.post.accounts[address] else { continue }
            for m in 0..<Constants.maxMarkets {
                let p = account.positions[m]
                let ok = p.size.isZero ? p.openNotional.isZero
                    : (p.size.isNegative ? !(p.openNotional > .zero) : !p.openNotional.isNegative)
                if !ok {
                    return Violation(.openNotionalSign, "after \(c.call.function.name), position of \(address) in market \(m) "
                                     + "has size \(p.size) and openNotional \(p.openNotional)")
                }
            }
        }
        return nil
    }

    /// One account's fill in a call, and what else the call paid it.
    private struct Fill {
        let role: String
        let account: Address
        let old: Int256
        let delta: Int256
        let price: UInt256
        /// Cash the call moves into the account beside the fill (−fee, −penalty + cover, reward).
        let other: Int256
        /// What `other` is, for the message.
        let besides: String
    }

    static func positionChangeEquity(_ c: CallCheck) throws -> Violation? {
        guard c.succeeded else { return nil }
        switch c.call {
        case let .settleTrade(buyer, seller, market, size, price):
            guard let m = c.pre.marketIndex(market), let d = Reference.int(size),
                  let fee = c.events.trade.flatMap({ Reference.int($0.fee) }) else {
                return Violation(.positionChangeEquity, "settleTrade succeeded without a Trade event")
            }
            let minusFee = Int256.zero &- fee
            return try checkFills(c, m, [
                Fill(role: "buyer", account: buyer, old: c.pre.sizeOf(buyer, m), delta: d, price: price, other: minusFee,
                     besides: "the fee \(fee)"),
                Fill(role: "seller", account: seller, old: c.pre.sizeOf(seller, m), delta: Int256.zero &- d, price: price,
                     other: minusFee, besides: "the fee \(fee)"),
            ])
        case let .liquidate(account, market, size):
            guard let m = c.pre.marketIndex(market), let event = c.events.liquidation,
                  let k = Reference.int(size), let penalty = Reference.int(event.penalty),
                  let reward = Reference.int(event.reward), let covered = Reference.int(event.covered) else {
                return Violation(.positionChangeEquity, "liquidate succeeded without a Liquidation event")
            }
            let s = c.pre.sizeOf(account, m)
            let d = s.isNegative ? Int256.zero &- k : k
            return try checkFills(c, m, [
                Fill(role: "liquidated account", account: account, old: s, delta: Int256.zero &- d, price: event.price,
                     other: Reference.minus(covered, penalty) ?? .zero,
                     besides: "penalty \(event.penalty) and bad-debt cover \(event.covered)"),
                Fill(role: "liquidator", account: c.sender, old: c.pre.sizeOf(c.sender, m), delta: d, price: event.price,
                     other: reward, besides: "reward \(event.reward)"),
            ])
        case let .deleverage(bankrupt, counterparty, market, size):
            guard let m = c.pre.marketIndex(market), let event = c.events.deleverage, let k = Reference.int(size) else {
                return Violation(.positionChangeEquity, "deleverage succeeded without a Deleverage event")
            }
            // The bankrupt's residual is swept to the fund; deleverage-zeroes-bankrupt checks it ends at 0.
            let d = c.pre.sizeOf(bankrupt, m).isNegative ? Int256.zero &- k : k
            return try checkFills(c, m, [
                Fill(role: "counterparty", account: counterparty, old: c.pre.sizeOf(counterparty, m), delta: d,
                     price: event.bankruptcyPrice, other: .zero, besides: ""),
            ])
        default:
            return nil
        }
    }

    private static func checkFills(_ c: CallCheck, _ m: Int, _ fills: [Fill]) throws -> Violation? {
        let p = c.post.markets[m].price
        for f in fills {
            let before = try c.preMargin.equity(f.account), after = try c.postMargin.equity(f.account)
            guard let fill = Reference.fillEquityChange(old: f.old, delta: f.delta, fillPrice: f.price, markPrice: p),
                  let expected = Reference.plus(fill, f.other) else { continue }
            let change = Reference.minus(after, before)
            if change != expected {
                return Violation(.positionChangeEquity, "\(c.call.function.name): equity of the \(f.role) \(f.account) moved by "
                                 + "\(change.map(\.description) ?? "overflow") (\(before) -> \(after)); a fill of \(f.delta) at "
                                 + "\(f.price) from size \(f.old), marked at \(p), moves it by \(fill), so \(expected) in all"
                                 + (f.besides.isEmpty ? "" : " with \(f.besides)"))
            }
        }
        return nil
    }
}
