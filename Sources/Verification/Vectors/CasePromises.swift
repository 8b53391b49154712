import ContractIO
import MarginEngine

/// What the boundary cases promise, checked against the model at
/// generation so no description can claim an outcome the case does not
/// have. Every `errors` case must revert as well (CaseBuilder.finish).
enum CasePromises {
    static let ok = VectorCase.Promise.success
    static func revert(_ name: String) -> VectorCase.Promise { .revert(name) }

    static let table: [String: VectorCase.Promise] = {
        var t: [String: VectorCase.Promise] = [
            "listAsset/boundaries/decimals-0": ok, "listAsset/boundaries/decimals-18": ok,
            "listAsset/boundaries/weight-0": ok, "listAsset/boundaries/weight-exactly-one": ok,
            "listAsset/boundaries/price-1-wei": ok, "listAsset/boundaries/price-max": ok,
            "listAsset/errors/decimals-checked-before-weight": revert("InvalidDecimals"),
            "listAsset/errors/weight-checked-before-price": revert("ParameterOutOfBounds"),
            "listMarket/boundaries/variance-max": ok, "listMarket/boundaries/price-max-variance-zero": ok,
            "setMarketParams/boundaries/leave-zero-by-min-step": ok,
            "setMarketParams/boundaries/leave-zero-by-min-step-plus-one": revert("GuardrailExceeded"),
            "setCorrelation/boundaries/down-by-25-percent": ok,
            "setCorrelation/boundaries/down-by-25-percent-plus-one": revert("CorrelationGuardrailExceeded"),
            "setCorrelation/boundaries/up-to-one": ok,
            "setCorrelation/boundaries/before-cooldown": revert("GuardrailCooldown"),
            "setCorrelation/boundaries/same-value-before-cooldown": ok,
            "setCorrelation/boundaries/from-zero-by-min-step": ok,
            "setCorrelation/boundaries/from-zero-by-min-step-plus-one": revert("CorrelationGuardrailExceeded"),
            "setAssetWeight/boundaries/down-by-allowed": ok,
            "setAssetWeight/boundaries/down-by-allowed-plus-one": revert("GuardrailExceeded"),
            "setAssetWeight/boundaries/up-to-one": ok,
            "setAssetWeight/boundaries/before-cooldown": revert("GuardrailCooldown"),
            "setAssetWeight/boundaries/unchanged": ok,
            "postPrice/boundaries/threshold-exact-up": ok, "postPrice/boundaries/threshold-exact-down": ok,
            "postPrice/boundaries/threshold-rounding-trips": ok, "postPrice/boundaries/threshold-one-below": ok,
            "postPrice/boundaries/observation-equals-block-time": ok,
            "postPrice/arithmetic/breaker-end-overflows": revert("arithmetic"),
            "postPrice/arithmetic/no-trip-no-overflow": ok,
            "postPrice/arithmetic/last-second-no-trip": ok,
            "setMarketParams/arithmetic/cooldown-end-overflows": revert("arithmetic"),
            "setMarketParams/arithmetic/unchanged-no-overflow": ok,
            "setGlobalParams/arithmetic/cooldown-end-overflows": revert("arithmetic"),
            "deposit/boundaries/usdc-max": ok, "deposit/boundaries/usd18-max": ok,
            "deposit/boundaries/top-up-to-max": ok,
            "deposit/boundaries/top-up-past-max": revert("CollateralLimitExceeded"),
            "withdraw/basic/all-without-positions": ok,
            "withdraw/boundaries/down-to-initial-margin": ok,
            "withdraw/boundaries/one-wei-below-initial-margin": revert("InsufficientMargin"),
            "settleTrade/boundaries/open-at-band-top": ok, "settleTrade/boundaries/open-at-band-bottom": ok,
            "settleTrade/boundaries/above-band": revert("PriceOutOfBand"),
            "settleTrade/boundaries/below-band": revert("PriceOutOfBand"),
            "settleTrade/boundaries/one-wei-size": ok,
            "settleTrade/boundaries/max-size-fails-margin": revert("InsufficientMargin"),
            "settleTrade/boundaries/breaker-blocks-opening": revert("BreakerActive"),
            "settleTrade/boundaries/breaker-allows-reducing": ok,
            "settleTrade/boundaries/breaker-ends-exactly": ok,
            "settleTrade/boundaries/breaker-last-second": revert("BreakerActive"),
            "settleTrade/boundaries/stale-blocks-opening": revert("StalePrice"),
            "settleTrade/boundaries/stale-at-limit-allowed": ok,
            "settleTrade/boundaries/stale-allows-reducing": ok,
            "settleTrade/boundaries/position-at-max": ok,
            "settleTrade/boundaries/position-above-max": revert("PositionTooLarge"),
            "settleTrade/boundaries/buyer-equity-exactly-im": ok,
            "settleTrade/boundaries/buyer-equity-one-wei-below-im": revert("InsufficientMargin"),
            "settleTrade/errors/insufficient-margin": revert("InsufficientMargin"),
            "settleTrade/basic/open-long-short": ok, "settleTrade/basic/odd-size-dust": ok,
            "settleTrade/basic/increase-long": ok, "settleTrade/basic/partial-reduce": ok,
            "settleTrade/basic/partial-reduce-rounding": ok, "settleTrade/basic/full-close": ok,
            "settleTrade/basic/flip": ok, "settleTrade/basic/third-party-reduce": ok, "settleTrade/basic/btc": ok,
            "liquidate/basic/half-at-close-factor": ok, "liquidate/basic/small-piece": ok,
            "liquidate/boundaries/close-factor-plus-one": revert("CloseTooLarge"),
            "liquidate/boundaries/equity-exactly-mm": revert("NotLiquidatable"),
            "liquidate/boundaries/equity-one-wei-below-mm": ok,
            "liquidate/basic/deep-underwater-full-close": ok,
            "liquidate/badDebt/last-position-fund-covers": ok,
            "liquidate/badDebt/fund-cannot-cover": revert("InsuranceInsufficient"),
            "liquidate/badDebt/partial-of-bankrupt": ok,
            "liquidate/errors/liquidator-without-margin": revert("InsufficientMargin"),
            "deleverage/basic/full-against-profitable-short": ok, "deleverage/basic/partial": ok,
            "deleverage/errors/fund-can-cover": revert("InsuranceCanCover"),
            "marginBreakdown/boundaries/breaker-doubles-risk": ok, "marginBreakdown/boundaries/breaker-expired": ok,
        ]
        for name in ParameterBounds.market.map(\.name) {
            t["listMarket/boundaries/\(name)-at-lo"] = ok
            t["listMarket/boundaries/\(name)-at-hi"] = ok
            t["setMarketParams/boundaries/\(name)-up-by-allowed"] = ok
            t["setMarketParams/boundaries/\(name)-up-by-allowed-plus-one"] = revert("GuardrailExceeded")
            t["setMarketParams/boundaries/\(name)-down-by-allowed"] = ok
            t["setMarketParams/boundaries/\(name)-one-second-before-cooldown"] = revert("GuardrailCooldown")
            t["setMarketParams/boundaries/\(name)-exactly-at-cooldown"] = ok
        }
        for name in ["nettingFloor", "stressGamma", "insuranceTarget", "imBuffer", "maxOracleAge", "priceBand",
                     "feeRatio", "closeFactor", "deepUnderwaterRatio", "penaltyRatio", "liquidatorShare"] {
            t["setGlobalParams/boundaries/\(name)-up-by-allowed"] = ok
            t["setGlobalParams/boundaries/\(name)-up-by-allowed-plus-one"] = revert("GuardrailExceeded")
            t["setGlobalParams/boundaries/\(name)-before-cooldown"] = revert("GuardrailCooldown")
        }
        return t
    }()

    static func apply(_ cases: [VectorCase]) -> [VectorCase] {
        cases.map { c in
            var c = c
            if let promise = table[String(c.relativePath.dropLast(".json".count))] { c.promise = promise }
            return c
        }
    }
}
