import ContractABI
import ContractIO
import EVMArithmetic
@testable import MarginEngine
import Testing
@testable import Verification

/// Every invariant rejects a transition that breaks it: each case tampers
/// with one honest transition (or with one margin view) and checks that the
/// invariant, enabled alone, reports it.
@Suite("Every invariant has teeth")
struct InvariantTeethTests {
    static let a = Actors.trader(0), b = Actors.trader(1), keeper = Actors.keeper(0)
    static let t0: UInt256 = 1_700_000_000
    static let wad = UInt256.wad

    /// `num / den` in WAD.
    static func w(_ num: UInt64, _ den: UInt64 = 1) -> UInt256 {
        try! UInt256.mulDiv(UInt256(num), .wad, UInt256(den))
    }

    /// Deployed, one asset, one market at 2000, a and b funded, a long 1 unit from b.
    static func base() -> EngineState {
        let globals = GlobalParams(nettingFloor: w(1, 10), stressGamma: wad, insuranceTarget: w(50_000), imBuffer: w(1, 2),
                                   maxOracleAge: 600, priceBand: w(1, 50), feeRatio: w(1, 2000), closeFactor: w(1, 2),
                                   deepUnderwaterRatio: w(1, 2), penaltyRatio: w(1, 50), liquidatorShare: w(1, 2))
        var state = try! EngineState.deploy(governance: .created(by: Actors.owner, nonce: 0), oracle: Actors.oracle, exchange: Actors.exchange, globalParams: globals,
                                            context: CallContext(sender: Actors.owner, timestamp: t0)).get().state
        let params = MarketParams(baseMarginRatio: w(1, 100), zScore: w(2), liquidationHorizon: 3600, impactCoefficient: w(1, 10),
                                  liquidityDepth: w(1_000_000), breakerThreshold: w(1, 10), breakerCooldown: 1800,
                                  breakerMultiplier: w(2), ewmaLambda: w(94, 100))
        let calls: [(Address, EngineCall)] = [
            (Actors.owner, .listAsset(decimals: 6, weight: wad, price: wad)),
            (Actors.owner, .listMarket(price: w(2000), variance: 10_000_000_000, params: params)),
            (a, .deposit(asset: 0, amount: 10_000_000_000)),
            (b, .deposit(asset: 0, amount: 10_000_000_000)),
            (keeper, .deposit(asset: 0, amount: 100_000_000_000)),
            (Actors.exchange, .settleTrade(buyer: a, seller: b, market: 0, size: wad, price: w(2000))),
        ]
        for (from, call) in calls {
            let outcome = state.execute(call, context: CallContext(sender: from, timestamp: t0 &+ 10))
            precondition(!outcome.isRevert, "\(call): \(outcome)")
        }
        return state
    }

    /// Runs `invariant` alone on one transition.
    static func verdict(_ invariant: Invariant, pre: EngineState, post: EngineState, from: Address = a, call: EngineCall,
                        outcome: CallOutcome = .success(returns: [], events: []), now: UInt256 = t0 &+ 20,
                        system: any MarginSystem = ModelSystem()) -> Violation? {
        let addresses = [Actors.owner, a, b, keeper, from].reduce(into: [Address]()) { if !$0.contains($1) { $0.append($1) } }.sorted()
        let check = CallCheck(
            index: 0, step: Scenario.Call(from: from, timestamp: now, call: call, isStatic: call.function.isView),
            pre: pre, post: post, outcome: outcome, addresses: addresses, addressSet: Set(addresses),
            changedAccounts: outcome.isRevert ? [] : addresses.filter { pre.accounts[$0] != post.accounts[$0] },
            preInBounds: StateBounds.isInBounds(pre, now: now), postOutOfBounds: StateBounds.firstViolation(post, now: now),
            preMargin: MarginReader(system: system, state: pre, now: now),
            postMargin: MarginReader(system: system, state: post, now: now))
        return InvariantChecker(system: system, plan: .exhaustive([invariant])).check(check, deep: true)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let invariant: Invariant
        let violation: @Sendable () -> Violation?
        var testDescription: String { invariant.name }
    }

