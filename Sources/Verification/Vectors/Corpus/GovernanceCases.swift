import ContractIO
import EVMArithmetic
import MarginEngine

/// Listing, parameter changes within and beyond the guardrails, roles.
enum GovernanceCases {
    typealias B = CaseBuilder
    static let wad = UInt256.wad

    static func all() -> [VectorCase] {
        listAsset() + listMarket() + setMarketParams() + setGlobalParams() + setCorrelation() + setAssetWeight() + setRoles()
    }

    static func listAsset() -> [VectorCase] {
        var cases: [VectorCase] = []
        let b = B()
        cases.append(b.finish("listAsset", "basic", "first-asset-gets-id-0", "The first listing returns asset id 0, stores decimals, weight and price observed now, and emits AssetListed.",
                              call: .listAsset(decimals: 6, weight: wad, price: wad), from: B.owner))
        var two = B()
        two.run(.listAsset(decimals: 6, weight: wad, price: wad), from: B.owner)
        cases.append(two.finish("listAsset", "basic", "second-asset-gets-id-1", "A second listing returns id 1 and leaves asset 0 untouched.",
                                call: .listAsset(decimals: 18, weight: Fixture.fraction(8, 1), price: Fixture.wad(2000)), from: B.owner))
        var full = B()
        for _ in 0..<4 { full.run(.listAsset(decimals: 18, weight: wad, price: wad), from: B.owner) }
        cases.append(full.finish("listAsset", "errors", "fifth-asset-too-many", "A fifth asset exceeds MAX_ASSETS = 4: TooManyAssets().",
                                 call: .listAsset(decimals: 18, weight: wad, price: wad), from: B.owner))
        cases.append(b.finish("listAsset", "errors", "wrong-caller", "Only the owner lists assets: Unauthorized(caller).",
                              call: .listAsset(decimals: 6, weight: wad, price: wad), from: B.stranger))
        cases.append(b.finish("listAsset", "errors", "oracle-is-not-owner", "The oracle role does not carry owner rights: Unauthorized(oracle).",
                              call: .listAsset(decimals: 6, weight: wad, price: wad), from: B.oracle))
        for (name, decimals, weight, price, what) in [
            ("decimals-19", UInt256(19), wad, wad, "decimals 19 exceeds 18: InvalidDecimals(19)."),
            ("decimals-max-uint", UInt256.max, wad, wad, "decimals 2^256-1: InvalidDecimals, no overflow computing the scale."),
            ("weight-above-one", UInt256(0), wad &+ .one, wad, "weight 1e18 + 1 is out of [0, WAD]: ParameterOutOfBounds(4096, weight)."),
            ("price-zero", UInt256(0), wad, UInt256.zero, "price 0 is below MIN_PRICE: PriceOutOfBounds(0)."),
            ("price-above-max", UInt256(0), wad, Constants.maxPrice &+ .one, "price 10^26 + 1 is above MAX_PRICE: PriceOutOfBounds."),
            ("decimals-checked-before-weight", UInt256(19), wad &+ .one, UInt256.zero, "With every argument bad, decimals is checked first: InvalidDecimals."),
            ("weight-checked-before-price", UInt256(6), wad &+ .one, UInt256.zero, "With weight and price bad, weight is checked first: ParameterOutOfBounds."),
        ] {
            cases.append(b.finish("listAsset", "errors", name, "listAsset: " + what,
                                  call: .listAsset(decimals: decimals, weight: weight, price: price), from: B.owner))
        }
        for (name, decimals, weight, price, what) in [
            ("decimals-0", UInt256(0), wad, wad, "decimals 0 is allowed (scale 10^18)."),
            ("decimals-18", UInt256(18), wad, wad, "decimals 18 is allowed (scale 1)."),
            ("weight-0", UInt256(6), UInt256.zero, wad, "weight 0 is allowed: the asset counts for nothing."),
            ("weight-exactly-one", UInt256(6), wad, wad, "weight exactly WAD is allowed."),
            ("price-1-wei", UInt256(6), wad, UInt256.one, "price 1 (MIN_PRICE) is allowed."),
            ("price-max", UInt256(6), wad, Constants.maxPrice, "price exactly MAX_PRICE = 10^26 is allowed."),
        ] {
            cases.append(b.finish("listAsset", "boundaries", name, "listAsset: " + what,
                                  call: .listAsset(decimals: decimals, weight: weight, price: price), from: B.owner))
        }
        return cases
    }

