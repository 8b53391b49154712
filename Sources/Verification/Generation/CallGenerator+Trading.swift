import ContractIO
import EVMArithmetic
import MarginEngine

/// Trades sized on free margin, deposits up to the cap and withdrawals up
/// to (and one unit past) what margin allows.
extension CallGenerator {
    /// Equity above initial margin (0 when none), by the model's margin.
    func freeMargin(_ state: EngineState, _ account: Address) -> UInt256 {
        guard let e = try? state.equity(account), !e.isNegative,
              let im = try? state.initialMargin(account, now: now), e.magnitude > im else { return .zero }
        return e.magnitude &- im
    }

    mutating func settleTrade(_ state: EngineState) -> Scenario.Call {
        // Mostly between accounts with free margin: a few draws to find them.
        var buyer = random.pick(everyone), seller = random.pick(everyone)
        for _ in 0..<3 where freeMargin(state, buyer).isZero && random.chance(80) { buyer = random.pick(everyone) }
        for _ in 0..<3 where (seller == buyer || freeMargin(state, seller).isZero) && random.chance(80) { seller = random.pick(everyone) }
        if seller == buyer && random.chance(90) { seller = everyone[(everyone.firstIndex(of: buyer)! + 1) % everyone.count] }
        let m = random.int(0...state.marketCount - 1)
        let oracle = state.markets[m].price
        let free = min(freeMargin(state, buyer), freeMargin(state, seller))
        // Notional as a multiple of the weaker side's free margin, from a
        // fifth (mostly accepted) to 40x (mostly refused by initial margin).
        let tenths = Amounts.u([2, 5, 10, 20, 40, 80, 160, 400][random.weighted([10, 14, 14, 12, 10, 8, 5, 3])])
        let notional = random.chance(8) || free.isZero ? Amounts.wad(UInt64(random.int(1...100)))
            : ((try? UInt256.mulDiv(free, tenths, 10)) ?? free)
        var size = (try? UInt256.mulDiv(notional, .wad, oracle)) ?? Constants.maxPositionSize
        let sellerSize = state.account(seller).positions[m].size
        let buyerSize = state.account(buyer).positions[m].size
        switch random.int(0...9) {
        case 0 where sellerSize.signum > 0: size = sellerSize.magnitude                                 // seller closes
        case 1 where buyerSize.signum < 0: size = buyerSize.magnitude                                   // buyer closes
        case 2 where sellerSize.signum > 0: size = sellerSize.magnitude &+ Amounts.percent(sellerSize.magnitude, 50)  // flip
        case 3: size = Amounts.u(random.int(1...1000))                                                  // dust
        default: break
        }
        size = max(min(size, Constants.maxPositionSize), .one)
        let band = (try? UInt256.mulDiv(oracle, state.globalParams.priceBand, .wad)) ?? .zero
        var offset: UInt256
        switch random.int(0...9) {
        case 0: offset = band                                         // at the band's edge
        case 1: offset = band &+ .one                                 // just outside
        default: offset = Amounts.percent(band, random.int(0...100))
        }
        let price = random.chance(50) ? min(oracle &+ offset, Constants.maxPrice &+ .one) : (oracle > offset ? oracle &- offset : .one)
        return step(state.exchange, .settleTrade(buyer: buyer, seller: seller, market: Amounts.u(m), size: size, price: price))
    }

    mutating func deposit(_ state: EngineState) -> Scenario.Call {
        let account = random.pick(everyone)
        let a = random.int(0...state.assetCount - 1)
        let decimals = Int(state.assets[a].decimals.w0)
        let amount: UInt256
        switch random.int(0...19) {
        case 0: amount = Constants.maxCollateral &+ (random.chance(50) ? .zero : .one)   // at the cap (scaled beyond it unless 18 decimals) or past
        case 1: amount = Amounts.u(random.int(1...9))                             // a few base units
        default: amount = Amounts.u(random.int(1...(a == 0 ? 20_000 : 10))) &* Constants.pow10(decimals)
        }
        return step(account, .deposit(asset: Amounts.u(a), amount: amount))
    }

    mutating func withdraw(_ state: EngineState) -> Scenario.Call {
        let account = random.pick(everyone)
        let a = random.int(0...state.assetCount - 1)
        let balance = state.account(account).collateral[a]
        var amount: UInt256
        switch random.int(0...9) {
        case 0: amount = balance &+ Amounts.u(random.chance(50) ? 1 : random.int(2...1000))  // more than the balance
        case 1, 2:
            // As much as free margin allows, in the asset's units (at its haircut value).
            let asset = state.assets[a]
            let free = freeMargin(state, account)
            let perUnit = (try? UInt256.mulDiv(asset.price, asset.weight, .wad)) ?? .zero
            let units = perUnit.isZero ? balance : ((try? UInt256.mulDiv(free, .wad, perUnit)) ?? balance)
            amount = min(balance, (try? UInt256.mulDiv(units, .one, asset.scale)) ?? balance)
            if random.chance(30) { amount = amount &+ .one }
        case 3: amount = balance
        default: amount = Amounts.percent(balance, random.int(1...100))
        }
        return step(account, .withdraw(asset: Amounts.u(a), amount: max(amount, .one)))
    }
}
