import ContractIO
import EVMArithmetic
import MarginEngine

/// One-wei positions: a trader's position taken to exactly +1 wei, then
/// flipped to -1 and back, grown to 2 and shrunk to 1, 0 and -1, with a
/// keeper on the other side and the views after each fill. Every
/// comparison of a size with zero in the contract (`> 0`, `== 0`) differs
/// from one with 1 only at a 1-wei size, which trades sized on margin
/// never reach. A price post between the fills gives the 1-wei position a
/// profit or loss to show. From an account that other positions keep
/// below initial margin only the reductions are allowed, so the flips are
/// the refused side of the risk-increasing test. Last, a deposit of one
/// base unit of an asset the trader holds none of.
extension CallGenerator {
    mutating func dustProbe(_ state: EngineState, strained preferStrained: Bool) -> Scenario.Call? {
        // Below initial margin with positions in two markets or more, when asked for and there is one: the
        // smallest goes to one wei, and the others keep the account below initial margin.
        let strained = everyone.compactMap { account -> (Address, Int)? in
            let sizes = state.account(account).positions.map(\.size.magnitude)
            let open = sizes.indices.filter { !sizes[$0].isZero }
            guard open.count >= 2, let e = try? state.equity(account), let im = try? state.initialMargin(account, now: now),
                  e.isNegative || e.magnitude < im,
                  let m = open.min(by: { sizes[$0] < sizes[$1] }), sizes[m] > .one
            else { return nil }
            return (account, m)
        }
        let trader: Address, m: Int
        if !strained.isEmpty && preferStrained {
            (trader, m) = random.pick(strained)
        } else {
            // The trader and market with the smallest position: the fewest wei to trade away.
            var best: (Address, Int, UInt256)?
            for account in traders {
                for market in 0..<state.marketCount {
                    let size = state.account(account).positions[market].size.magnitude
                    if best == nil || size < best!.2 { best = (account, market, size) }
                }
            }
            guard let (account, market, _) = best else { return nil }
            (trader, m) = (account, market)
        }
        let keeper = random.pick(keepers)
        let market = Amounts.u(m)
        let price = state.markets[m].price
        let size = state.account(trader).positions[m].size
        let target: Int64 = size.isNegative ? -1 : 1
        // Buys (positive) and sells of the trader, from the position to `target`, then around it.
        func fill(_ delta: Int256, at price: UInt256) -> EngineCall {
            .trade(trader, buys: !delta.isNegative, against: keeper, market: market, size: delta.magnitude, price: price)
        }
        let exchange = state.exchange
        func look() {
            follow(with: (keeper, .marginBreakdown(trader)))
            follow(with: (keeper, .position(trader, market: market)))
            follow(with: (keeper, .adlScore(trader, market: market)))
            follow(with: (keeper, .marketState(market: market)))
        }
        look()
        // A small move so that the 1-wei position has a profit or loss (a wei or more at prices above 1).
        let move = max(Amounts.basisPoints(price, random.int(1...50)), .one)
        let moved = random.chance(50) ? min(price &+ move, Constants.maxPrice) : max(price &- move, Constants.minPrice)
        follow(after: 1, with: (state.oracle, .postPrice(market: market, price: moved, timestamp: now &+ .one)))
        follow(with: (keeper, .unrealisedPnl(trader, market: market)))
        follow(with: (keeper, .equity(trader)))
        look()
        let one = Int256(target), two = Int256(2 * target)
        for delta in [two.wrappingNegation, two, one, one.wrappingNegation, one.wrappingNegation, one.wrappingNegation, one] {
            follow(with: (exchange, fill(delta, at: moved)))
            look()
        }
        // One base unit of an asset the trader does not hold: a balance of exactly 1.
        if let a = (0..<state.assetCount).first(where: { state.account(trader).collateral[$0].isZero }) {
            follow(with: (trader, .deposit(asset: Amounts.u(a), amount: .one)))
            follow(with: (keeper, .equity(trader)))
        }
        let toTarget = Int256(target) &- size
        return toTarget.isZero ? view(state) : step(exchange, fill(toTarget, at: price))
    }
}
