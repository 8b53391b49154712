import ContractIO

/// Every case of the committed corpus, in a fixed order.
public enum VectorCorpus {
    public static func cases() -> [VectorCase] {
        CasePromises.apply(GovernanceCases.all() + ParameterIdCases.all() + OracleCases.all() + GarchCases.all() + ForecastCases.all() + ThinningCases.all() + AdaptiveZCases.all() + TierCases.all() + CollateralCases.all() + TradeCases.all()
            + LiquidationCases.all() + ViewCases.all() + QuadraticFormCases.all() + ArithmeticCases.all() + EdgeCases.all() + SpecReadingCases.all()
            + RandomStateCases.all() + OneWeiPositionCases.all() + LiquidationLimitCases.all() + BankruptcyPriceCases.all()
            + AdlFactorCapCases.all() + ConstructorCases.all())
    }
}
