import ContractIO
import EVMArithmetic
import MarginEngine

// solvency and risk-increasing-needs-im: the margin an account keeps after a call.

extension TransitionInvariants {
    static func solvency(_ c: CallCheck) throws -> Violation? {
        guard c.succeeded, !c.call.function.isView, c.call.function != .deposit else { return nil }
        var liquidated: Address?
        if case let .liquidate(account, _, _) = c.call { liquidated = account }
        for address in c.changedAccounts {
            if address == liquidated && c.post.hasOpenPositionIn(address) { continue }
            // Collateral, cash or positions: an attestation alone moves no equity.
            var before = c.pre.account(address)
            before.attestation = c.post.account(address).attestation
            if before == c.post.account(address) { continue }
            let e = try c.postMargin.equity(address)
            if e.isNegative {
                return Violation(.solvency, "after \(c.call.function.name), account \(address) (changed by the call) has "
                                 + "equity \(e) < 0")
            }
        }
        return nil
    }

    static func riskIncreasingNeedsIM(_ c: CallCheck) throws -> Violation? {
        guard c.succeeded else { return nil }
        func needsIM(_ account: Address, _ role: String) throws -> Violation? {
            let e = try c.postMargin.equity(account), im = try c.postMargin.initialMargin(account)
            if let required = Reference.int(im), e >= required { return nil }
            return Violation(.riskIncreasingNeedsIM, "after \(c.call.function.name), \(role) \(account) has equity \(e) "
                             + "< initial margin \(im)")
        }
        switch c.call {
        case let .settleTrade(buyer, seller, market, _, _):
            guard let m = c.pre.marketIndex(market) else { return nil }
            for (account, role) in [(buyer, "buyer"), (seller, "seller")] {
                let old = c.pre.sizeOf(account, m), new = c.post.sizeOf(account, m)
                guard Reference.isRiskIncreasing(old, new) else { continue }
                if let v = try needsIM(account, "risk-increasing \(role)") { return v }
                let market = c.pre.markets[m]
                if c.now < market.breakerUntil {
                    return Violation(.riskIncreasingNeedsIM, "risk-increasing trade of the \(role) (size \(old) -> \(new)) in market \(m) "
                                     + "while its breaker is active (now \(c.now) < breakerUntil \(market.breakerUntil))")
                }
                let age = c.now >= market.priceTime ? c.now &- market.priceTime : .zero
                if age > c.pre.globalParams.maxOracleAge {
                    return Violation(.riskIncreasingNeedsIM, "risk-increasing trade of the \(role) in market \(m) on a stale price: "
                                     + "oracle age \(age) > maxOracleAge \(c.pre.globalParams.maxOracleAge)")
                }
            }
        case .withdraw:
            return try needsIM(c.sender, "withdrawing account")
        case let .liquidate(_, market, _):
            guard let m = c.pre.marketIndex(market) else { return nil }
            if Reference.isRiskIncreasing(c.pre.sizeOf(c.sender, m), c.post.sizeOf(c.sender, m)) {
                return try needsIM(c.sender, "liquidator taking on risk")
            }
        default: break
        }
        return nil
    }
}
