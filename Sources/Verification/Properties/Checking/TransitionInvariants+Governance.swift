import ContractIO
import EVMArithmetic
import MarginEngine

// oracle-time-monotone, breaker-trip, adaptive-z and guardrail: prices, the
// breaker, each side's z and the risk parameters (tier discounts among them).

extension TransitionInvariants {
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

    /// Each side's z moves only as postPrice's tracker moves it (one of its
    /// two steps, the rise only for the side that lost), or into
    /// setMarketParams' new range; nothing else touches it.
    static func adaptiveZ(_ c: CallCheck) -> Violation? {
        for m in 0..<min(c.pre.marketCount, c.post.marketCount) {
            let before = c.pre.markets[m], after = c.post.markets[m], params = after.params
            let sides = [("zLong", before.zLong, after.zLong), ("zShort", before.zShort, after.zShort)]
            switch c.call {
            case let .postPrice(market, price, _) where c.succeeded && c.pre.marketIndex(market) == m:
                // Without the threshold: a side that did not lose takes the fall; the side
                // that lost takes the rise or the fall, nothing else.
                let floor = params.zScore, top = params.zScore &+ params.zHeadroom
                let up = Reference.mulUp(params.zStep, .wad &- Constants.adaptiveZTail, .wad) ?? .zero
                let down = Reference.mulDown(params.zStep, Constants.adaptiveZTail, .wad) ?? .zero
                let lost = [price < before.price, price > before.price]
                for (i, (name, z0, z1)) in sides.enumerated() where z0 >= floor {
                    let fell = z0 &- min(down, z0 &- floor), rose = min(z0 &+ up, top)
                    if z1 != fell && !(lost[i] && z1 == rose) {
                        let allowed = lost[i] ? "\(rose) (an exceedance) or \(fell)" : "\(fell) (no loss for that side)"
                        return Violation(.adaptiveZ, "\(name)[\(m)] went \(z0) -> \(z1) in postPrice, expected \(allowed)")
                    }
                }
            case .setMarketParams where c.succeeded:
                let top = params.zScore &+ params.zHeadroom
                for (name, z0, z1) in sides where z1 != min(max(z0, params.zScore), top) {
                    return Violation(.adaptiveZ, "setMarketParams moved \(name)[\(m)] \(z0) -> \(z1), expected it kept within "
                                     + "[zScore, zScore + zHeadroom] = [\(params.zScore), \(top)]")
                }
            default:
                for (name, z0, z1) in sides where z0 != z1 {
                    return Violation(.adaptiveZ, "\(name)[\(m)] changed \(z0) -> \(z1) in \(c.call.function.name)")
                }
            }
        }
        for m in c.pre.marketCount..<c.post.marketCount {
            let listed = c.post.markets[m]
            if listed.zLong != listed.params.zScore || listed.zShort != listed.params.zScore {
                return Violation(.adaptiveZ, "listMarket set zLong[\(m)] = \(listed.zLong), zShort[\(m)] = \(listed.zShort), "
                                 + "expected zScore = \(listed.params.zScore)")
            }
        }
        return nil
    }

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
        if pre.tierParams != post.tierParams || c.call.function == .setTierParams {
            let before = pre.tierParams.values, after = post.tierParams.values
            for k in 0..<before.count {
                let b = ParameterBounds.tier[k]
                if let v = unsignedChange(ParameterID.tier(k), "tierParams.\(b.name)", b, before[k], after[k]) { return v }
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
}