    static func listMarket() -> [VectorCase] {
        var cases: [VectorCase] = []
        let b = B()
        let p = Fixture.marketParams[0]
        cases.append(b.finish("listMarket", "basic", "first-market-gets-id-0", "The first listing returns market id 0, sets the diagonal correlation to WAD, emits MarketListed then MarketParamsSet.",
                              call: .listMarket(price: Fixture.wad(2000), variance: 2_000_000_000, params: p), from: B.owner))
        var full = B()
        for m in 0..<8 { full.run(.listMarket(price: Fixture.marketPrices[m], variance: 1, params: p), from: B.owner) }
        cases.append(full.finish("listMarket", "errors", "ninth-market-too-many", "A ninth market exceeds MAX_MARKETS = 8: TooManyMarkets().",
                                 call: .listMarket(price: wad, variance: 0, params: p), from: B.owner))
        cases.append(b.finish("listMarket", "errors", "wrong-caller", "Only the owner lists markets: Unauthorized(caller).",
                              call: .listMarket(price: wad, variance: 0, params: p), from: B.exchange))
        cases.append(b.finish("listMarket", "errors", "price-zero", "Price 0: PriceOutOfBounds(0), checked before the variance.",
                              call: .listMarket(price: .zero, variance: Constants.maxVariance &+ .one, params: p), from: B.owner))
        cases.append(b.finish("listMarket", "errors", "price-above-max", "Price MAX_PRICE + 1: PriceOutOfBounds.",
                              call: .listMarket(price: Constants.maxPrice &+ .one, variance: 0, params: p), from: B.owner))
        cases.append(b.finish("listMarket", "errors", "variance-above-max", "Variance MAX_VARIANCE + 1: VarianceOutOfBounds.",
                              call: .listMarket(price: wad, variance: Constants.maxVariance &+ .one, params: p), from: B.owner))
        cases.append(b.finish("listMarket", "boundaries", "variance-max", "Variance exactly MAX_VARIANCE = 10^13 is allowed.",
                              call: .listMarket(price: wad, variance: Constants.maxVariance, params: p), from: B.owner))
        cases.append(b.finish("listMarket", "boundaries", "price-max-variance-zero", "Price MAX_PRICE with variance 0 is allowed.",
                              call: .listMarket(price: Constants.maxPrice, variance: 0, params: p), from: B.owner))
        var listed = B()
        listed.run(.listMarket(price: wad, variance: 0, params: p), from: B.owner)
        for (k, bounds) in ParameterBounds.market.enumerated() {
            for (label, value) in [("lo", bounds.lo), ("hi", bounds.hi)] {
                let values = Fixture.admissible(p.values, setting: k, to: value)
                let partners = values == { var v = p.values; v[k] = value; return v }() ? ""
                    : " (the other GARCH weights lowered to pass requireGarch)"
                cases.append(b.finish("listMarket", "boundaries", "\(bounds.name)-at-\(label)",
                                      "listMarket with \(bounds.name) = \(value), its \(label == "lo" ? "lower" : "upper") bound\(partners), is allowed.",
                                      call: .listMarket(price: wad, variance: 0, params: MarketParams(values: values)!), from: B.owner))
            }
            var above = p.values
            above[k] = bounds.hi &+ .one
            cases.append(b.finish("listMarket", "errors", "\(bounds.name)-above-hi",
                                  "listMarket with \(bounds.name) = hi + 1: ParameterOutOfBounds(256 + \(k), value) for market 0.",
                                  call: .listMarket(price: wad, variance: 0, params: MarketParams(values: above)!), from: B.owner))
            if !bounds.lo.isZero {
                var below = p.values
                below[k] = bounds.lo &- .one
                cases.append(listed.finish("listMarket", "errors", "\(bounds.name)-below-lo-second-market",
                                           "Listing a second market with \(bounds.name) = lo - 1: ParameterOutOfBounds with id 256·2 + \(k).",
                                           call: .listMarket(price: wad, variance: 0, params: MarketParams(values: below)!), from: B.owner))
            }
        }
        return cases
    }

