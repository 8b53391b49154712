extension EngineState {
    /// Spec/operations/common.md, requireGarch: a market's variance update
    /// must not grow without bound (alpha + beta <= WAD) and, without a
    /// long-run level (alpha + beta = WAD), must not drift (omega = 0).
    func requireGarch(_ params: MarketParams) throws(Revert) {
        if !params.hasValidGarch {
            throw .error(.invalidGarchParams(beta: params.garchBeta, alpha: params.garchAlpha, omega: params.garchOmega))
        }
    }
}
