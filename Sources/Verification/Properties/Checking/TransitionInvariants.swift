import ContractIO
import EVMArithmetic
import MarginEngine

/// The state-transition invariants of Spec/invariants.md, each checked on
/// one call (pre-state, post-state, outcome). Each returns nil when the
/// invariant holds, or the violation with the numbers that show it.
enum TransitionInvariants {
    static func check(_ invariant: Invariant, _ c: CallCheck) -> Violation? {
        do {
            switch invariant {
            case .atomicRevert: return atomicRevert(c)
            case .wrongRoleNoop: return wrongRoleNoop(c)
            case .conservation: return conservation(c)
            case .netOpenInterestZero: return netOpenInterestZero(c)
            case .collateralAccounting: return collateralAccounting(c)
            case .fundNonNegative: return fundNonNegative(c)
            case .solvency: return try solvency(c)
            case .riskIncreasingNeedsIM: return try riskIncreasingNeedsIM(c)
            case .liquidationSafety: return try liquidationSafety(c)
            case .deleverageEligibility: return try deleverageEligibility(c)
            case .deleverageZeroesBankrupt: return try deleverageZeroesBankrupt(c)
            case .noFlipOnForcedClose: return noFlipOnForcedClose(c)
            case .stateInBounds: return StateBounds.firstViolation(c.post, now: c.now).map { Violation(.stateInBounds, $0) }
            case .openNotionalSign: return openNotionalSign(c)
            case .oracleTimeMonotone: return oracleTimeMonotone(c)
            case .breakerTrip: return breakerTrip(c)
            case .guardrail: return guardrail(c)
            case .noArithmeticRevertInBounds: return noArithmeticRevertInBounds(c)
            case .positionChangeEquity: return try positionChangeEquity(c)
            default: return nil
            }
        } catch {
            // A margin view of the system reverted while the invariant needed it.
            return Violation(invariant, "a margin view reverts (\(error)) after \(c.call.function.name)")
        }
    }

    // MARK: atomic-revert, wrong-role-noop

    static func atomicRevert(_ c: CallCheck) -> Violation? {
        guard c.outcome.isRevert || c.call.function.isView else { return nil }
        if c.post == c.pre { return nil }
        let what = c.outcome.isRevert ? "reverted (\(c.outcome.summary))" : "is a view"
        return Violation(.atomicRevert, "\(c.call.function.name) \(what) but storage changed: \(StateDiff.describe(c.pre, c.post))")
    }

    static func wrongRoleNoop(_ c: CallCheck) -> Violation? {
        guard let role = c.pre.requiredRole(c.call.function), c.sender != role.address else { return nil }
        if case let .revert(.error(.unauthorized(caller))) = c.outcome, caller == c.sender {
            if c.post == c.pre { return nil }
            return Violation(.wrongRoleNoop, "Unauthorized revert but storage changed: \(StateDiff.describe(c.pre, c.post))")
        }
        return Violation(.wrongRoleNoop, "\(c.call.function.name) from \(c.sender), who is not the \(role.name) (\(role.address)): "
                         + "expected revert Unauthorized(\(c.sender)), got \(c.outcome.summary)")
    }