    /// Guardrail cases for one parameter family: +25 % exactly, one wei
    /// more, a change before the cooldown, exactly at it, minStep from the
    /// lower bound, out of bounds.
    static func setMarketParams() -> [VectorCase] {
        var cases: [VectorCase] = []
        var b = B()
        b.listAll(assets: 1, markets: 2)
        let current = b.state.markets[1].params.values
        cases.append(b.finish("setMarketParams", "basic", "unchanged-values-emit-only", "Setting the current values changes nothing, touches no clock, and still emits MarketParamsSet.",
                              call: .setMarketParams(market: 1, params: b.state.markets[1].params), from: B.owner, after: 10))
        cases.append(b.finish("setMarketParams", "errors", "wrong-caller", "Only the owner: Unauthorized(caller).",
                              call: .setMarketParams(market: 1, params: b.state.markets[1].params), from: B.oracle, after: 86_400))
        cases.append(b.finish("setMarketParams", "errors", "unknown-market", "Market 2 is not listed: UnknownMarket(2).",
                              call: .setMarketParams(market: 2, params: b.state.markets[1].params), from: B.owner, after: 86_400))
        cases.append(b.finish("setMarketParams", "errors", "unknown-market-huge-id", "Market id 2^256 - 1: UnknownMarket, no overflow in the id arithmetic.",
                              call: .setMarketParams(market: .max, params: b.state.markets[1].params), from: B.owner, after: 86_400))
        for (k, bounds) in ParameterBounds.market.enumerated() {
            let c = current[k]
            let allowed = max((try? UInt256.mulDiv(c, Constants.guardrailMaxChange, .wad)) ?? .zero, bounds.minStep)
            func with(_ v: UInt256) -> MarketParams { var values = current; values[k] = v; return MarketParams(values: values)! }
            let upMax = min(c &+ allowed, bounds.hi)
            let id = 256 * 2 + k
            cases.append(b.finish("setMarketParams", "boundaries", "\(bounds.name)-up-by-allowed",
                                  "Raising \(bounds.name) of market 1 by exactly max(25 % of \(c), minStep) (capped at hi) after the one-day cooldown is allowed; parameter id \(id).",
                                  call: .setMarketParams(market: 1, params: with(upMax)), from: B.owner, after: 86_400))
            if c &+ allowed < bounds.hi {
                cases.append(b.finish("setMarketParams", "boundaries", "\(bounds.name)-up-by-allowed-plus-one",
                                      "Raising \(bounds.name) by the allowance plus 1 wei: GuardrailExceeded(\(id), current, requested).",
                                      call: .setMarketParams(market: 1, params: with(c &+ allowed &+ .one)), from: B.owner, after: 86_400))
            }
            if c >= bounds.lo &+ allowed {
                cases.append(b.finish("setMarketParams", "boundaries", "\(bounds.name)-down-by-allowed",
                                      "Lowering \(bounds.name) by exactly the allowance is allowed.",
                                      call: .setMarketParams(market: 1, params: with(c &- allowed)), from: B.owner, after: 86_400))
            }
            let step = c < bounds.hi ? c &+ .one : c &- .one
            // Listed at the last set-up call; the cooldown ends 86400 s later.
            cases.append(b.finish("setMarketParams", "boundaries", "\(bounds.name)-one-second-before-cooldown",
                                  "A change of \(bounds.name) one second before lastParamChange + 86400: GuardrailCooldown(\(id), readyAt).",
                                  call: .setMarketParams(market: 1, params: with(step)), from: B.owner, after: 86_399))
            cases.append(b.finish("setMarketParams", "boundaries", "\(bounds.name)-exactly-at-cooldown",
                                  "A 1-wei change of \(bounds.name) exactly at lastParamChange + 86400 is allowed.",
                                  call: .setMarketParams(market: 1, params: with(step)), from: B.owner, after: 86_400))
            cases.append(b.finish("setMarketParams", "errors", "\(bounds.name)-above-hi",
                                  "\(bounds.name) = hi + 1 fails the bounds check before any guardrail: ParameterOutOfBounds(\(id), value).",
                                  call: .setMarketParams(market: 1, params: with(bounds.hi &+ .one)), from: B.owner, after: 86_400))
        }
        // minStep lets a parameter leave zero.
        var zero = B()
        var params = Fixture.marketParams[0]
        params.baseMarginRatio = .zero
        zero.run(.listMarket(price: Fixture.wad(2000), variance: 1, params: params), from: B.owner)
        var up = params
        up.baseMarginRatio = ParameterBounds.market[0].minStep
        cases.append(zero.finish("setMarketParams", "boundaries", "leave-zero-by-min-step", "A zero baseMarginRatio may rise by exactly minStep = 10^15 (25 % of 0 is 0).",
                                 call: .setMarketParams(market: 0, params: up), from: B.owner, after: 86_400))
        up.baseMarginRatio = ParameterBounds.market[0].minStep &+ .one
        cases.append(zero.finish("setMarketParams", "boundaries", "leave-zero-by-min-step-plus-one", "Rising from 0 by minStep + 1: GuardrailExceeded(256, 0, 10^15 + 1).",
                                 call: .setMarketParams(market: 0, params: up), from: B.owner, after: 86_400))
        // Two parameters change, the second one fails: nothing changes.
        var two = current
        two[0] = current[0] &+ .one
        two[1] = ParameterBounds.market[1].hi &+ .one
        cases.append(b.finish("setMarketParams", "errors", "second-parameter-fails-first-unchanged", "All parameters are checked before any is written: a valid change of k=0 with an out-of-bounds k=1 reverts whole.",
                              call: .setMarketParams(market: 1, params: MarketParams(values: two)!), from: B.owner, after: 86_400))
        return cases
    }

