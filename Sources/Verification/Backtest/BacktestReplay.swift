import ContractIO
import EVMArithmetic
import MarginEngine

/// One observation of the replay: what the contract's margin said at that
/// moment, and what the portfolio then lost over the horizon.
public struct BacktestStep: Sendable, Hashable {
    /// Unix seconds: the observation's time, and the block time of its `postPrice`.
    public var time: UInt64
    /// The prices just posted, one per market (WAD USD).
    public var prices: [UInt256]
    /// The reference portfolio's sizes at this step, one per market (WAD units).
    public var sizes: [Int256]
    /// Sum of the positions' notionals (margin.md step 1, WAD USD).
    public var notional: UInt256
    public var maintenanceMargin: UInt256
    /// The portfolio VaR term of the margin (before base, impact and stress).
    public var valueAtRisk: UInt256
    public var stressMultiplier: UInt256
    /// Whether a market's breaker was active when the margin was read.
    public var breakerActive: Bool
    /// Whether this observation tripped a breaker.
    public var breakerTripped: Bool
    /// The portfolio's loss from this price to the price one horizon later,
    /// exactly, in units of 10^-36 USD (size × price difference, unscaled);
    /// nil when the data have no price exactly one horizon later.
    public var horizonLoss: Int256?

    /// Whether the loss over the horizon exceeded `amount` (WAD USD), exactly.
    public func lossExceeds(_ amount: UInt256) -> Bool {
        guard let loss = horizonLoss, !loss.isNegative else { return false }
        return loss.magnitude > amount &* UInt256.wad
    }

    public var exceedsMargin: Bool { lossExceeds(maintenanceMargin) }
    public var exceedsValueAtRisk: Bool { lossExceeds(valueAtRisk) }

    /// The loss in USD (negative: a gain), for statistics.
    public var lossUSD: Double? { horizonLoss.map { WadDecimal.double($0) / 1e18 } }
    /// MM / notional.
    public var marginRatio: Double { WadDecimal.double(maintenanceMargin) / WadDecimal.double(notional) }
    public var valueAtRiskRatio: Double { WadDecimal.double(valueAtRisk) / WadDecimal.double(notional) }
    /// Loss / notional (0 when unobservable).
    public var lossRatio: Double { (lossUSD ?? 0) / WadDecimal.double(notional) }
}

/// The whole replay: one step per common observation of the series.
public struct BacktestRun: Sendable {
    public var setup: BacktestSetup
    public var steps: [BacktestStep]
    /// The accepted `setCorrelation` calls of a trailing correlation.
    public var correlationCalls: [CorrelationCall] = []

    public struct CorrelationCall: Sendable, Hashable {
        public var time: UInt64
        public var marketA: Int
        public var marketB: Int
        /// WAD.
        public var correlation: Int256
    }

    /// The steps the statistics score: after the warm-up, with an observable loss.
    public var scored: [BacktestStep] {
        steps.dropFirst(setup.warmUp).filter { $0.horizonLoss != nil }
    }
}

/// Replays price series through the exact model as the contract would see
/// them: deploy, list one market per series at its first price, then every
/// observation is a `postPrice` by the oracle at its own timestamp (the
/// contract's EWMA variance and breaker run), and the margin of the
/// reference portfolio is read at that block time.
///
/// The portfolio is written into the account's storage (sizes for a
/// constant notional at each observation) instead of being traded in: its
/// margin depends only on sizes and prices, and trades would add fees and
/// band checks that have nothing to do with the margin under test.
public enum BacktestReplay {
    static let owner = Address(0x0E01)
    static let oracle = Address(0x0E02)
    static let exchange = Address(0x0E03)
    /// The account holding the reference portfolio.
    public static let account = Address(0x0EA1)

    /// The times present in every series, ascending.
    public static func commonTimes(_ series: [PriceSeries]) -> [UInt64] {
        guard var common = series.first.map({ $0.observations.map(\.time) }) else { return [] }
        for s in series.dropFirst() {
            let times = Set(s.observations.map(\.time))
            common = common.filter { times.contains($0) }
        }
        return common
    }

