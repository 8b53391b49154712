import ContractIO
import EVMArithmetic
import MarginEngine

/// The guardrail parameter ids (Spec/state.md, "Guardrails"): 256·(m+1)+k,
/// 4096+a and 8192+8·lo+hi name the clock a change restarts and appear in
/// the errors. Market 0, asset 0 and the pairs (0, x) hide a wrong factor or
/// sign in that arithmetic, so these cases use market 1, asset 1 and the
/// pair (1, 2): a second change before the cooldown must meet the clock the
/// first one restarted.
enum ParameterIdCases {
    typealias B = CaseBuilder
    static let wad = UInt256.wad

    static func all() -> [VectorCase] { marketParams() + assetWeight() + correlation() }

    /// Each market parameter k of market 1 changed once after the listing's
    /// cooldown, then again 60 s later: GuardrailCooldown(256·2 + k, first change + 86400).
    static func marketParams() -> [VectorCase] {
        var cases: [VectorCase] = []
        var b = B()
        b.listAll(assets: 1, markets: 2)
        let current = b.state.markets[1].params.values
        for (k, bounds) in ParameterBounds.market.enumerated() {
            func with(_ v: UInt256) -> MarketParams { var values = current; values[k] = v; return MarketParams(values: values)! }
            let c = current[k]
            var again = b
            again.run(.setMarketParams(market: 1, params: with(c < bounds.hi ? c &+ .one : c &- .one)), from: B.owner, after: 86_400)
            cases.append(again.finish("setMarketParams", "boundaries", "\(bounds.name)-changed-again-before-cooldown",
                                      "\(bounds.name) of market 1 changed by 1 wei, then back 60 s later: the first change restarted the clock of id \(ParameterID.market(1, k)): GuardrailCooldown(\(ParameterID.market(1, k)), first change + 86400).",
                                      call: .setMarketParams(market: 1, params: with(c)), from: B.owner, after: 60,
                                      expect: .revert("GuardrailCooldown")))
        }
        return cases
    }

    static func assetWeight() -> [VectorCase] {
        var one = B()
        one.run(.listAsset(decimals: 6, weight: wad, price: wad), from: B.owner)
        var b = B()
        b.listAll(assets: 2, markets: 1)
        b.run(.setAssetWeight(asset: 1, weight: Fixture.fraction(6, 1)), from: B.owner, after: 86_400)
        return [
            one.finish("listAsset", "errors", "weight-above-one-second-asset", "The second asset with weight WAD + 1: ParameterOutOfBounds(4096 + 1, weight).",
                       call: .listAsset(decimals: 18, weight: wad &+ .one, price: wad), from: B.owner, expect: .revert("ParameterOutOfBounds")),
            b.finish("setAssetWeight", "boundaries", "second-asset-changed-again-before-cooldown", "WETH's (asset 1) weight lowered 0.8 -> 0.6, then raised to 0.7 60 s later: GuardrailCooldown(4097, first change + 86400).",
                     call: .setAssetWeight(asset: 1, weight: Fixture.fraction(7, 1)), from: B.owner, after: 60, expect: .revert("GuardrailCooldown")),
        ]
    }

    static func correlation() -> [VectorCase] {
        var b = B()
        b.listAll(assets: 1, markets: 3)
        let half = Int256(500_000_000_000_000_000)
        b.run(.setCorrelation(marketA: 1, marketB: 2, correlation: half), from: B.owner)
        return [
            b.finish("setCorrelation", "boundaries", "pair-1-2-changed-again-before-cooldown", "rho(1, 2) set to 0.5, then moved by 1 wei 60 s later: GuardrailCooldown(8192 + 8·1 + 2 = \(ParameterID.correlation(1, 2)), set time + 86400).",
                     call: .setCorrelation(marketA: 2, marketB: 1, correlation: half &- .one), from: B.owner, after: 60,
                     expect: .revert("GuardrailCooldown")),
        ]
    }
}
