// A deployed contract driven by calls, the way a trace drives it: each call
// has a sender and a block timestamp, and the harness checks the rule for
// invalid calls (Spec/operations/README.md) on every revert it sees.
@testable import MarginEngine
import ContractABI
import EVMArithmetic
import Testing

/// The addresses the tests use.
enum Actor {
    static let owner = Address(0x0A11CE)
    /// The governance extension, the owner's first contract (abi.md, "Deployment").
    static let governance = Address.created(by: owner, nonce: 0)
    static let oracle = Address(0x0AC1E)
    static let exchange = Address(0x0E8C4A)
    static let alice = Address(0xA11CE0)
    static let bob = Address(0xB0B0)
    static let carol = Address(0xCA201)
    static let dave = Address(0xDA7E)
    static let liquidator = Address(0x11D0)
    static let keeper = Address(0x4EE9)
    static let stranger = Address(0x5717)
}

extension GlobalParams {
    /// A realistic set, inside every bound: stress off (target 0).
    static let standard = GlobalParams(
        nettingFloor: wad("0.3"), stressGamma: wad("1"), insuranceTarget: .zero, imBuffer: wad("0.5"),
        maxOracleAge: 3600, priceBand: wad("0.02"), feeRatio: wad("0.0005"), closeFactor: wad("0.5"),
        deepUnderwaterRatio: wad("0.5"), penaltyRatio: wad("0.01"), liquidatorShare: wad("0.5"))
}

extension MarketParams {
    /// ETH-PERP-like parameters of the eval example (Spec/eval-state-format.md).
    static let standard = MarketParams(
        baseMarginRatio: wad("0.01"), zScore: wad("2.33"), liquidationHorizon: 3600,
        impactCoefficient: wad("0.1"), liquidityDepth: wad("5000000"), breakerThreshold: wad("0.1"),
        breakerCooldown: 1800, breakerMultiplier: wad("2"), ewmaLambda: wad("0.94"))
}

/// The contract after deployment, with a clock.
struct Chain {
    var state: EngineState
    var now: UInt256
    /// Events of the deployment.
    let deploymentEvents: [EngineEvent]

    static let genesis: UInt256 = 1_700_000_000

    init(_ params: GlobalParams = .standard, at time: UInt256 = Chain.genesis) {
        let deployed = EngineState.deploy(governance: Actor.governance, oracle: Actor.oracle, exchange: Actor.exchange, globalParams: params,
                                          context: CallContext(sender: Actor.owner, timestamp: time))
        guard case let .success((state, events)) = deployed else {
            preconditionFailure("deployment with \(params) reverted: \(deployed)")
        }
        self.state = state
        self.now = time
        self.deploymentEvents = events
    }

    mutating func advance(_ seconds: UInt64) {
        now = now &+ UInt256(seconds)
    }

    /// Runs a call; on a revert, checks that the state is untouched and no event escaped.
    @discardableResult
    mutating func call(_ call: EngineCall, from sender: Address,
                       sourceLocation: SourceLocation = #_sourceLocation) -> CallOutcome {
        let before = state
        let outcome = state.execute(call, context: CallContext(sender: sender, timestamp: now))
        if outcome.isRevert {
            #expect(state == before, "\(call.description) reverted but changed the state", sourceLocation: sourceLocation)
            #expect(outcome.events.isEmpty, "\(call.description) reverted with events", sourceLocation: sourceLocation)
        }
        return outcome
    }

    /// Runs a call that must succeed; returns its events (empty and an issue on a revert).
    @discardableResult
    mutating func succeed(_ call: EngineCall, from sender: Address,
                          sourceLocation: SourceLocation = #_sourceLocation) -> [EngineEvent] {
        let outcome = self.call(call, from: sender, sourceLocation: sourceLocation)
        switch outcome {
        case let .success(_, events): return events
        case let .revert(revert):
            Issue.record("\(call.description) from \(sender) at \(now) reverted: \(revert)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// Runs a call that must revert; returns the revert (nil and an issue on success).
    @discardableResult
    mutating func revert(_ call: EngineCall, from sender: Address,
                         sourceLocation: SourceLocation = #_sourceLocation) -> Revert? {
        let outcome = self.call(call, from: sender, sourceLocation: sourceLocation)
        guard case let .revert(revert) = outcome else {
            Issue.record("\(call.description) from \(sender) at \(now) succeeded, expected a revert",
                         sourceLocation: sourceLocation)
            return nil
        }
        return revert
    }

    // MARK: Set-up steps (owner, oracle, exchange)

    @discardableResult
    mutating func listUSDC(weight: UInt256 = wad("1")) -> UInt256 {
        listAsset(decimals: 6, weight: weight, price: wad("1"))
    }

    @discardableResult
    mutating func listAsset(decimals: UInt256, weight: UInt256, price: UInt256) -> UInt256 {
        let id = UInt256(UInt64(state.assetCount))
        succeed(.listAsset(decimals: decimals, weight: weight, price: price), from: Actor.owner)
        return id
    }

    @discardableResult
    mutating func listMarket(price: UInt256 = wad("2000"), variance: UInt256 = 2_000_000_000,
                             params: MarketParams = .standard) -> UInt256 {
        let id = UInt256(UInt64(state.marketCount))
        succeed(.listMarket(price: price, variance: variance, params: params), from: Actor.owner)
        return id
    }

    /// Deposits `amount` whole tokens of USDC (asset 0, 6 decimals) for `account`.
    mutating func depositUSDC(_ account: Address, _ dollars: UInt64) {
        succeed(.deposit(asset: .zero, amount: UInt256(dollars) &* UInt256(1_000_000)), from: account)
    }

    mutating func trade(buyer: Address, seller: Address, market: UInt256 = .zero, size: UInt256, price: UInt256,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        succeed(.settleTrade(buyer: buyer, seller: seller, market: market, size: size, price: price),
                from: Actor.exchange, sourceLocation: sourceLocation)
    }

    /// Posts a market price observed now.
    mutating func post(market: UInt256 = .zero, price: UInt256, sourceLocation: SourceLocation = #_sourceLocation) {
        succeed(.postPrice(market: market, price: price, timestamp: now), from: Actor.oracle,
                sourceLocation: sourceLocation)
    }

    // MARK: Reading the margin at the current time

    func equity(_ account: Address) -> Int256 { try! state.equity(account) }
    func breakdown(_ account: Address) -> MarginBreakdown { try! state.marginBreakdown(account, now: now) }
    func position(_ account: Address, _ market: Int = 0) -> Position { state.account(account).positions[market] }
    func cash(_ account: Address) -> Int256 { state.account(account).cash }
}