    public static func run(_ setup: BacktestSetup, system: any MarginSystem = ModelSystem()) throws(BacktestError) -> BacktestRun {
        try setup.validate()
        let times = commonTimes(setup.series)
        guard times.count >= 2 else {
            throw BacktestError("the series share \(times.count) observation time(s), expected at least 2")
        }
        let priceAt: [[UInt64: UInt256]] = setup.series.map { s in
            Dictionary(s.observations.map { ($0.time, $0.price) }, uniquingKeysWith: { a, _ in a })
        }
        let prices: [[UInt256]] = times.map { t in priceAt.map { $0[t]! } }
        let marketCount = setup.series.count

        // Deployment and listings at the first observation.
        let start = UInt256(times[0])
        let ownerCall = CallContext(sender: owner, timestamp: start)
        var state: EngineState
        switch EngineState.deploy(governance: VectorCase.Deployment.governance(of: owner), oracle: oracle, exchange: exchange, globalParams: setup.globalParams, context: ownerCall) {
        case .success(let deployed): state = deployed.state
        case .failure(let revert): throw BacktestError("the contract refused the global parameters: \(revert)")
        }
        for m in 0..<marketCount {
            let call = EngineCall.listMarket(price: prices[0][m], variance: setup.initialVariance[m], params: setup.marketParams[m])
            if case .revert(let revert) = system.execute(&state, call, ownerCall) {
                throw BacktestError("the contract refused market \(m)'s listing: \(revert)")
            }
        }
        for a in 0..<marketCount {
            for b in (a + 1)..<max(a + 1, marketCount) {
                let call = EngineCall.setCorrelation(marketA: UInt256(UInt64(a)), marketB: UInt256(UInt64(b)), correlation: setup.correlation)
                if case .revert(let revert) = system.execute(&state, call, ownerCall) {
                    throw BacktestError("the contract refused the correlation: \(revert)")
                }
            }
        }
        state.insuranceFund = setup.insuranceFund

        let index = Dictionary(uniqueKeysWithValues: times.enumerated().map { ($1, $0) })
        let horizon = setup.horizon
        var steps: [BacktestStep] = []
        steps.reserveCapacity(times.count)
        var correlationCalls: [BacktestRun.CorrelationCall] = []
        var lastCorrelationUpdate: Int?
        for (i, t) in times.enumerated() {
            let now = UInt256(t)
            var tripped = false
            if i > 0 {
                for m in 0..<marketCount {
                    let call = EngineCall.postPrice(market: UInt256(UInt64(m)), price: prices[i][m], timestamp: now)
                    switch system.execute(&state, call, CallContext(sender: oracle, timestamp: now)) {
                    case .revert(let revert):
                        throw BacktestError("\(setup.series[m].name): postPrice at \(UTCDate.text(t)) reverted: \(revert)")
                    case .success(_, let events):
                        tripped = tripped || events.contains { if case .breakerTripped = $0 { return true } else { return false } }
                    }
                }
            }
            if let update = setup.correlationUpdate, marketCount > 1, i >= update.lookback,
               i - (lastCorrelationUpdate ?? 0) >= update.every || lastCorrelationUpdate == nil {
                lastCorrelationUpdate = i
                for a in 0..<marketCount {
                    for b in (a + 1)..<marketCount {
                        let target = trailingCorrelation(prices[(i - update.lookback)...i], a, b)
                        if let rho = updateCorrelation(&state, a, b, target: target, now: now, system: system) {
                            correlationCalls.append(.init(time: t, marketA: a, marketB: b, correlation: rho))
                        }
                    }
                }
            }
            let sizes = try holdPortfolio(&state, setup, prices: prices[i])
            let breakdown: MarginBreakdown
            var notional = UInt256.zero
            do {
                breakdown = try system.marginBreakdown(state, account, now: now)
                for leg in setup.legs {
                    notional = notional &+ (try system.positionTerms(state, account, leg.market, now: now)).notional
                }
            } catch {
                throw BacktestError("the margin reverted at \(UTCDate.text(t)): \(error)")
            }
            var loss: Int256?
            if let j = index[t &+ horizon] {
                var total = Int256.zero
                for m in 0..<marketCount where !sizes[m].isZero {
                    // PnL of the held size: size × (later price − price); the loss is its negation.
                    let later = Int256(bitPattern: prices[j][m]), now = Int256(bitPattern: prices[i][m])
                    total = total &- sizes[m] &* (later &- now)
                }
                loss = total
            }
            steps.append(BacktestStep(
                time: t, prices: prices[i], sizes: sizes, notional: notional,
                maintenanceMargin: breakdown.maintenanceMargin, valueAtRisk: breakdown.portfolioVaR,
                stressMultiplier: breakdown.stressMultiplier,
                breakerActive: state.markets.contains { now < $0.breakerUntil }, breakerTripped: tripped,
                horizonLoss: loss))
        }
        let run = BacktestRun(setup: setup, steps: steps, correlationCalls: correlationCalls)
        guard !run.scored.isEmpty else {
            throw BacktestError("no observation is scored: \(steps.count) observations, \(setup.warmUp) of them warm-up, "
                                + "and a loss over \(horizon) s needs a later price; expected more data, a shorter warm-up or horizon")
        }
        return run
    }

