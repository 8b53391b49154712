import ContractABI
import EVMArithmetic

// One zero-valued instance of every error and event, so decoders and
// tests can enumerate the interface from the enums themselves instead of
// a second hand-written list.

extension EngineError {
    public static let schemaSamples: [EngineError] = {
        let a = Address.zero, u = UInt256.zero, i = Int256.zero
        return [
            .unauthorized(caller: a), .zeroAddress, .tooManyAssets, .tooManyMarkets, .unknownAsset(asset: u),
            .unknownMarket(market: u), .invalidDecimals(decimals: u), .parameterOutOfBounds(param: u, value: u),
            .guardrailCooldown(param: u, readyAt: u), .guardrailExceeded(param: u, current: u, requested: u),
            .invalidCorrelationPair(marketA: u, marketB: u), .correlationOutOfBounds(marketA: u, marketB: u, correlation: i),
            .correlationGuardrailExceeded(marketA: u, marketB: u, current: i, requested: i), .priceOutOfBounds(price: u),
            .varianceOutOfBounds(variance: u), .observationNotNewer(timestamp: u, lastTimestamp: u),
            .observationInFuture(timestamp: u, blockTimestamp: u), .zeroAmount, .collateralLimitExceeded(asset: u, amount: u),
            .insufficientBalance(asset: u, balance: u, amount: u), .stalePrice(market: u, age: u),
            .staleAssetPrice(asset: u, age: u), .insufficientMargin(account: a, equity: i, required: u),
            .selfTrade(account: a), .invalidSize(size: u), .priceOutOfBand(market: u, price: u, oraclePrice: u),
            .positionTooLarge(account: a, market: u, size: i), .breakerActive(market: u, until: u),
            .noPosition(account: a, market: u), .notLiquidatable(account: a, equity: i, maintenanceMargin: u),
            .closeTooLarge(size: u, maxSize: u), .insuranceInsufficient(account: a, deficit: u, fund: u),
            .notBankrupt(account: a, equity: i), .insuranceCanCover(deficit: u, fund: u),
            .ineligibleCounterparty(counterparty: a, size: i, unrealisedPnl: i),
            .bankruptcyPriceOutOfRange(market: u, oraclePrice: u, shift: u),
            .invalidGarchParams(beta: u, alpha: u, omega: u),
            .tierDiscountAboveCap(tier: u, discount: u, cap: u), .invalidAttestor(attestor: a),
            .selfAttestation(account: a), .invalidTier(tier: u), .invalidExpiry(expiry: u, blockTimestamp: u),
        ]
    }()

    /// Selector → (name, argument types), for decoding revert data.
    public static let bySelector: [[UInt8]: (name: String, types: [ABIType])] = Dictionary(
        uniqueKeysWithValues: schemaSamples.map { sample in
            (Keccak256.selector(sample.signature), (sample.abi.name, sample.abi.arguments.map(\.type)))
        })
}

extension EngineEvent {
    public static let schemaSamples: [EngineEvent] = {
        let a = Address.zero, u = UInt256.zero, i = Int256.zero
        let g = GlobalParams(values: Array(repeating: u, count: 11))!
        let p = MarketParams(values: Array(repeating: u, count: ParameterBounds.market.count))!
        return [
            .rolesSet(oracle: a, exchange: a), .globalParamsSet(g),
            .assetListed(asset: u, decimals: u, weight: u, price: u), .assetWeightSet(asset: u, weight: u),
            .marketListed(market: u, price: u, variance: u), .marketParamsSet(market: u, params: p),
            .correlationSet(marketA: u, marketB: u, correlation: i),
            .priceUpdate(market: u, price: u, timestamp: u, variance: u, zLong: u, zShort: u),
            .breakerTripped(market: u, returnWad: u, until: u), .assetPriceUpdate(asset: u, price: u, timestamp: u),
            .deposit(account: a, asset: u, amount: u), .withdraw(account: a, asset: u, amount: u),
            .trade(buyer: a, seller: a, market: u, size: u, price: u, fee: u, buyerRealisedPnl: i, sellerRealisedPnl: i),
            .liquidation(account: a, liquidator: a, market: u, size: u, price: u, penalty: u, liquidatorReward: u,
                         badDebtCovered: u),
            .deleverage(bankrupt: a, counterparty: a, market: u, size: u, bankruptcyPrice: u, fundUsed: u),
            .tierParamsSet(.zero), .attestorSet(attestor: a), .attested(account: a, tier: u, expiry: u),
            .attestationRevoked(account: a),
        ]
    }()

    /// topic0 → (name, fields with their indexed flags), for decoding logs.
    public static let byTopic: [UInt256: (name: String, fields: [(type: ABIType, indexed: Bool)])] = Dictionary(
        uniqueKeysWithValues: schemaSamples.map { sample in
            let abi = sample.abi
            return (sample.topics[0], (abi.name, abi.fields.map { ($0.value.type, $0.indexed) }))
        })
}
