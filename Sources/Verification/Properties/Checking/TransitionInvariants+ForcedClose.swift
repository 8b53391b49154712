import ContractIO
import EVMArithmetic
import MarginEngine

// liquidation-safety, deleverage-eligibility, deleverage-zeroes-bankrupt and
// no-flip-on-forced-close: the two ways a position is closed without its owner.

extension TransitionInvariants {
    static func liquidationSafety(_ c: CallCheck) throws -> Violation? {
        guard c.succeeded, case let .liquidate(account, market, k) = c.call, let m = c.pre.marketIndex(market) else { return nil }
        func fail(_ message: String) -> Violation { Violation(.liquidationSafety, message) }
        let liquidator = c.sender
        let e = try c.preMargin.equity(account), mm = try c.preMargin.maintenanceMargin(account)
        guard let mmInt = Reference.int(mm), e < mmInt else {
            return fail("liquidated \(account) had equity \(e) >= maintenance margin \(mm) before the call")
        }
        let s = c.pre.sizeOf(account, m)
        let params = c.pre.globalParams
        var maxClose = Reference.mulUp(s.magnitude, params.closeFactor, .wad) ?? s.magnitude
        var deep = false
        if let threshold = Reference.mulUp(mm, params.deepUnderwaterRatio, .wad).flatMap(Reference.int), e < threshold {
            maxClose = s.magnitude
            deep = true
        }
        if k.isZero || k > maxClose {
            return fail("closed \(k) of a position of \(s); the close factor \(params.closeFactor) allows \(maxClose)"
                        + (deep ? " (deeply underwater: all of it)" : " (equity \(e), MM \(mm), not deeply underwater)"))
        }
        let newSize = c.post.sizeOf(account, m)
        guard let expected = Reference.towardZero(s, by: k), newSize == expected else {
            return fail("position of \(account) in market \(m) went \(s) -> \(newSize), expected exactly \(k) toward zero")
        }
        let d = s.isNegative ? Int256(negative: true, magnitude: k)! : Int256(negative: false, magnitude: k)!
        let liquidatorOld = c.pre.sizeOf(liquidator, m)
        let liquidatorNew = c.post.sizeOf(liquidator, m)
        if Reference.plus(liquidatorOld, d) != liquidatorNew {
            return fail("liquidator's position in market \(m) went \(liquidatorOld) -> \(liquidatorNew), expected a move of \(d)")
        }
        guard let event = c.events.liquidation else { return fail("no Liquidation event") }
        let p = c.pre.markets[m].price
        if event.price != p { return fail("the position moved at \(event.price), not at the oracle price \(p)") }
        // Equity of the account after the two fills, before the penalty.
        guard let change = Reference.fillEquityChange(old: s, delta: Int256.zero &- d, fillPrice: p, markPrice: p),
              let eAfter = Reference.plus(e, change) else { return fail("equity after the fills overflows") }
        let cap = eAfter.isNegative ? UInt256.zero : eAfter.magnitude
        if event.penalty > cap {
            return fail("penalty \(event.penalty) > max(equity after the fills, 0) = \(cap)")
        }
        if event.reward > event.penalty {
            return fail("liquidator reward \(event.reward) > penalty \(event.penalty)")
        }
        // reward + the fund's share == penalty: the liquidator gets reward,
        // the account pays penalty (both beside their fills).
        if let before = c.pre.netCashOf(liquidator), let after = c.post.netCashOf(liquidator),
           let cost = Reference.costAt(d, p), let reward = Reference.int(event.reward),
           Reference.minus(after, before) != Reference.minus(reward, cost) {
            return fail("liquidator's cash − openNotional moved by \(Reference.minus(after, before).map(\.description) ?? "?"), "
                        + "expected −cost \(cost) + reward \(event.reward)")
        }
        if let before = c.pre.netCashOf(account), let after = c.post.netCashOf(account),
           let cost = Reference.costAt(Int256.zero &- d, p), let penalty = Reference.int(event.penalty),
           let covered = Reference.int(event.covered),
           let expected = Reference.minus(covered, penalty).flatMap({ Reference.minus($0, cost) }),
           Reference.minus(after, before) != expected {
            return fail("account's cash − openNotional moved by \(Reference.minus(after, before).map(\.description) ?? "?"), "
                        + "expected −cost \(cost) − penalty \(event.penalty) + badDebtCovered \(event.covered)")
        }
        if !c.post.hasOpenPositionIn(account) {
            let ePost = try c.postMargin.equity(account)
            if ePost.isNegative {
                return fail("\(account) has no position left but equity \(ePost) < 0")
            }
        }
        return nil
    }