    /// The sample correlation of markets a and b's simple returns over
    /// consecutive price rows, rounded to 0.0001 (WAD); 0 when a series is flat.
    static func trailingCorrelation(_ rows: ArraySlice<[UInt256]>, _ a: Int, _ b: Int) -> Int256 {
        let p = rows.map { [WadDecimal.double($0[a]), WadDecimal.double($0[b])] }
        let r = zip(p, p.dropFirst()).map { x, y in (y[0] / x[0] - 1, y[1] / x[1] - 1) }
        let n = Double(r.count)
        let mx = r.reduce(0) { $0 + $1.0 } / n, my = r.reduce(0) { $0 + $1.1 } / n
        let sxy = r.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = r.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }, syy = r.reduce(0) { $0 + ($1.1 - my) * ($1.1 - my) }
        guard sxx > 0, syy > 0 else { return .zero }
        let rho = min(max(sxy / (sxx * syy).squareRoot(), -1), 1)
        return Int256(Int64((rho * 10_000).rounded())) &* Int256(100_000_000_000_000)
    }

    /// Moves the pair's correlation toward `target` as far as one
    /// guardrailed `setCorrelation` allows (25 % of the current value, at
    /// least the minimum step); returns the value set, or nil when the
    /// contract refused (a cooldown) or nothing changed.
    static func updateCorrelation(_ state: inout EngineState, _ a: Int, _ b: Int, target: Int256, now: UInt256,
                                  system: any MarginSystem) -> Int256? {
        let current = state.correlation[a][b]
        guard target != current,
              let quarter = try? UInt256.fullMulWad(current.magnitude, Constants.guardrailMaxChange) else { return nil }
        let allowed = max(quarter, ParameterBounds.correlationMinStep)
        let move = target &- current
        let step = move.magnitude <= allowed ? move : (Int256(negative: move.isNegative, magnitude: allowed) ?? .zero)
        let rho = current &+ step
        let call = EngineCall.setCorrelation(marketA: UInt256(UInt64(a)), marketB: UInt256(UInt64(b)), correlation: rho)
        if case .revert = system.execute(&state, call, CallContext(sender: owner, timestamp: now)) { return nil }
        return rho
    }

    /// Sets the reference account's sizes to the legs' notionals at `prices`
    /// (floor(notional / price), signed by side); returns the sizes by market.
    static func holdPortfolio(_ state: inout EngineState, _ setup: BacktestSetup, prices: [UInt256]) throws(BacktestError) -> [Int256] {
        var account = state.accounts[Self.account] ?? Account()
        var sizes = [Int256](repeating: .zero, count: setup.series.count)
        for leg in setup.legs {
            guard let magnitude = try? UInt256.fullDivWad(leg.notional, prices[leg.market]), magnitude <= Constants.maxPositionSize,
                  !magnitude.isZero, let size = Int256(negative: leg.side == .short, magnitude: magnitude) else {
                throw BacktestError("a notional of \(WadDecimal.double(leg.notional)) USD at a price of "
                                    + "\(WadDecimal.double(prices[leg.market])) USD is not a position the contract allows "
                                    + "(expected 1 wei to 10^8 units)")
            }
            sizes[leg.market] = size
            account.positions[leg.market] = Position(size: size, openNotional: Int256(negative: size.isNegative,
                magnitude: (try? UInt256.fullMulWad(magnitude, prices[leg.market])) ?? .zero) ?? .zero)
        }
        state.accounts[Self.account] = account
        return sizes
    }
}
