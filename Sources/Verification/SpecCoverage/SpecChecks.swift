/// The named checks of every state-changing operation, in Spec order: for
/// each error an operation can raise, the steps of Spec/operations/<op>.md
/// that raise it (directly or through a helper of common.md). A test
/// (SpecCheckTableTests) derives this table from the Spec's text and
/// compares, so it cannot drift from the Spec.
public enum SpecChecks {
    public struct Check: Sendable, Hashable {
        public var error: String
        public var steps: [Int]
    }

    private static func c(_ error: String, _ steps: Int...) -> Check { Check(error: error, steps: steps) }

    public static let table: [(operation: String, checks: [Check])] = [
        ("attest", [
            c("Unauthorized", 1), c("ZeroAddress", 2), c("SelfAttestation", 3), c("InvalidTier", 4), c("InvalidExpiry", 5)
        ]),
        ("deleverage", [
            c("UnknownMarket", 1), c("SelfTrade", 2), c("InvalidSize", 3), c("NoPosition", 4),
            c("StalePrice", 5), c("NotBankrupt", 6), c("InsuranceCanCover", 7), c("CloseTooLarge", 8),
            c("IneligibleCounterparty", 9), c("BankruptcyPriceOutOfRange", 10), c("InsufficientMargin", 15)
        ]),
        ("deposit", [
            c("UnknownAsset", 1), c("ZeroAmount", 2), c("CollateralLimitExceeded", 3, 5)
        ]),
        ("liquidate", [
            c("UnknownMarket", 1), c("SelfTrade", 2), c("NoPosition", 3), c("InvalidSize", 4),
            c("StalePrice", 5), c("NotLiquidatable", 6), c("CloseTooLarge", 7), c("PositionTooLarge", 8),
            c("InsuranceInsufficient", 18), c("InsufficientMargin", 19)
        ]),
        ("listAsset", [
            c("Unauthorized", 1), c("TooManyAssets", 2), c("InvalidDecimals", 4), c("ParameterOutOfBounds", 5),
            c("PriceOutOfBounds", 6)
        ]),
        ("listMarket", [
            c("Unauthorized", 1), c("TooManyMarkets", 2), c("PriceOutOfBounds", 4),
            c("VarianceOutOfBounds", 5), c("ParameterOutOfBounds", 6), c("InvalidGarchParams", 6)
        ]),
        ("postAssetPrice", [
            c("Unauthorized", 1), c("UnknownAsset", 2), c("PriceOutOfBounds", 3), c("ObservationNotNewer", 4),
            c("ObservationInFuture", 5)
        ]),
        ("postPrice", [
            c("Unauthorized", 1), c("UnknownMarket", 2), c("PriceOutOfBounds", 3), c("ObservationNotNewer", 4),
            c("ObservationInFuture", 5)
        ]),
        ("revoke", [
            c("Unauthorized", 1)
        ]),
        ("setAssetWeight", [
            c("Unauthorized", 1), c("UnknownAsset", 2), c("ParameterOutOfBounds", 3),
            c("GuardrailCooldown", 3), c("GuardrailExceeded", 3)
        ]),
        ("setAttestor", [
            c("Unauthorized", 1), c("InvalidAttestor", 2)
        ]),
        ("setCorrelation", [
            c("Unauthorized", 1), c("UnknownMarket", 2, 3), c("InvalidCorrelationPair", 4),
            c("CorrelationOutOfBounds", 5), c("GuardrailCooldown", 7), c("CorrelationGuardrailExceeded", 7)
        ]),
        ("setGlobalParams", [
            c("Unauthorized", 1), c("ParameterOutOfBounds", 2), c("GuardrailCooldown", 2),
            c("GuardrailExceeded", 2)
        ]),
        ("setMarketParams", [
            c("Unauthorized", 1), c("UnknownMarket", 2), c("ParameterOutOfBounds", 3),
            c("GuardrailCooldown", 3), c("GuardrailExceeded", 3), c("InvalidGarchParams", 3)
        ]),
        ("setRoles", [
            c("Unauthorized", 1), c("ZeroAddress", 2)
        ]),
        ("setTierParams", [
            c("Unauthorized", 1), c("ParameterOutOfBounds", 2), c("GuardrailCooldown", 2), c("GuardrailExceeded", 2),
            c("TierDiscountAboveCap", 3)
        ]),
        ("settleTrade", [
            c("Unauthorized", 1), c("UnknownMarket", 2), c("SelfTrade", 3), c("InvalidSize", 4),
            c("PriceOutOfBounds", 5), c("PriceOutOfBand", 6), c("PositionTooLarge", 7, 8), c("StalePrice", 10),
            c("BreakerActive", 10), c("InsufficientMargin", 19, 20)
        ]),
        ("withdraw", [
            c("UnknownAsset", 1), c("ZeroAmount", 2), c("InsufficientBalance", 4), c("StalePrice", 6),
            c("StaleAssetPrice", 6), c("InsufficientMargin", 7)
        ]),
    ]
}
