import EVMArithmetic
import MarginEngine

/// Which way a reference position faces.
public enum PositionSide: String, Sendable, CaseIterable {
    case long, short
}

/// Everything a back-test replays: the series (one market each), the
/// contract's parameters, and the reference portfolio held throughout.
public struct BacktestSetup: Sendable {
    /// One leg of the reference portfolio: a constant USD notional in one
    /// market, re-sized to that notional at every observation.
    public struct Leg: Sendable, Hashable {
        public var market: Int
        public var side: PositionSide
        /// WAD USD.
        public var notional: UInt256

        public init(market: Int, side: PositionSide, notional: UInt256) {
            self.market = market
            self.side = side
            self.notional = notional
        }
    }

    /// Correlation updated from trailing data: every `every` observations,
    /// the sample correlation of the last `lookback` simple returns, moved
    /// toward by `setCorrelation` calls that stay within the guardrails.
    public struct CorrelationUpdate: Sendable, Hashable {
        public var lookback: Int
        public var every: Int

        public init(lookback: Int, every: Int) {
            self.lookback = lookback
            self.every = every
        }
    }

    public var series: [PriceSeries]
    /// One per series, in the same order (market id = index).
    public var marketParams: [MarketParams]
    public var globalParams: GlobalParams
    /// The variance each market is listed with (WAD per second).
    public var initialVariance: [UInt256]
    /// The correlation set for every pair of markets at the start (WAD).
    public var correlation: Int256
    /// When set, the correlation follows trailing data from its start value.
    public var correlationUpdate: CorrelationUpdate?
    /// The insurance fund (WAD USD): with the target, it sets the stress multiplier.
    public var insuranceFund: UInt256
    public var legs: [Leg]
    /// Observations at the start whose margin is not scored (the EWMA settles).
    public var warmUp: Int
    /// Observations per rolling window (Basel: 250).
    public var window: Int

    public init(series: [PriceSeries], marketParams: [MarketParams], globalParams: GlobalParams,
                initialVariance: [UInt256], correlation: Int256 = .zero, insuranceFund: UInt256,
                legs: [Leg], warmUp: Int = 30, window: Int = 250) {
        self.series = series
        self.marketParams = marketParams
        self.globalParams = globalParams
        self.initialVariance = initialVariance
        self.correlation = correlation
        self.insuranceFund = insuranceFund
        self.legs = legs
        self.warmUp = warmUp
        self.window = window
    }

    /// The liquidation horizon the losses are measured over (seconds): the
    /// markets' `liquidationHorizon`, which `validate` requires to agree.
    public var horizon: UInt64 {
        marketParams.first?.liquidationHorizon.uint64Value ?? 0
    }

    /// Checks that the set-up can be replayed and its losses observed;
    /// the message says what to change.
    public func validate() throws(BacktestError) {
        guard !series.isEmpty, series.count <= Constants.maxMarkets else {
            throw BacktestError("\(series.count) price series, expected 1 to \(Constants.maxMarkets) (one per market)")
        }
        guard marketParams.count == series.count, initialVariance.count == series.count else {
            throw BacktestError("\(marketParams.count) market parameter sets for \(series.count) series, expected one per series")
        }
        for (m, params) in marketParams.enumerated() {
            for (value, bounds) in zip(params.values, ParameterBounds.market) where !bounds.contains(value) {
                throw BacktestError("market \(m)'s \(bounds.name) is \(value), expected \(bounds.lo) to \(bounds.hi) (raw integers, WAD for ratios)")
            }
            if !params.hasValidGarch {
                throw BacktestError("market \(m)'s garchAlpha \(params.garchAlpha) + garchBeta \(params.garchBeta) is above 10^18, "
                                    + "or equal to it with garchOmega \(params.garchOmega) other than 0 (requireGarch)")
            }
        }
        for (value, bounds) in zip(globalParams.values, ParameterBounds.global) where !bounds.contains(value) {
            throw BacktestError("the global \(bounds.name) is \(value), expected \(bounds.lo) to \(bounds.hi) (raw integers, WAD for ratios)")
        }
        let horizons = Set(marketParams.map(\.liquidationHorizon))
        guard horizons.count == 1, let h = horizons.first?.uint64Value else {
            throw BacktestError("the markets' liquidation horizons differ, expected one horizon for the portfolio")
        }
        guard h > 0 else {
            throw BacktestError("a liquidation horizon of 0 s has no loss to observe, expected a positive horizon")
        }
        for s in series {
            let interval = s.samplingInterval
            guard interval > 0, h % interval == 0 else {
                let multiple = interval == 0 || h < interval ? ""
                    : " (the nearest observable ones: \(h / interval * interval) or \((h / interval + 1) * interval) s)"
                throw BacktestError("a liquidation horizon of \(h) s cannot be observed in \(s.name), which is sampled every "
                                    + "\(interval) s: the loss over the horizon needs a price exactly \(h) s later; "
                                    + "expected a multiple of \(interval) s\(multiple)")
            }
        }
        guard !legs.isEmpty else { throw BacktestError("an empty portfolio, expected at least one position") }
        for leg in legs {
            guard (0..<series.count).contains(leg.market) else {
                throw BacktestError("a position in market \(leg.market), expected a market from 0 to \(series.count - 1)")
            }
            guard !leg.notional.isZero else { throw BacktestError("a position of 0 USD, expected a positive notional") }
        }
        guard Set(legs.map(\.market)).count == legs.count else {
            throw BacktestError("two positions in one market, expected at most one per market")
        }
        if let u = correlationUpdate, u.lookback < 3 || u.every < 1 {
            throw BacktestError("a trailing correlation over \(u.lookback) returns every \(u.every) observations, expected at least 3 returns and 1 observation")
        }
        guard warmUp >= 0, window >= 2 else {
            throw BacktestError("a warm-up of \(warmUp) and a window of \(window), expected warm-up >= 0 and window >= 2")
        }
    }
}

/// A set-up that cannot be replayed, or a replay the contract refused.
public struct BacktestError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