    // MARK: conservation, net-open-interest-zero, collateral-accounting, fund-non-negative

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
        for m in 0..<state.marketCount {
            var net = Int256.zero, long = UInt256.zero
            for address in c.addresses {
                let size = state.sizeOf(address, m)
                if size.isZero { continue }
                guard let sum = Reference.plus(net, size) else { return Violation(.netOpenInterestZero, "Σ size[\(m)] overflows") }
                net = sum
                if !size.isNegative { long = long &+ size.magnitude }
            }
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
        for address in c.addresses {
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

    // MARK: solvency, risk-increasing-needs-im

    static func solvency(_ c: CallCheck) throws -> Violation? {
        guard c.succeeded, !c.call.function.isView, c.call.function != .deposit else { return nil }
        var liquidated: Address?
        if case let .liquidate(account, _, _) = c.call { liquidated = account }
        for address in c.addresses where c.pre.account(address) != c.post.account(address) {
            if address == liquidated && c.post.hasOpenPositionIn(address) { continue }
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

    // MARK: liquidation-safety

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

    // MARK: deleverage-eligibility, deleverage-zeroes-bankrupt, no-flip-on-forced-close

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

    // MARK: open-notional-sign, oracle-time-monotone, breaker-trip

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

    static func oracleTimeMonotone(_ c: CallCheck) -> Violation? {
        var postedMarket: (Int, UInt256)?, postedAsset: (Int, UInt256)?
        if c.succeeded {
            if case let .postPrice(market, _, timestamp) = c.call, let m = c.pre.marketIndex(market) { postedMarket = (m, timestamp) }
            if case let .postAssetPrice(asset, _, timestamp) = c.call, let a = c.pre.assetIndex(asset) { postedAsset = (a, timestamp) }
        }
        func check(_ what: String, _ before: UInt256, _ after: UInt256, posted: UInt256?) -> Violation? {
            if let posted {
                if after != posted || after <= before || after > c.now {
                    return Violation(.oracleTimeMonotone, "\(what) went \(before) -> \(after) on a post of \(posted) at now \(c.now): "
                                     + "expected a strictly later time <= now")
                }
            } else if after != before {
                return Violation(.oracleTimeMonotone, "\(what) changed \(before) -> \(after) in \(c.call.function.name)")
            }
            return nil
        }
        for m in 0..<c.pre.marketCount {
            let posted = postedMarket?.0 == m ? postedMarket?.1 : nil
            if let v = check("priceTime[\(m)]", c.pre.markets[m].priceTime, c.post.markets[m].priceTime, posted: posted) { return v }
        }
        for a in 0..<c.pre.assetCount {
            let posted = postedAsset?.0 == a ? postedAsset?.1 : nil
            if let v = check("assetPriceTime[\(a)]", c.pre.assets[a].priceTime, c.post.assets[a].priceTime, posted: posted) { return v }
        }
        return nil
    }

    static func breakerTrip(_ c: CallCheck) -> Violation? {
        for m in 0..<min(c.pre.marketCount, c.post.marketCount)
        where c.post.markets[m].breakerUntil < c.pre.markets[m].breakerUntil {
            return Violation(.breakerTrip, "breakerUntil[\(m)] decreased \(c.pre.markets[m].breakerUntil) -> "
                             + "\(c.post.markets[m].breakerUntil) in \(c.call.function.name)")
        }
        guard c.succeeded, case let .postPrice(market, price, _) = c.call, let m = c.pre.marketIndex(market) else { return nil }
        let old = c.pre.markets[m].price
        let move = price >= old ? price &- old : old &- price
        guard let rWad = Reference.mulUp(move, .wad, old) else { return nil }
        let params = c.pre.markets[m].params
        guard rWad >= params.breakerThreshold else { return nil }
        let (until, overflow) = c.now.addingReportingOverflow(params.breakerCooldown)
        if !overflow && c.post.markets[m].breakerUntil < until {
            return Violation(.breakerTrip, "postPrice moved market \(m) by rWad \(rWad) >= breakerThreshold \(params.breakerThreshold), "
                             + "but breakerUntil = \(c.post.markets[m].breakerUntil) < now + breakerCooldown = \(until)")
        }
        return nil
    }

    // MARK: guardrail

    static func guardrail(_ c: CallCheck) -> Violation? {
        guard c.succeeded else { return nil }
        let pre = c.pre, post = c.post, now = c.now
        let cooldown = Constants.guardrailCooldown
        func unsignedChange(_ id: UInt256, _ name: String, _ bounds: ParameterBounds,
                            _ before: UInt256, _ after: UInt256) -> Violation? {
            let clockBefore = pre.lastChange(id), clockAfter = post.lastChange(id)
            if before == after {
                if clockAfter != clockBefore {
                    return Violation(.guardrail, "\(name) (id \(id)) is unchanged at \(before) but its clock moved \(clockBefore) -> \(clockAfter)")
                }
                return nil
            }
            if !bounds.contains(after) {
                return Violation(.guardrail, "\(name) (id \(id)) set to \(after), outside [\(bounds.lo), \(bounds.hi)]")
            }
            let (ready, overflow) = clockBefore.addingReportingOverflow(cooldown)
            if overflow || now < ready {
                return Violation(.guardrail, "\(name) (id \(id)) changed \(before) -> \(after) at \(now), before the cooldown ends at \(ready)")
            }
            let allowed = max(Reference.mulDown(before, Constants.guardrailMaxChange, .wad) ?? .zero, bounds.minStep)
            let diff = after > before ? after &- before : before &- after
            if diff > allowed {
                return Violation(.guardrail, "\(name) (id \(id)) moved \(before) -> \(after) by \(diff) > allowed \(allowed)")
            }
            if clockAfter != now {
                return Violation(.guardrail, "\(name) (id \(id)) changed but lastParamChange is \(clockAfter), expected now \(now)")
            }
            return nil
        }
        if pre.globalParams != post.globalParams || c.call.function == .setGlobalParams {
            let before = pre.globalParams.values, after = post.globalParams.values
            for k in 0..<before.count {
                let b = ParameterBounds.global[k]
                if let v = unsignedChange(ParameterID.global(k), b.name, b, before[k], after[k]) { return v }
            }
        }
        for m in 0..<pre.marketCount where pre.markets[m].params != post.markets[m].params || c.call.function == .setMarketParams {
            let before = pre.markets[m].params.values, after = post.markets[m].params.values
            for k in 0..<before.count {
                let b = ParameterBounds.market[k]
                if let v = unsignedChange(ParameterID.market(m, k), "marketParams[\(m)].\(b.name)", b, before[k], after[k]) { return v }
            }
        }
        for a in 0..<pre.assetCount where pre.assets[a].weight != post.assets[a].weight || c.call.function == .setAssetWeight {
            if let v = unsignedChange(ParameterID.assetWeight(a), "weight[\(a)]", .assetWeight,
                                      pre.assets[a].weight, post.assets[a].weight) { return v }
        }
        if pre.correlation != post.correlation || pre.correlationSet != post.correlationSet || c.call.function == .setCorrelation {
            for lo in 0..<pre.marketCount {
                for hi in (lo + 1)..<max(lo + 1, pre.marketCount) {
                    if let v = correlationChange(c, lo, hi) { return v }
                }
            }
        }
        return nil
    }

    private static func correlationChange(_ c: CallCheck, _ lo: Int, _ hi: Int) -> Violation? {
        let pre = c.pre, post = c.post, now = c.now
        let id = ParameterID.correlation(lo, hi)
        let before = pre.correlation[lo][hi], after = post.correlation[lo][hi]
        let clockBefore = pre.lastChange(id), clockAfter = post.lastChange(id)
        let firstSetting = !pre.correlationSet[lo][hi]
        let name = "correlation[\(lo)][\(hi)]"
        if before == after {
            if !firstSetting && clockAfter != clockBefore {
                return Violation(.guardrail, "\(name) (id \(id)) is unchanged at \(before) but its clock moved \(clockBefore) -> \(clockAfter)")
            }
            return nil
        }
        if after.magnitude > UInt256.wad {
            return Violation(.guardrail, "\(name) set to \(after), outside [-WAD, WAD]")
        }
        if clockAfter != now {
            return Violation(.guardrail, "\(name) changed but lastParamChange is \(clockAfter), expected now \(now)")
        }
        if firstSetting { return nil }
        let (ready, overflow) = clockBefore.addingReportingOverflow(Constants.guardrailCooldown)
        if overflow || now < ready {
            return Violation(.guardrail, "\(name) changed \(before) -> \(after) at \(now), before the cooldown ends at \(ready)")
        }
        let allowed = max(Reference.mulDown(before.magnitude, Constants.guardrailMaxChange, .wad) ?? .zero,
                          ParameterBounds.correlationMinStep)
        let diff = (Reference.minus(after, before) ?? .zero).magnitude
        if diff > allowed {
            return Violation(.guardrail, "\(name) moved \(before) -> \(after) by \(diff) > allowed \(allowed)")
        }
        return nil
    }

    // MARK: no-arithmetic-revert-in-bounds

    static func noArithmeticRevertInBounds(_ c: CallCheck) -> Violation? {
        guard c.preInBounds, case let .revert(.arithmetic(failure)) = c.outcome else { return nil }
        return Violation(.noArithmeticRevertInBounds, "\(c.call.function.name) reverted with checked arithmetic "
                         + "(\(failure.name)) from an in-bounds state")
    }

    // MARK: position-change-equity

    static func positionChangeEquity(_ c: CallCheck) throws -> Violation? {
        guard c.succeeded else { return nil }
        // (account, old size, delta, fill price, other cash flow into the account)
        var fills: [(Address, Int256, Int256, UInt256, Int256, String)] = []
        switch c.call {
        case let .settleTrade(buyer, seller, market, size, price):
            guard let m = c.pre.marketIndex(market), let d = Reference.int(size),
                  let fee = c.events.trade.flatMap({ Reference.int($0.fee) }) else {
                return Violation(.positionChangeEquity, "settleTrade succeeded without a Trade event")
            }
            let minusFee = Int256.zero &- fee
            fills = [(buyer, c.pre.sizeOf(buyer, m), d, price, minusFee, "buyer, after the fee \(fee)"),
                     (seller, c.pre.sizeOf(seller, m), Int256.zero &- d, price, minusFee, "seller, after the fee \(fee)")]
            return try checkFills(c, m, fills)
        case let .liquidate(account, market, size):
            guard let m = c.pre.marketIndex(market), let event = c.events.liquidation,
                  let k = Reference.int(size), let penalty = Reference.int(event.penalty),
                  let reward = Reference.int(event.reward), let covered = Reference.int(event.covered) else {
                return Violation(.positionChangeEquity, "liquidate succeeded without a Liquidation event")
            }
            let s = c.pre.sizeOf(account, m)
            let d = s.isNegative ? Int256.zero &- k : k
            fills = [(account, s, Int256.zero &- d, event.price, (Reference.minus(covered, penalty) ?? .zero),
                      "liquidated account, after penalty \(event.penalty) and bad debt cover \(event.covered)"),
                     (c.sender, c.pre.sizeOf(c.sender, m), d, event.price, reward, "liquidator, after reward \(event.reward)")]
            return try checkFills(c, m, fills)
        case let .deleverage(bankrupt, counterparty, market, size):
            guard let m = c.pre.marketIndex(market), let event = c.events.deleverage, let k = Reference.int(size) else {
                return Violation(.positionChangeEquity, "deleverage succeeded without a Deleverage event")
            }
            let d = c.pre.sizeOf(bankrupt, m).isNegative ? Int256.zero &- k : k
            fills = [(counterparty, c.pre.sizeOf(counterparty, m), d, event.bankruptcyPrice, .zero, "counterparty")]
            return try checkFills(c, m, fills)
        default:
            return nil
        }
    }

    private static func checkFills(_ c: CallCheck, _ m: Int, _ fills: [(Address, Int256, Int256, UInt256, Int256, String)]) throws -> Violation? {
        let p = c.post.markets[m].price
        for (account, old, delta, q, other, role) in fills {
            let before = try c.preMargin.equity(account), after = try c.postMargin.equity(account)
            guard let fill = Reference.fillEquityChange(old: old, delta: delta, fillPrice: q, markPrice: p),
                  let expected = Reference.plus(fill, other) else { continue }
            let change = Reference.minus(after, before)
            if change != expected {
                return Violation(.positionChangeEquity, "\(c.call.function.name): equity of the \(role) \(account) moved by "
                                 + "\(change.map(\.description) ?? "overflow") (\(before) -> \(after)); a fill of \(delta) at \(q) marked at \(p) "
                                 + "from size \(old) should move it by \(fill), \(expected) in all")
            }
        }
        return nil
    }
}

// MARK: Events

extension Array where Element == EngineEvent {
    var liquidation: (price: UInt256, penalty: UInt256, reward: UInt256, covered: UInt256)? {
        for event in self {
            if case let .liquidation(_, _, _, _, price, penalty, reward, covered) = event { return (price, penalty, reward, covered) }
        }
        return nil
    }

    var deleverage: (bankruptcyPrice: UInt256, fundUsed: UInt256)? {
        for event in self {
            if case let .deleverage(_, _, _, _, q, fundUsed) = event { return (q, fundUsed) }
        }
        return nil
    }

    var trade: (fee: UInt256, buyerRealised: Int256, sellerRealised: Int256)? {
        for event in self {
            if case let .trade(_, _, _, _, _, fee, b, s) = event { return (fee, b, s) }
        }
        return nil
    }
}