    static func setGlobalParams() -> [VectorCase] {
        var cases: [VectorCase] = []
        let b = B()
        let current = b.state.globalParams.values
        cases.append(b.finish("setGlobalParams", "errors", "wrong-caller", "Only the owner: Unauthorized(caller).",
                              call: .setGlobalParams(b.state.globalParams), from: B.stranger, after: 86_400))
        cases.append(b.finish("setGlobalParams", "basic", "unchanged-values", "Re-setting the deployed values before the cooldown is allowed (nothing changes) and emits GlobalParamsSet.",
                              call: .setGlobalParams(b.state.globalParams), from: B.owner))
        for (k, bounds) in ParameterBounds.global.enumerated() {
            let c = current[k]
            let allowed = max((try? UInt256.mulDiv(c, Constants.guardrailMaxChange, .wad)) ?? .zero, bounds.minStep)
            func with(_ v: UInt256) -> GlobalParams { var values = current; values[k] = v; return GlobalParams(values: values)! }
            cases.append(b.finish("setGlobalParams", "boundaries", "\(bounds.name)-up-by-allowed",
                                  "Raising \(bounds.name) by max(25 % of \(c), minStep) (capped at hi) one day after deployment is allowed.",
                                  call: .setGlobalParams(with(min(c &+ allowed, bounds.hi))), from: B.owner, after: 86_400))
            if c &+ allowed < bounds.hi {
                cases.append(b.finish("setGlobalParams", "boundaries", "\(bounds.name)-up-by-allowed-plus-one",
                                      "Raising \(bounds.name) by the allowance plus 1: GuardrailExceeded(\(k), current, requested).",
                                      call: .setGlobalParams(with(c &+ allowed &+ .one)), from: B.owner, after: 86_400))
            }
            let step = c < bounds.hi ? c &+ .one : c &- .one
            cases.append(b.finish("setGlobalParams", "boundaries", "\(bounds.name)-before-cooldown",
                                  "Changing \(bounds.name) 86399 s after deployment: GuardrailCooldown(\(k), deployment + 86400).",
                                  call: .setGlobalParams(with(step)), from: B.owner, after: 86_399))
            cases.append(b.finish("setGlobalParams", "errors", "\(bounds.name)-above-hi",
                                  "\(bounds.name) = hi + 1: ParameterOutOfBounds(\(k), value).",
                                  call: .setGlobalParams(with(bounds.hi &+ .one)), from: B.owner, after: 86_400))
            let atHi = with(bounds.hi)
            cases.append(B(globalParams: atHi).finish("setGlobalParams", "boundaries", "\(bounds.name)-at-hi",
                                                      "Deployed with \(bounds.name) = \(bounds.hi), its upper bound, and re-set unchanged: both bounds checks accept hi.",
                                                      call: .setGlobalParams(atHi), from: B.owner, expect: .success))
            if !bounds.lo.isZero {
                cases.append(b.finish("setGlobalParams", "errors", "\(bounds.name)-below-lo",
                                      "\(bounds.name) = lo - 1: ParameterOutOfBounds(\(k), value).",
                                      call: .setGlobalParams(with(bounds.lo &- .one)), from: B.owner, after: 86_400))
            }
        }
        return cases
    }

