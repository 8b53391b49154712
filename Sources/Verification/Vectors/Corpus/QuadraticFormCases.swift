import ContractIO
import EVMArithmetic
import MarginEngine

/// The smallest terms of the quadratic form Q = sum_ij s_i rho_ij s_j / WAD
/// (Spec/margin.md, steps 2e to 4a), where one wei of a signed risk or of a
/// correlation decides: a 1-wei risk still counts, a pair with rho = 0
/// contributes nothing, rho = 1 wei rounds up to a whole |s_j|, and a 1-wei
/// long is a long. Sizes of a few wei in markets priced at 1 USD give risks
/// of 1 or 2 wei, where sqrtUp(Q) moves with every unit of Q; the view
/// reports quadraticVaR itself.
enum QuadraticFormCases {
    typealias B = CaseBuilder

    static func all() -> [VectorCase] {
        var cases: [VectorCase] = []
        let base = twoMarketsAtOneUSD()
        if let one = size(base, market: 0, risk: 1) {
            var b = base
            b.trade(buyer: B.alice, seller: B.bob, market: 0, size: one)
            cases.append(b.finish("marginBreakdown", "portfolio", "one-wei-risk",
                                  "A long of \(one) wei at 1 USD has a risk of 1 wei: its diagonal term ceil(1 · WAD / WAD) · 1 = 1 makes Q = 1 and quadraticVaR = 1.",
                                  call: .marginBreakdown(B.alice), from: B.keeper))
        }
        for (name, rho, what) in [("rho-unset", Int256.zero, "rho(0, 1) never set (0): the cross terms are 0, Q = 4 + 4 = 8 and quadraticVaR = sqrtUp(8) = 3."),
                                  ("rho-one-wei", Int256.one, "rho(0, 1) = 1 wei: each cross term rounds up to ceil(2 · 1 / WAD) · 2 = 2, Q = 12 and quadraticVaR = 4.")] {
            var b = base
            if !rho.isZero { b.run(.setCorrelation(marketA: 0, marketB: 1, correlation: rho), from: B.owner) }
            guard let s0 = size(b, market: 0, risk: 2) else { continue }
            b.trade(buyer: B.alice, seller: B.bob, market: 0, size: s0)
            guard let s1 = size(b, market: 1, risk: 2) else { continue }
            b.trade(buyer: B.alice, seller: B.bob, market: 1, size: s1)
            cases.append(b.finish("marginBreakdown", "portfolio", "two-wei-risks-\(name)",
                                  "Longs of \(s0) and \(s1) wei at 1 USD, each a risk of 2 wei, with " + what,
                                  call: .marginBreakdown(B.alice), from: B.keeper))
        }
        var b = base
        b.run(.setCorrelation(marketA: 0, marketB: 1, correlation: Int256(800_000_000_000_000_000)), from: B.owner)
        b.trade(buyer: B.alice, seller: B.bob, market: 0, size: .one)
        b.trade(buyer: B.alice, seller: B.bob, market: 1, size: Fixture.wad(1_000))
        cases.append(b.finish("marginBreakdown", "portfolio", "one-wei-long-with-long-rho-0.8",
                              "A 1-wei long next to a 1000-unit long under rho = 0.8: the 1-wei long's signed risk is positive (size > 0), so both cross terms add and quadraticVaR reaches the sum of risks.",
                              call: .marginBreakdown(B.alice), from: B.keeper))
        return cases
    }

    /// The fixture's assets, Alice and Bob funded, and two markets priced at
    /// 1 USD with the ETH market's parameters and variance.
    static func twoMarketsAtOneUSD() -> B {
        var b = B()
        b.listAll(assets: 3, markets: 0)
        for _ in 0..<2 {
            b.run(.listMarket(price: Fixture.wad(1), variance: Fixture.variances[0], params: Fixture.marketParams[0]), from: B.owner)
        }
        b.fund(B.alice, usd: 100_000)
        b.fund(B.bob, usd: 100_000)
        return b
    }

    /// The smallest long Alice can open from Bob in `market` (wei) whose risk
    /// is exactly `risk` wei 12 s after the trade; nil if sizes pass it.
    /// The risk only grows with the oracle age, so it holds later too as long
    /// as the next step up is not reached.
    static func size(_ b: B, market: UInt64, risk: UInt64) -> UInt256? {
        for s in UInt64(1)...10_000 {
            var probe = b
            probe.trade(buyer: B.alice, seller: B.bob, market: market, size: UInt256(s))
            guard let terms = try? probe.state.positionTerms(B.alice, Int(market), now: probe.now &+ 12) else { return nil }
            if terms.risk == UInt256(risk) { return UInt256(s) }
            if terms.risk > UInt256(risk) { return nil }
        }
        return nil
    }
}