    static let cases: [Case] = [
        Case(invariant: .atomicRevert) {
            var post = base(); post.insuranceFund = post.insuranceFund &+ .one
            return verdict(.atomicRevert, pre: base(), post: post, call: .withdraw(asset: 0, amount: 1),
                           outcome: .revert(.error(.zeroAmount)))
        },
        Case(invariant: .wrongRoleNoop) {
            verdict(.wrongRoleNoop, pre: base(), post: base(), call: .postPrice(market: 0, price: wad, timestamp: t0))
        },
        Case(invariant: .conservation) {
            var post = base(); post.accounts[a]!.cash = post.accounts[a]!.cash &+ Int256(1)
            return verdict(.conservation, pre: base(), post: post, call: .deposit(asset: 0, amount: 1))
        },
        Case(invariant: .netOpenInterestZero) {
            var post = base(); post.markets[0].openInterest = post.markets[0].openInterest &+ .one
            return verdict(.netOpenInterestZero, pre: base(), post: post, call: .deposit(asset: 0, amount: 1))
        },
        Case(invariant: .collateralAccounting) {
            var post = base(); post.accounts[b]!.collateral[0] = post.accounts[b]!.collateral[0] &+ .one
            return verdict(.collateralAccounting, pre: base(), post: post, call: .deposit(asset: 0, amount: 1))
        },
        Case(invariant: .fundNonNegative) {
            let pre = base()
            var post = pre; post.insuranceFund = post.insuranceFund &- .one
            return verdict(.fundNonNegative, pre: pre, post: post, call: .deposit(asset: 0, amount: 1))
        },
        Case(invariant: .solvency) {
            var post = base(); post.accounts[a]!.cash = Int256(negative: true, magnitude: w(1_000_000))!
            return verdict(.solvency, pre: base(), post: post, call: .withdraw(asset: 0, amount: 1))
        },
        Case(invariant: .riskIncreasingNeedsIM) {
            var post = base(); post.accounts[a]!.collateral[0] = 1
            return verdict(.riskIncreasingNeedsIM, pre: base(), post: post, call: .withdraw(asset: 0, amount: 9_999_999_999))
        },
        Case(invariant: .liquidationSafety) {
            verdict(.liquidationSafety, pre: base(), post: base(), from: keeper, call: .liquidate(account: a, market: 0, size: 1))
        },
        Case(invariant: .deleverageEligibility) {
            verdict(.deleverageEligibility, pre: base(), post: base(), from: keeper,
                    call: .deleverage(bankrupt: a, counterparty: b, market: 0, size: 1))
        },
        Case(invariant: .deleverageZeroesBankrupt) {
            verdict(.deleverageZeroesBankrupt, pre: base(), post: base(), from: keeper,
                    call: .deleverage(bankrupt: a, counterparty: b, market: 0, size: 1))
        },
        Case(invariant: .noFlipOnForcedClose) {
            var post = base(); post.accounts[a]!.positions[0].size = Int256(-1)
            return verdict(.noFlipOnForcedClose, pre: base(), post: post, from: keeper, call: .liquidate(account: a, market: 0, size: 1))
        },
        Case(invariant: .stateInBounds) {
            var post = base(); post.markets[0].price = .zero
            return verdict(.stateInBounds, pre: base(), post: post, call: .deposit(asset: 0, amount: 1))
        },
        Case(invariant: .openNotionalSign) {
            var post = base(); post.accounts[a]!.positions[0].openNotional = Int256(-5)
            return verdict(.openNotionalSign, pre: base(), post: post, call: .deposit(asset: 0, amount: 1))
        },
        Case(invariant: .oracleTimeMonotone) {
            verdict(.oracleTimeMonotone, pre: base(), post: base(), from: Actors.oracle,
                    call: .postPrice(market: 0, price: w(2001), timestamp: t0 &+ 15))
        },
        Case(invariant: .breakerTrip) {
            var post = base(); post.markets[0].price = w(3000); post.markets[0].priceTime = t0 &+ 15
            return verdict(.breakerTrip, pre: base(), post: post, from: Actors.oracle,
                           call: .postPrice(market: 0, price: w(3000), timestamp: t0 &+ 15))
        },
        Case(invariant: .adaptiveZ) {
            // A rise is no loss for a long: its z must not rise.
            var post = base(); post.markets[0].price = w(2001); post.markets[0].priceTime = t0 &+ 15
            post.markets[0].zLong = post.markets[0].zLong &+ .one
            return verdict(.adaptiveZ, pre: base(), post: post, from: Actors.oracle,
                           call: .postPrice(market: 0, price: w(2001), timestamp: t0 &+ 15))
        },
        Case(invariant: .guardrail) {
            var post = base(); post.globalParams.imBuffer = wad
            return verdict(.guardrail, pre: base(), post: post, from: Actors.owner, call: .setGlobalParams(post.globalParams))
        },
        Case(invariant: .attestorSeparation) {
            // An attestor named while it holds a live attestation.
            var post = base()
            post.attestor = Actors.attestor
            post.accounts[Actors.attestor, default: Account()].attestation = Attestation(tier: 1, expiry: t0 &+ 10_000)
            return verdict(.attestorSeparation, pre: base(), post: post, from: Actors.owner, call: .setAttestor(Actors.attestor))
        },
        Case(invariant: .attestationWrites) {
            // A deposit that attests its account.
            var post = base(); post.accounts[a]!.attestation = Attestation(tier: 3, expiry: t0 &+ 10_000)
            return verdict(.attestationWrites, pre: base(), post: post, call: .deposit(asset: 0, amount: 1))
        },
        Case(invariant: .noArithmeticRevertInBounds) {
            verdict(.noArithmeticRevertInBounds, pre: base(), post: base(), call: .deposit(asset: 0, amount: 1),
                    outcome: .revert(.arithmetic(.arithmetic)))
        },
        Case(invariant: .imGeMM) {
            verdict(.imGeMM, pre: base(), post: base(), call: .deposit(asset: 0, amount: 1),
                    system: TamperedViews { $0.initialMargin = $0.maintenanceMargin &- .one })
        },
        Case(invariant: .varBetweenFloorAndSum) {
            verdict(.varBetweenFloorAndSum, pre: base(), post: base(), call: .deposit(asset: 0, amount: 1),
                    system: TamperedViews { $0.portfolioVaR = $0.sumRisk &+ .one })
        },
        Case(invariant: .stressBounds) {
            verdict(.stressBounds, pre: base(), post: base(), call: .deposit(asset: 0, amount: 1),
                    system: TamperedViews { $0.stressMultiplier = wad &- .one })
        },
        Case(invariant: .noPositionsNoMargin) {
            verdict(.noPositionsNoMargin, pre: base(), post: base(), from: keeper, call: .deposit(asset: 0, amount: 1),
                    system: TamperedViews { $0.sumRisk = $0.sumRisk &+ .one })
        },
        Case(invariant: .liquidatableDefinition) {
            verdict(.liquidatableDefinition, pre: base(), post: base(), call: .deposit(asset: 0, amount: 1),
                    system: TamperedViews(liquidatable: { !$0 }))
        },
        Case(invariant: .roundingFavoursProtocol) {
            verdict(.roundingFavoursProtocol, pre: base(), post: base(), call: .deposit(asset: 0, amount: 1),
                    system: TamperedViews { $0.maintenanceMargin = $0.maintenanceMargin.shiftedRight(by: 1) })
        },
        Case(invariant: .marginMonotone) {
            // MM that falls as the market's variance rises.
            verdict(.marginMonotone, pre: base(), post: base(), call: .deposit(asset: 0, amount: 1),
                    system: TamperedViews(withState: { b, state in b.maintenanceMargin = w(1_000_000) &- state.markets[0].variance }))
        },
        Case(invariant: .tierDiscountCapped) {
            // A discount above the cap (0 here).
            verdict(.tierDiscountCapped, pre: base(), post: base(), call: .deposit(asset: 0, amount: 1),
                    system: TamperedViews { $0.tierDiscount = wad })
        },
        Case(invariant: .expiredAttestationGrantsNothing) {
            // A discount for an account that was never attested.
            verdict(.expiredAttestationGrantsNothing, pre: base(), post: base(), call: .deposit(asset: 0, amount: 1),
                    system: TamperedViews { $0.tierDiscount = .one })
        },
        Case(invariant: .equityIdentity) {
            var post = base(); post.accounts[a]!.cash = post.accounts[a]!.cash &+ Int256(1)
            return verdict(.equityIdentity, pre: base(), post: base(), call: .deposit(asset: 0, amount: 1),
                           system: TamperedViews(equityShift: 1))
        },
        Case(invariant: .positionChangeEquity) {
            var post = base(); post.accounts[a]!.cash = post.accounts[a]!.cash &+ Int256(7)
            return verdict(.positionChangeEquity, pre: base(), post: post, from: Actors.exchange,
                           call: .settleTrade(buyer: a, seller: b, market: 0, size: 1, price: w(2000)),
                           outcome: .success(returns: [], events: [.trade(buyer: a, seller: b, market: 0, size: 1, price: w(2000),
                                                                           fee: .one, buyerRealisedPnl: .zero, sellerRealisedPnl: .zero)]))
        },
    ]