    static func setCorrelation() -> [VectorCase] {
        var cases: [VectorCase] = []
        var b = B()
        b.listAll(assets: 1, markets: 3)
        let w = Int256(bitPattern: wad)
        for (name, rho, what) in [("minus-one", w.wrappingNegation, "-WAD"), ("zero", Int256.zero, "0"),
                                  ("plus-one", w, "WAD"), ("point-eight", Int256(800_000_000_000_000_000), "0.8")] {
            cases.append(b.finish("setCorrelation", "basic", "first-set-\(name)", "The first setting of a pair is free within bounds: rho(0,1) = \(what), stored symmetrically.",
                                  call: .setCorrelation(marketA: 0, marketB: 1, correlation: rho), from: B.owner))
        }
        cases.append(b.finish("setCorrelation", "errors", "above-one", "rho = WAD + 1: CorrelationOutOfBounds(0, 1, rho).",
                              call: .setCorrelation(marketA: 0, marketB: 1, correlation: w &+ .one), from: B.owner))
        cases.append(b.finish("setCorrelation", "errors", "below-minus-one", "rho = -WAD - 1: CorrelationOutOfBounds.",
                              call: .setCorrelation(marketA: 1, marketB: 0, correlation: w.wrappingNegation &- .one), from: B.owner))
        cases.append(b.finish("setCorrelation", "errors", "diagonal", "The diagonal is fixed: InvalidCorrelationPair(2, 2).",
                              call: .setCorrelation(marketA: 2, marketB: 2, correlation: w), from: B.owner))
        cases.append(b.finish("setCorrelation", "errors", "unknown-market-a", "UnknownMarket(3) for the first market, checked first.",
                              call: .setCorrelation(marketA: 3, marketB: 9, correlation: .zero), from: B.owner))
        cases.append(b.finish("setCorrelation", "errors", "unknown-market-b", "UnknownMarket(9) for the second market.",
                              call: .setCorrelation(marketA: 0, marketB: 9, correlation: .zero), from: B.owner))
        cases.append(b.finish("setCorrelation", "errors", "wrong-caller", "Only the owner: Unauthorized(caller).",
                              call: .setCorrelation(marketA: 0, marketB: 1, correlation: .zero), from: B.alice))
        var set = b
        set.run(.setCorrelation(marketA: 0, marketB: 1, correlation: Int256(800_000_000_000_000_000)), from: B.owner)
        let cur = Int256(800_000_000_000_000_000)
        let allowed = Int256(200_000_000_000_000_000)
        for (name, value, after, what) in [
            ("down-by-25-percent", cur &- allowed, UInt64(86_400), "Lowering 0.8 by exactly 25 % (0.2) after the cooldown is allowed."),
            ("down-by-25-percent-plus-one", cur &- allowed &- .one, UInt64(86_400), "Lowering by 0.2 + 1 wei: CorrelationGuardrailExceeded(1, 0, 0.8, requested) in the caller's market order."),
            ("up-to-one", w, UInt64(86_400), "Raising 0.8 to 1.0 (a 0.2 move) is allowed."),
            ("before-cooldown", cur &- .one, UInt64(86_399), "A 1-wei change 86399 s after the first setting: GuardrailCooldown(8192 + 8·0 + 1, readyAt)."),
            ("same-value-before-cooldown", cur, UInt64(5), "Re-setting the same value before the cooldown is allowed and does not restart the clock."),
        ] {
            cases.append(set.finish("setCorrelation", "boundaries", name, what,
                                    call: .setCorrelation(marketA: 1, marketB: 0, correlation: value), from: B.owner, after: after))
        }
        // |current| = 0.8 + 1 wei: 25 % of it is 0.2 + 0.25 wei, rounded down to 0.2.
        var odd = b
        let oddCurrent = cur &+ .one
        odd.run(.setCorrelation(marketA: 0, marketB: 1, correlation: oddCurrent), from: B.owner)
        for (suffix, move, promise) in [("", allowed, VectorCase.Promise.success),
                                        ("-plus-one", allowed &+ .one, .revert("CorrelationGuardrailExceeded"))] {
            cases.append(odd.finish("setCorrelation", "boundaries", "odd-current-down-by-allowance\(suffix)",
                                    "rho = 0.8 + 1 wei: the allowance floor(25 % of |rho|) is 0.2, so a move of 0.2\(suffix.isEmpty ? " is allowed" : " + 1 wei exceeds it (rounded down, not up)").",
                                    call: .setCorrelation(marketA: 0, marketB: 1, correlation: oddCurrent &- move), from: B.owner, after: 86_400,
                                    expect: promise))
        }
        var fromZero = b
        fromZero.run(.setCorrelation(marketA: 0, marketB: 2, correlation: .zero), from: B.owner)
        cases.append(fromZero.finish("setCorrelation", "boundaries", "from-zero-by-min-step", "A pair set to 0 may move by minStep = 0.05.",
                                     call: .setCorrelation(marketA: 0, marketB: 2, correlation: Int256(50_000_000_000_000_000)), from: B.owner, after: 86_400))
        cases.append(fromZero.finish("setCorrelation", "boundaries", "from-zero-by-min-step-plus-one", "Moving from 0 by 0.05 + 1 wei: CorrelationGuardrailExceeded.",
                                     call: .setCorrelation(marketA: 2, marketB: 0, correlation: Int256(-50_000_000_000_000_001)), from: B.owner, after: 86_400))
        return cases
    }

