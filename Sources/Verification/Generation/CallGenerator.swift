import ContractIO
import EVMArithmetic
import MarginEngine

/// Generates a call sequence one call at a time, looking at the state every
/// earlier call produced: a deployment and listings (World), then prices
/// that drift, jump, crash and go stale, trades sized on free margin,
/// deposits and withdrawals toward the limits, liquidations and
/// deleveragings aimed with the model's margin functions, parameter changes
/// within and beyond the guardrails, calls placed exactly on a limit and
/// one wei past it, role changes, views, and a share of invalid calls.
/// Everything follows from the seed and the states seen. `margin props`
/// and `margin scenario` are its two front ends.
public struct CallGenerator {
    public let deployment: VectorCase.Deployment
    var random: SeededRandom
    var now: UInt256
    let traders: [Address]
    let keepers: [Address]
    /// Calls decided ahead: the set-up, then views of touched accounts.
    private var queued: [(from: Address, call: EngineCall, after: Int)] = []
    private var queuedHead = 0
    private var setUpLeft: Int
    /// An action waiting for fresh prices: the oracle posts first.
    private var pending: Action?
    /// Posts made for the pending action: at most three.
    var refreshCount = 0
    /// Whether views of the accounts each call touched follow it, so that a
    /// trace shows their hidden state: true for scenarios, false for props
    /// runs, whose short runs also keep the probes' first kind and no
    /// scheduled global walks (CallGenerator+Boundaries).
    let inspects: Bool
    /// Boundary probes walk through every limit in turn.
    var probeCounter = 0
    /// Which listing-bounds probe comes next (CallGenerator+ListingBounds).
    var listingBoundsCounter = 0
    /// Which global parameter walk comes next (CallGenerator+GlobalWalk).
    var globalWalkCounter = 0
    /// How many global walk probes this run made (at most two).
    var globalWalkProbes = 0
    /// Boundary probes made so far in this run.
    var probesMade = 0
    /// Whether an asset's weight was walked (CallGenerator+AssetWeightWalk).
    var walkedAssetWeight = false
    /// The action weights, steered by coverage (CallGenerator+Steering).
    var weights = Action.weights
    var steeredAt = -1
    /// (operation, error) pairs never raised in this run so far.
    var aimTargets: [(String, String)] = []
    /// Where the next aim starts among them (CallGenerator+Steering): from
    /// a place the seed picks, so that short runs, which aim a few times
    /// each, reach the end of the list as often as its start.
    var aimCursor = 0

    enum Action: Int, CaseIterable {
        case postPrice, postAssetPrice, settleTrade, deposit, withdraw, liquidate, deleverage
        case changeParameters, timeJump, view, invalidCall, setRoles, boundaryProbe, aimAtCheck, identity

        /// Before steering; aimAtCheck only while an error was never raised.
        static let weights = [20, 4, 26, 6, 7, 11, 6, 6, 3, 4, 6, 1, 24, 32, 4]

        /// Actions that the oracle usually makes fresh prices for first.
        var wantsFreshPrices: Bool {
            switch self {
            case .settleTrade, .withdraw, .liquidate, .deleverage, .boundaryProbe: return true
            default: return false
            }
        }
    }

    /// The longest time jump the generator makes at once (seconds): past
    /// MAX_MARGIN_ORACLE_AGE, so ages beyond every limit occur.
    static let longestWait = 3_000_000

    /// A random world (margin props).
    public init(seed: UInt64) {
        self.init(seed: seed, world: .random, inspects: false)
    }

    init(seed: UInt64, world shape: World.Shape, inspects: Bool) {
        random = SeededRandom(seed: seed)
        now = Actors.startTime
        let world = World(shape, &random)
        deployment = world.deployment
        traders = world.traders
        keepers = world.keepers
        queued = world.setUp.map { ($0.0, $0.1, 0) }
        setUpLeft = world.setUp.count
        globalWalkCounter = CallGenerator.firstGlobalWalk(seed: seed)
        // Props runs are short (about 3 probes in 60 calls): started elsewhere, the longer probes
        // take a third of a run, and the planted withdrawal bug (PlantedBugTests) took 301 runs
        // to find instead of under 150.
        probeCounter = inspects ? CallGenerator.firstProbe(seed: seed) : 0
        aimCursor = Int(truncatingIfNeeded: SeedDerivation.mix(seed ^ 0xA1A1) % 4096)
        self.inspects = inspects
    }

    /// Whether the next call is part of the set-up.
    var isSettingUp: Bool { setUpLeft > 0 }
    /// Whether calls decided ahead (set-up or views) are still to come.
    var hasQueuedCalls: Bool { queuedHead < queued.count }

    /// The next call, given the state every earlier call produced.
    public mutating func next(_ state: EngineState) -> Scenario.Call {
        if queuedHead < queued.count {
            let (from, call, after) = queued[queuedHead]
            queuedHead += 1
            advance(after)
            if setUpLeft > 0 {
                setUpLeft -= 1
                advance(random.int(0...12))
                if inspects { inspect(from: from, call, state) }
            }
            if queuedHead == queued.count { queued.removeAll(keepingCapacity: true); queuedHead = 0 }
            return step(from, call)
        }
        let call = decide(state)
        if inspects && !call.isStatic { inspect(from: call.from, call.call, state) }
        return call
    }