    @Test(arguments: cases)
    func invariantRejectsATamperedTransition(_ c: Case) {
        let violation = c.violation()
        #expect(violation?.invariant == c.invariant, "\(c.invariant): \(violation.map(\.description) ?? "held")")
    }

    @Test func unchangedStateAfterAViewPassesEveryInvariant() {
        for invariant in Invariant.allCases {
            let v = Self.verdict(invariant, pre: Self.base(), post: Self.base(), call: .equity(Self.a))
            #expect(v == nil, "\(v.map(\.description) ?? "")")
        }
        #expect(Self.cases.map(\.invariant) == Invariant.allCases)
    }
}

/// The model's views with one field of the breakdown or equity tampered with.
struct TamperedViews: MarginSystem {
    var breakdown: @Sendable (inout MarginBreakdown, EngineState) -> Void = { _, _ in }
    var liquidatable: @Sendable (Bool) -> Bool = { $0 }
    var equityShift: Int64 = 0
    var name: String { "tampered views" }

    init(_ tamper: @escaping @Sendable (inout MarginBreakdown) -> Void) { breakdown = { b, _ in tamper(&b) } }
    init(withState tamper: @escaping @Sendable (inout MarginBreakdown, EngineState) -> Void) { breakdown = tamper }
    init(liquidatable: @escaping @Sendable (Bool) -> Bool) { self.liquidatable = liquidatable }
    init(equityShift: Int64) { self.equityShift = equityShift }

    func equity(_ state: EngineState, _ account: Address) throws -> Int256 {
        try state.equity(account) &+ Int256(equityShift)
    }

    func marginBreakdown(_ state: EngineState, _ account: Address, now: UInt256) throws -> MarginBreakdown {
        var b = try state.marginBreakdown(account, now: now)
        b.equity = try equity(state, account)
        breakdown(&b, state)
        return b
    }

    func isLiquidatable(_ state: EngineState, _ account: Address, now: UInt256) throws -> Bool {
        liquidatable(try state.isLiquidatable(account, now: now))
    }
}