    static func setAssetWeight() -> [VectorCase] {
        var cases: [VectorCase] = []
        var b = B()
        b.listAll(assets: 2, markets: 1)
        let c = Fixture.fraction(8, 1)
        let allowed = Fixture.fraction(2, 1)
        for (name, value, after, what) in [
            ("down-by-allowed", c &- allowed, UInt64(86_400), "Lowering WETH's weight 0.8 by 25 % (0.2) after the cooldown is allowed."),
            ("down-by-allowed-plus-one", c &- allowed &- .one, UInt64(86_400), "Lowering by 0.2 + 1 wei: GuardrailExceeded(4097, 0.8, requested)."),
            ("up-to-one", wad, UInt64(86_400), "Raising 0.8 to 1.0 (exactly 25 %) is allowed."),
            ("above-one", wad &+ .one, UInt64(86_400), "Weight WAD + 1: ParameterOutOfBounds(4097, value)."),
            ("before-cooldown", c &+ .one, UInt64(86_399 - 12), "One second before the cooldown that started at listing: GuardrailCooldown."),
            ("unchanged", c, UInt64(1), "The same weight before the cooldown is allowed and emits AssetWeightSet."),
        ] {
            cases.append(b.finish("setAssetWeight", name.contains("above") ? "errors" : "boundaries", name, what,
                                  call: .setAssetWeight(asset: 1, weight: value), from: B.owner, after: after))
        }
        var zero = B()
        zero.run(.listAsset(decimals: 6, weight: .zero, price: wad), from: B.owner)
        cases.append(zero.finish("setAssetWeight", "boundaries", "unchanged-at-zero", "A weight of 0, the lower bound, re-set unchanged: 0 is within [0, WAD], so it is allowed.",
                                 call: .setAssetWeight(asset: 0, weight: .zero), from: B.owner, expect: .success))
        cases.append(b.finish("setAssetWeight", "errors", "unknown-asset", "Asset 2 is not listed: UnknownAsset(2).",
                              call: .setAssetWeight(asset: 2, weight: wad), from: B.owner))
        cases.append(b.finish("setAssetWeight", "errors", "wrong-caller", "Only the owner: Unauthorized(caller).",
                              call: .setAssetWeight(asset: 0, weight: wad), from: B.exchange))
        return cases
    }

    static func setRoles() -> [VectorCase] {
        let b = B()
        return [
            b.finish("setRoles", "basic", "rotate-keys", "The owner rotates oracle and exchange keys; RolesSet has both as indexed topics.",
                     call: .setRoles(oracle: Address(0x2001), exchange: Address(0x3001)), from: B.owner),
            b.finish("setRoles", "errors", "zero-oracle", "A zero oracle address: ZeroAddress().",
                     call: .setRoles(oracle: .zero, exchange: Address(0x3001)), from: B.owner),
            b.finish("setRoles", "errors", "zero-exchange", "A zero exchange address: ZeroAddress().",
                     call: .setRoles(oracle: Address(0x2001), exchange: .zero), from: B.owner),
            b.finish("setRoles", "errors", "wrong-caller", "The oracle cannot rotate roles: Unauthorized(oracle).",
                     call: .setRoles(oracle: Address(0x2001), exchange: Address(0x3001)), from: B.oracle),
            b.finish("setRoles", "basic", "same-keys", "Setting the current keys is allowed and emits RolesSet.",
                     call: .setRoles(oracle: B.oracle, exchange: B.exchange), from: B.owner),
        ]
    }
}
