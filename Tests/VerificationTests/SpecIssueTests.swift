import ContractABI
import ContractIO
import EVMArithmetic
import MarginEngine
import Testing
@testable import Verification

/// Pins what the campaign found in the Spec, so a change to either side shows.
@Suite("Spec issues found by margin props")
struct SpecIssueTests {
    static let deployment = VectorCase.Deployment(
        deployer: Actors.owner, timestamp: 1_700_000_000, oracle: Actors.oracle, exchange: Actors.exchange,
        globalParams: GlobalParams(values: ["100000000000000000", "0", "0", "10000000000000000000", "86400",
                                            "1000000000000000000", "100000000000000", "500000000000000000", "0",
                                            "50000000000000000", "1000000000000000000"].map { UInt256($0)! })!)

    /// Spec 1.0's nine values, the last ewmaLambda: its EWMA as GARCH weights.
    static func params(_ v: [String]) -> MarketParams {
        MarketParams(spec10Values: v.map { UInt256($0)! })!
    }

    /// Shrunk by `margin props` from a generated run: trader1 is short in
    /// markets 1 and 2 with correlation -0.2, a hedge.
    static let hedgedShorts: [Scenario.Call] = {
        let t: UInt256 = 1_700_000_036, owner = Actors.owner
        let calls: [(Address, UInt256, EngineCall)] = [
            (owner, t, .listAsset(decimals: 0, weight: UInt256("1000000000000000")!, price: UInt256("5000000000000000")!)),
            (owner, t, .listMarket(price: 1, variance: 0, params: params(["0", "0", "0", "0", "1000000000000000000", "1000000000000000", "0", "1000000000000000000", "0"]))),
            (owner, t, .listMarket(price: 25_000_000_000, variance: 100_000_000_000,
                                   params: params(["0", "250000000000000000", "0", "0", "1000000000000000000", "1000000000000000", "0", "1000000000000000000", "0"]))),
            (owner, t, .listMarket(price: UInt256("500000000000000000")!, variance: 1,
                                   params: params(["0", "500000000000000000", "0", "0", "1000000000000000000", "1000000000000000", "0", "1000000000000000000", "0"]))),
            (owner, t, .setCorrelation(marketA: 1, marketB: 2, correlation: Int256(-200_000_000_000_000_000))),
            (Actors.trader(0), t, .deposit(asset: 0, amount: 2_500_000)),
            (Actors.exchange, t, .settleTrade(buyer: Actors.keeper(0), seller: Actors.trader(0), market: 1,
                                              size: UInt256("2500000000000000000000000")!, price: 1)),
            (Actors.exchange, t &+ 2, .settleTrade(buyer: Actors.keeper(0), seller: Actors.trader(0), market: 2,
                                                  size: UInt256("20000000000000000000")!, price: 1)),
        ]
        return calls.map { Scenario.Call(from: $0.0, timestamp: $0.1, call: $0.2, isStatic: false) }
    }()

