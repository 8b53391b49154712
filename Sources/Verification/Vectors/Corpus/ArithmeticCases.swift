import ContractIO
import EVMArithmetic
import MarginEngine

/// The checked-arithmetic failure points the Spec leaves open (arithmetic.md,
/// "Where checked arithmetic can still revert"): time sums near 2^256.
enum ArithmeticCases {
    typealias B = CaseBuilder

    static func all() -> [VectorCase] {
        var cases: [VectorCase] = []
        // Deployed and listed just below 2^256: the breaker end now + cooldown overflows.
        let late = UInt256.max &- 1_000
        var b = B(start: late)
        b.listAll(assets: 1, markets: 1)
        let now = b.now &+ 30
        cases.append(b.finish("postPrice", "arithmetic", "breaker-end-overflows", "block.timestamp = 2^256 - 1000 + ...: a trip computes now + breakerCooldown (1800) past 2^256: checked arithmetic reverts (empty data in Vyper, Panic 0x11 in Solidity).",
                              call: .postPrice(market: 0, price: Fixture.wad(2400), timestamp: now), from: B.oracle, after: 30))
        cases.append(b.finish("postPrice", "arithmetic", "no-trip-no-overflow", "The same time without a trip: no addition of the cooldown, no revert.",
                              call: .postPrice(market: 0, price: Fixture.wad(2001), timestamp: now), from: B.oracle, after: 30))
        // A guardrail's readyAt = lastParamChange + 86400 overflows.
        var params = Fixture.marketParams[0]
        params.zScore = params.zScore &+ .one
        cases.append(b.finish("setMarketParams", "arithmetic", "cooldown-end-overflows", "Listed at 2^256 - 1000 + ...: a change computes lastParamChange + 86400 past 2^256: checked arithmetic reverts.",
                              call: .setMarketParams(market: 0, params: params), from: B.owner, after: 30))
        cases.append(b.finish("setMarketParams", "arithmetic", "unchanged-no-overflow", "Unchanged parameters skip the cooldown sum: no revert at the same time.",
                              call: .setMarketParams(market: 0, params: Fixture.marketParams[0]), from: B.owner, after: 30))
        var g = Fixture.globalParams
        g.feeRatio = g.feeRatio &+ .one
        cases.append(b.finish("setGlobalParams", "arithmetic", "cooldown-end-overflows", "The global guardrail's readyAt overflows near 2^256: checked arithmetic reverts.",
                              call: .setGlobalParams(g), from: B.owner, after: 30))
        // Timestamp 2^256 - 1 exactly: an observation at the last second.
        var edge = B(start: UInt256.max &- 100)
        edge.listAll(assets: 1, markets: 1)
        cases.append(edge.finish("postPrice", "arithmetic", "last-second-no-trip", "block.timestamp = 2^256 - 1 and a small move: accepted, priceTime = 2^256 - 1.",
                                 call: .postPrice(market: 0, price: Fixture.wad(2001), timestamp: .max), from: B.oracle, after: 100 - 24))
        return cases
    }
}
