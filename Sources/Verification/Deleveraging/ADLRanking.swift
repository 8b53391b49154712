import EVMArithmetic
import MarginEngine

/// Where the counterparty of one successful `deleverage` stood in the
/// ranking by `adlScore` (Spec/operations/views.md, "Auditing the ranking"),
/// computed on the model's state just before the call.
///
/// A position is eligible when the same call (bankrupt, market, size, keeper,
/// block) with it as counterparty succeeds on the model: the contract's own
/// checks decide (step 9's eligibility and step 15's margin), not a copy of
/// them. Scores come from the model's `adlScore`. Equal scores tie, and every
/// position tied at the top is an acceptable choice.
public struct ADLRanking: Sendable, Hashable {
    /// One position and its score; nil when `adlScore` reverts with checked
    /// arithmetic (only outside the in-bounds state), which ranks below every score.
    public struct Candidate: Sendable, Hashable {
        public let account: Address
        public let score: Int256?
    }

    /// How many of the positions ranked above the chosen one are kept for a report.
    public static let shownAhead = 3

    public let bankrupt: Address
    public let market: UInt256
    public let size: UInt256
    public let chosen: Candidate
    /// The best eligible positions that score strictly above the chosen one,
    /// best first (equal scores by address), at most `shownAhead`.
    public let ahead: [Candidate]
    /// How many eligible positions score strictly above the chosen one.
    public let aheadCount: Int

    /// 1 when no eligible position scores above the chosen one.
    public var rank: Int { aheadCount + 1 }
    public var isTopRanked: Bool { aheadCount == 0 }

    /// Ranks the counterparty of `call`, a `deleverage` that succeeded on
    /// `state` (the state just before it) at `context`; nil for any other call.
    public static func of(_ call: EngineCall, state: EngineState, context: CallContext) -> ADLRanking? {
        guard case let .deleverage(bankrupt, counterparty, market, size) = call,
              let m = market.uint64Value, m < UInt64(state.marketCount) else { return nil }
        let marketIndex = Int(m)
        let bankruptSize = state.account(bankrupt).positions[marketIndex].size
        let chosen = Candidate(account: counterparty, score: try? state.adlScore(counterparty, marketIndex))
        var ahead: [Candidate] = []
        // Sorted, so that the ranking does not depend on the dictionary's order.
        for account in state.accounts.keys.sorted() where account != bankrupt && account != counterparty {
            let c = state.account(account).positions[marketIndex].size
            // Only an opposite position can be eligible; the trial call below decides.
            guard !c.isZero, c.isNegative != bankruptSize.isNegative else { continue }
            let candidate = Candidate(account: account, score: try? state.adlScore(account, marketIndex))
            guard outranks(candidate.score, chosen.score) else { continue }
            var trial = state
            let swapped = EngineCall.deleverage(bankrupt: bankrupt, counterparty: account, market: market, size: size)
            if !trial.execute(swapped, context: context).isRevert { ahead.append(candidate) }
        }
        ahead.sort { outranks($0.score, $1.score) || ($0.score == $1.score && $0.account < $1.account) }
        return ADLRanking(bankrupt: bankrupt, market: market, size: size, chosen: chosen,
                          ahead: Array(ahead.prefix(shownAhead)), aheadCount: ahead.count)
    }

    /// Whether score `a` ranks strictly above `b`; a score that reverted ranks below any other.
    static func outranks(_ a: Int256?, _ b: Int256?) -> Bool {
        switch (a, b) {
        case let (a?, b?): return a > b
        case (.some, nil): return true
        case (nil, _): return false
        }
    }
}