    /// invariants.md `rounding-favours-protocol` says computed MM >= exact MM.
    /// For a hedged account it does not hold: r_i is rounded up, and a
    /// negative correlation term grows with it, so the computed quadratic
    /// form can fall below the exact one (here by 0.29 wei of MM).
    @Test func roundingClaimFailsForHedgedAccounts() throws {
        var state = try #require(try? EngineState.deploy(
            governance: Self.deployment.governance, oracle: Self.deployment.oracle, exchange: Self.deployment.exchange, globalParams: Self.deployment.globalParams,
            context: CallContext(sender: Self.deployment.deployer, timestamp: Self.deployment.timestamp)).get().state)
        for step in Self.hedgedShorts {
            #expect(!state.execute(step.call, context: CallContext(sender: step.from, timestamp: step.timestamp)).isRevert)
        }
        let reader = MarginReader(system: ModelSystem(), state: state, now: Self.hedgedShorts.last!.timestamp)
        let trader = Actors.trader(0)
        #expect(MarginMonotonicity.isHedged(ModelSystem(), state, trader, reader.now))
        let literal = RoundingInvariant.checkAccount(reader, trader, hedgeAware: false)
        #expect(literal?.message.contains("MM 6986301651419 < exact MM, which is at least 6986301651419.293506") == true,
                "\(literal.map(\.message) ?? "no violation")")
        #expect(RoundingInvariant.checkAccount(reader, trader) == nil)
    }

    /// invariants.md `margin-monotone`: "for a non-hedged account, where every
    /// pair of open positions has sign(s_i)·sign(s_j)·ρ_ij >= 0, the whole MM
    /// is non-decreasing". With s_i = sign(size_i)·r_i, a position with zero
    /// risk makes any pair non-hedged; raising its risk (here zScore from 0)
    /// turns the pair into a hedge and MM falls. Shrunk by `margin props`
    /// with the literal reading; the tester now requires non-hedged before
    /// and after the perturbation.
    @Test func marginMonotoneNeedsNonHedgedOnBothSides() throws {
        let globals = GlobalParams(values: ["100000000000000000", "10000000000000000000", "0", "250000000000000000", "60",
                                            "5000000000000000", "100000000000000", "10000000000000000", "500000000000000000",
                                            "0", "0"].map { UInt256($0)! })!
        var state = try #require(try? EngineState.deploy(governance: .created(by: Actors.owner, nonce: 0), oracle: Actors.oracle, exchange: Actors.exchange, globalParams: globals,
                                                           context: CallContext(sender: Actors.owner, timestamp: 1_700_000_000)).get().state)
        let t: UInt256 = 1_700_000_030
        let flat = ["0", "0", "0", "0", "1000000000000000000", "1000000000000000", "0", "1000000000000000000", "0"]
        var zOne = flat
        zOne[1] = "10000000000000"
        let steps: [(Address, UInt256, EngineCall)] = [
            (Actors.owner, t, .listAsset(decimals: 0, weight: UInt256("200000000000000")!, price: UInt256("2000000000000000")!)),
            (Actors.owner, t, .listMarket(price: UInt256("40000000000000000000000")!, variance: 1, params: Self.params(zOne))),
            (Actors.owner, t, .listMarket(price: UInt256("150000000000000000000")!, variance: 2_500_000_000, params: Self.params(flat))),
            (Actors.owner, t, .setCorrelation(marketA: 0, marketB: 1, correlation: Int256(-200_000_000_000_000_000))),
            (Actors.trader(2), t, .deposit(asset: 0, amount: 20_000_000)),
            (Actors.trader(1), t, .deposit(asset: 0, amount: 20_000_000)),
            (Actors.exchange, t, .settleTrade(buyer: Actors.trader(1), seller: Actors.trader(2), market: 1,
                                              size: UInt256("500000000000000000000")!, price: UInt256("150000000000000000000")!)),
            (Actors.exchange, t &+ 2, .settleTrade(buyer: Actors.trader(1), seller: Actors.trader(2), market: 0,
                                                   size: 500_000_000_000, price: UInt256("40000000000000000000000")!)),
        ]
        for (from, time, call) in steps {
            #expect(!state.execute(call, context: CallContext(sender: from, timestamp: time)).isRevert, "\(call)")
        }
        let now = t &+ 2, trader = Actors.trader(1)
        let before = try state.maintenanceMargin(trader, now: now)
        var raised = state
        raised.markets[1].zLong = .one                     // trader 1 is long market 1
        let after = try raised.maintenanceMargin(trader, now: now)
        #expect(before == 283 && after == 282, "MM \(before) -> \(after)")
        #expect(!MarginMonotonicity.isHedged(ModelSystem(), state, trader, now))
        #expect(MarginMonotonicity.isHedged(ModelSystem(), raised, trader, now))
    }
}