    private mutating func decide(_ state: EngineState) -> Scenario.Call {
        if let action = pending {
            if let refresh = stalePriceRefresh(state, forWithdrawal: action == .withdraw) {
                refreshCount += 1
                return refresh
            }
            pending = nil
            return perform(action, state)
        }
        switch random.int(0...99) {
        case 0...69: advance(random.int(0...3))
        case 70...94: advance(random.int(4...30))
        default: advance(random.int(600...5000))
        }
        let action = Action(rawValue: random.weighted(weights))!
        if action.wantsFreshPrices && random.chance(85) {
            refreshCount = 0
            if let refresh = stalePriceRefresh(state, forWithdrawal: action == .withdraw) {
                pending = action
                refreshCount += 1
                return refresh
            }
        }
        return perform(action, state)
    }

    private mutating func perform(_ action: Action, _ state: EngineState) -> Scenario.Call {
        guard state.marketCount > 0, state.assetCount > 0 else { return invalidCall(state) }
        switch action {
        case .postPrice: return postPrice(state, market: random.int(0...state.marketCount - 1), jumps: true)
        case .postAssetPrice: return postAssetPrice(state, asset: random.int(0...state.assetCount - 1))
        case .settleTrade: return settleTrade(state)
        case .deposit: return deposit(state)
        case .withdraw: return withdraw(state)
        case .liquidate: return liquidate(state)
        case .deleverage: return deleverage(state)
        case .changeParameters: return changeParameters(state)
        case .timeJump:
            advance(random.chance(70) ? 86_400 : random.int(86_400...CallGenerator.longestWait))
            return postPrice(state, market: random.int(0...state.marketCount - 1), jumps: false)
        case .view: return view(state)
        case .invalidCall: return invalidCall(state)
        case .setRoles: return setRoles(state)
        case .boundaryProbe: return boundaryProbe(state)
        case .aimAtCheck: return aimAtUntakenCheck(state) ?? invalidCall(state)
        case .identity: return identity(state)
        }
    }

    // MARK: Recording

    mutating func advance(_ seconds: Int) {
        now = now &+ Amounts.u(seconds)
    }

    func step(_ from: Address, _ call: EngineCall) -> Scenario.Call {
        Scenario.Call(from: from, timestamp: now, call: call, isStatic: call.function.isView)
    }

    var everyone: [Address] { traders + keepers }

    /// Makes `call` the next one, at the same time (a second change right
    /// after a first, for example).
    mutating func follow(with call: (Address, EngineCall)) {
        queued.append((call.0, call.1, 0))
    }

    /// Queues `call` for `seconds` after the one before it (a guardrailed
    /// change the day after the last, for example).
    mutating func follow(after seconds: Int, with call: (Address, EngineCall)) {
        queued.append((call.0, call.1, seconds))
    }

    /// Queues views that expose the hidden state a call touches: after a
    /// parameter change or a listing, the stored parameters; after a call on
    /// accounts, their margin breakdown always, other views now and then.
    private mutating func inspect(from sender: Address, _ call: EngineCall, _ state: EngineState) {
        let accounts: [Address]
        let reader = keepers[0], other = keepers[keepers.count - 1]
        switch call {
        // A parameter change: the values as stored, and when each changed.
        case .setGlobalParams:
            follow(with: (reader, .globalParams))
            follow(with: (other, .lastParamChange(param: ParameterID.global(random.int(0...ParameterBounds.global.count - 1)))))
            return
        case let .setMarketParams(market, _):
            follow(with: (reader, .marketParams(market: market)))
            if market < Amounts.u(state.marketCount) {
                let k = random.int(0...ParameterBounds.market.count - 1)
                follow(with: (other, .lastParamChange(param: ParameterID.market(Int(market.w0), k))))
            }
            return
        case .listMarket:
            follow(with: (reader, .marketParams(market: Amounts.u(state.marketCount))))
            return
        case .setTierParams:
            follow(with: (reader, .tierParams))
            follow(with: (other, .lastParamChange(param: ParameterID.tier(random.int(0...ParameterBounds.tier.count - 1)))))
            return
        case .setAttestor:
            follow(with: (reader, .attestor))
            return
        case let .attest(account, _, _), let .revoke(account):
            follow(with: (reader, .attestation(account)))
            accounts = [account]
        case let .settleTrade(buyer, seller, _, _, _): accounts = [buyer, seller]
        case .deposit, .withdraw: accounts = [sender]
        case let .liquidate(account, _, _): accounts = [account, sender]
        case let .deleverage(bankrupt, counterparty, _, _): accounts = [bankrupt, counterparty]
        default: return
        }
        for account in accounts {
            follow(with: (reader, .marginBreakdown(account)))
            if random.chance(15) { follow(with: (other, .equity(account))) }
            if random.chance(10) { follow(with: (other, .isLiquidatable(account))) }
            if random.chance(10), state.marketCount > 0 {
                follow(with: (reader, .adlScore(account, market: Amounts.u(random.int(0...state.marketCount - 1)))))
            }
            if random.chance(25), state.marketCount > 0 { follow(with: (other, getter(account, state))) }
        }
        // A partially deleveraged bankrupt sits at exactly zero equity: its score must be 0.
        if case let .deleverage(bankrupt, _, market, _) = call { follow(with: (reader, .adlScore(bankrupt, market: market))) }
    }
}
