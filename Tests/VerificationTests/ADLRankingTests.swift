import ContractIO
import EVMArithmetic
import Foundation
import MarginEngine
import SpecText
import Testing
@testable import Verification

/// The deleveraging-ranking audit on traces of the real contract
/// (Tests/Data/adl/README.md): the scores it ranks by are checked against
/// the contract's own `adlScore` outputs recorded in the same trace.
@Suite struct ADLRankingTests {
    static let bob = try! Address(parsing: "0x" + String(repeating: "b2", count: 20))
    static let carol = try! Address(parsing: "0x" + String(repeating: "c3", count: 20))
    static let frank = try! Address(parsing: "0x" + String(repeating: "f6", count: 20))

    static func fixture(_ name: String) -> String {
        SpecDocument.repositoryRoot.appendingPathComponent("Tests/Data/adl/\(name).jsonl").path
    }

    /// The contract's `adlScore(account, 0)` outputs in a trace, by account.
    static func contractScores(_ name: String) throws -> [Address: Int256] {
        let reader = try TraceReader(path: fixture(name))
        var scores: [Address: Int256] = [:]
        while let frame = try reader.next() {
            guard frame.kind == .staticCall, case let .adlScore(account, _)? = try? EngineCall(calldata: frame.input),
                  frame.output.count == 32 else { continue }
            scores[account] = Int256(bitPattern: try #require(UInt256(bigEndianBytes: frame.output)))
        }
        return scores
    }

    @Test func misrankedDeleverageIsAFindingRankedByTheContractsScores() throws {
        let result = try TraceDiff.run(path: Self.fixture("adl-misranked"), all: true, contextSize: 0)
        let scores = try Self.contractScores("adl-misranked")
        #expect(result.divergences.isEmpty)
        #expect(result.adlAudit.audited == 1)
        try #require(result.adlAudit.findings.count == 1, "\(result.adlAudit)")
        let finding = result.adlAudit.findings[0]
        let ranking = finding.ranking
        #expect(ranking.chosen.account == Self.carol && ranking.rank == 2 && ranking.aheadCount == 1)
        #expect(ranking.ahead.map(\.account) == [Self.bob])
        // The contract ranks Bob above Carol; the audit's scores are the contract's.
        #expect(try #require(scores[Self.bob]) > (try #require(scores[Self.carol])), "\(scores)")
        #expect(ranking.chosen.score == scores[Self.carol])
        #expect(ranking.ahead.first?.score == scores[Self.bob])
        #expect(finding.place == .trace(index: 12, line: 14))   // line 1 deploys the governance extension
        #expect(!result.passes(failOnADLRanking: true) && result.passes(failOnADLRanking: false))
    }

    @Test func topRankedDeleverageHasNoFinding() throws {
        let result = try TraceDiff.run(path: Self.fixture("adl-top-ranked"), all: true, contextSize: 0)
        #expect(result.divergences.isEmpty)
        #expect(result.adlAudit.audited == 1)
        #expect(result.adlAudit.findingCount == 0, "\(result.adlAudit.findings)")
        #expect(result.passes(failOnADLRanking: true))
    }

    /// Frank holds exactly Bob's account: the contract gives both the same
    /// score, so either is an acceptable choice.
    @Test func positionsTiedAtTheTopScoreAreAllAcceptable() throws {
        let scores = try Self.contractScores("adl-tie")
        #expect(scores[Self.frank] != nil && scores[Self.frank] == scores[Self.bob], "\(scores)")
        let result = try TraceDiff.run(path: Self.fixture("adl-tie"), all: true, contextSize: 0)
        #expect(result.divergences.isEmpty)
        #expect(result.adlAudit.audited == 1)
        #expect(result.adlAudit.findingCount == 0, "\(result.adlAudit.findings)")
    }

    /// The state of a fixture trace just before its deleverage, with the call's context.
    static func stateBeforeDeleverage(_ name: String) throws -> (EngineState, CallContext) {
        let reader = try TraceReader(path: fixture(name))
        var replayer = TraceReplayer()
        while let frame = try reader.next() {
            if ADLAudit.isDeleverage(input: frame.input) {
                return (try #require(replayer.state), CallContext(sender: frame.from, timestamp: frame.timestamp))
            }
            _ = try replayer.replay(frame)
        }
        throw TraceDiff.Failure.input("\(name): no deleverage")
    }

    /// Zed, short 1 ETH entered at 3,000, scores above Bob. For a 2 ETH
    /// deleverage he is too small (step 9); for 1 ETH he ranks first when his
    /// equity can absorb the bankruptcy price, and not at all when step 15
    /// would refuse him. The same call decides, not a restated check.
    @Test func onlyPositionsTheSameCallAcceptsAreRanked() throws {
        let (before, context) = try Self.stateBeforeDeleverage("adl-misranked")
        let wad = Int256(bitPattern: .wad)
        let zed = try Address(parsing: "0x" + String(repeating: "2e", count: 20))
        let alice = try Address(parsing: "0x" + String(repeating: "a1", count: 20))
        func withZed(cash: Int64) throws -> EngineState {
            var state = before
            var account = Account()
            account.cash = try Int256(cash).checkedMul(wad)
            account.positions[0] = Position(size: try Int256(-1).checkedMul(wad), openNotional: try Int256(-3000).checkedMul(wad))
            state.accounts[zed] = account
            return state
        }
        func rank(_ state: EngineState, size: UInt256) throws -> ADLRanking {
            try #require(ADLRanking.of(.deleverage(bankrupt: alice, counterparty: Self.carol, market: .zero, size: size),
                                       state: state, context: context))
        }
        let rich = try withZed(cash: 10_000), poor = try withZed(cash: 1000)
        for state in [rich, poor] {
            #expect(try state.adlScore(zed, 0) > (try state.adlScore(Self.bob, 0)))
        }
        let two = try rank(rich, size: UInt256(2_000_000_000_000_000_000))
        #expect(two.ahead.map(\.account) == [Self.bob], "\(two)")
        let one = try rank(rich, size: .wad)
        #expect(one.ahead.map(\.account) == [zed, Self.bob] && one.rank == 3, "\(one)")
        // About 3,000 of deficit on 1 ETH: Zed's 2,300 of equity would go negative.
        var trial = poor
        let refused = trial.execute(.deleverage(bankrupt: alice, counterparty: zed, market: .zero, size: .wad), context: context)
        guard case let .revert(revert) = refused else { Issue.record("expected step 15 to refuse Zed, got \(refused)"); return }
        #expect(revert.name == "InsufficientMargin", "\(revert)")
        let poorOne = try rank(poor, size: .wad)
        #expect(poorOne.ahead.map(\.account) == [Self.bob], "\(poorOne)")
    }

    @Test func aScoreThatRevertsRanksBelowEveryScore() {
        #expect(ADLRanking.outranks(.zero, nil))
        #expect(ADLRanking.outranks(Int256(-1), nil))
        #expect(!ADLRanking.outranks(nil, nil))
        #expect(!ADLRanking.outranks(nil, .zero))
        #expect(!ADLRanking.outranks(.one, .one))
    }
}