    static func deleverageEligibility(_ c: CallCheck) throws -> Violation? {
        guard c.succeeded, case let .deleverage(bankrupt, counterparty, market, k) = c.call,
              let m = c.pre.marketIndex(market) else { return nil }
        func fail(_ message: String) -> Violation { Violation(.deleverageEligibility, message) }
        let e = try c.preMargin.equity(bankrupt)
        if !e.isNegative { return fail("bankrupt \(bankrupt) had equity \(e) >= 0") }
        if c.pre.insuranceFund >= e.magnitude {
            return fail("insurance fund \(c.pre.insuranceFund) could cover the deficit \(e.magnitude)")
        }
        let priceTime = c.pre.markets[m].priceTime
        let age = c.now >= priceTime ? c.now &- priceTime : .zero
        if age > c.pre.globalParams.maxOracleAge {
            return fail("price of market \(m) was stale: age \(age) > maxOracleAge \(c.pre.globalParams.maxOracleAge)")
        }
        let s = c.pre.sizeOf(bankrupt, m)
        if k.isZero || k > s.magnitude { return fail("size \(k) outside (0, abs(size)] with size \(s)") }
        let cs = c.pre.sizeOf(counterparty, m)
        if cs.isZero || cs.isNegative == s.isNegative || cs.magnitude < k {
            return fail("counterparty \(counterparty) holds \(cs) against the bankrupt's \(s): expected an opposite position of at least \(k)")
        }
        let p = c.pre.markets[m].price
        guard let value = Reference.valueAt(cs, p), let pnl = Reference.minus(value, c.pre.openNotionalOf(counterparty, m)) else {
            return fail("counterparty's unrealised PnL overflows")
        }
        if pnl <= .zero { return fail("counterparty \(counterparty) had unrealised PnL \(pnl) <= 0 in market \(m)") }
        return nil
    }

    static func deleverageZeroesBankrupt(_ c: CallCheck) throws -> Violation? {
        guard c.succeeded, case let .deleverage(bankrupt, counterparty, _, _) = c.call else { return nil }
        func fail(_ message: String) -> Violation { Violation(.deleverageZeroesBankrupt, message) }
        let e = try c.postMargin.equity(bankrupt)
        if !e.isZero { return fail("bankrupt \(bankrupt) ends with equity \(e), expected exactly 0") }
        guard let event = c.events.deleverage else { return fail("no Deleverage event") }
        if event.fundUsed != c.pre.insuranceFund {
            return fail("fundUsed \(event.fundUsed) but the fund held \(c.pre.insuranceFund): it must be drawn to 0 first")
        }
        let ec = try c.postMargin.equity(counterparty)
        if ec.isNegative { return fail("counterparty \(counterparty) ends with equity \(ec) < 0") }
        return nil
    }

    static func noFlipOnForcedClose(_ c: CallCheck) -> Violation? {
        guard c.succeeded else { return nil }
        var checked: [(Address, Int, String)] = []
        switch c.call {
        case let .liquidate(account, market, _):
            if let m = c.pre.marketIndex(market) { checked = [(account, m, "liquidated account")] }
        case let .deleverage(bankrupt, counterparty, market, _):
            if let m = c.pre.marketIndex(market) { checked = [(bankrupt, m, "bankrupt"), (counterparty, m, "counterparty")] }
        default: return nil
        }
        for (account, m, role) in checked {
            let old = c.pre.sizeOf(account, m), new = c.post.sizeOf(account, m)
            if !new.isZero && new.isNegative != old.isNegative {
                return Violation(.noFlipOnForcedClose, "\(c.call.function.name) flipped the \(role) \(account) in market \(m): \(old) -> \(new)")
            }
        }
        return nil
    }
}
