import ContractABI
import ContractIO
import EVMArithmetic
import MarginEngine

/// Shrinks a counterexample to a small sequence that still violates the
/// same invariant: fewer calls, fewer actors, rounder and smaller numbers,
/// shorter pauses. Every candidate is replayed from deployment on the system
/// with that one invariant checked after every call, so the result does not
/// depend on the campaign's sampling. Deterministic: the candidates are
/// tried in a fixed order and the first that still fails is kept.
public struct Shrinker {
    public let system: any MarginSystem
    /// Replays allowed in all; the best sequence so far is kept when they run out.
    public var replayBudget: Int

    public init(system: any MarginSystem, replayBudget: Int = 3000) {
        self.system = system
        self.replayBudget = replayBudget
    }

    public struct Result: Sendable {
        public var counterexample: Counterexample
        /// How many candidate sequences were replayed.
        public var replays: Int
        /// Whether the original failed again on an exhaustive replay (false
        /// means the counterexample is returned as found).
        public var reproduced: Bool
    }

    public func shrink(_ original: Counterexample) -> Result {
        var state = Search(system: system, invariant: original.violation.invariant, deployment: original.deployment,
                           best: original.calls, violation: original.violation, budget: replayBudget)
        guard state.attempt(original.calls) else {
            return Result(counterexample: original, replays: state.replays, reproduced: false)
        }
        var improved = true
        while improved && state.replays < replayBudget {
            improved = false
            improved = state.deleteChunks() || improved
            improved = state.mergeActors() || improved
            improved = state.simplifyNumbers() || improved
            improved = state.closeTimeGaps() || improved
        }
        return Result(counterexample: Counterexample(deployment: original.deployment, calls: state.best, violation: state.violation),
                      replays: state.replays, reproduced: true)
    }

    private struct Search {
        let system: any MarginSystem
        let invariant: Invariant
        let deployment: VectorCase.Deployment
        var best: [Scenario.Call]
        var violation: Violation
        let budget: Int
        var replays = 0

        /// Keeps `candidate` (cut after its violating call) if it still fails.
        mutating func attempt(_ candidate: [Scenario.Call]) -> Bool {
            guard replays < budget, !candidate.isEmpty else { return false }
            replays += 1
            guard let (index, found) = PropertyRun.replay(system: system, deployment: deployment, calls: candidate,
                                                         invariants: [invariant]) else { return false }
            best = Array(candidate[...index])
            violation = found
            return true
        }

        // MARK: Fewer calls

        mutating func deleteChunks() -> Bool {
            var improved = false
            var size = max(best.count / 2, 1)
            while size >= 1 && replays < budget {
                var start = 0
                while start < best.count && replays < budget {
                    let end = min(start + size, best.count)
                    let candidate = Array(best[..<start]) + Array(best[end...])
                    if attempt(candidate) { improved = true } else { start += size }
                }
                size /= 2
            }
            return improved
        }

        // MARK: Fewer actors

        mutating func mergeActors() -> Bool {
            var improved = false
            var changed = true
            while changed && replays < budget {
                changed = false
                let actors = Set(best.flatMap { step in [step.from] + step.call.addressArguments }).filter(Actors.isMergeable).sorted()
                search: for x in actors.reversed() {
                    for y in actors where y < x {
                        let candidate = best.map { $0.replacing(x, with: y) }
                        if attempt(candidate) { changed = true; improved = true; break search }
                    }
                }
            }
            return improved
        }

        // MARK: Smaller, rounder numbers

        mutating func simplifyNumbers() -> Bool {
            var improved = false
            var i = 0
            while i < best.count && replays < budget {
                let arguments = best[i].call.arguments
                for j in arguments.indices where !best[i].call.isObservationTime(argument: j) {
                    for simpler in Shrinker.simpler(arguments[j]) {
                        guard i < best.count, let call = best[i].call.replacingArgument(j, with: simpler) else { break }
                        var candidate = best
                        candidate[i].call = call
                        if attempt(candidate) { improved = true; break }
                    }
                    if i >= best.count { break }
                }
                i += 1
            }
            return improved
        }

        // MARK: Shorter pauses

        /// Closes the pause before call i (then halves it), moving every later
        /// call and its observation times earlier by the same amount.
        mutating func closeTimeGaps() -> Bool {
            var improved = false
            var i = 1
            while i < best.count && replays < budget {
                let gap = best[i].timestamp &- best[i - 1].timestamp
                for shift in [gap, gap.shiftedRight(by: 1)] where !shift.isZero {
                    let floor = best[i - 1].timestamp
                    let candidate = best.enumerated().map { index, step in
                        index < i ? step : step.shifted(earlierBy: shift, notBefore: floor)
                    }
                    if attempt(candidate) { improved = true; break }
                }
                i += 1
            }
            return improved
        }
    }

    /// Simpler values than `value`, simplest first: 0, 1, then `value`
    /// rounded down to 1, 2 and 3 significant digits, then half of it.
    static func simpler(_ value: ABIValue) -> [ABIValue] {
        switch value {
        case let .uint256(x):
            return simpler(x).map { .uint256($0) }
        case let .int256(x):
            return simpler(x.magnitude).compactMap { m in Int256(negative: x.isNegative && !m.isZero, magnitude: m).map { .int256($0) } }
        default:
            return []
        }
    }

    static func simpler(_ x: UInt256) -> [UInt256] {
        var out: [UInt256] = []
        func add(_ v: UInt256) { if v < x && !out.contains(v) { out.append(v) } }
        add(.zero)
        add(.one)
        let digits = x.description.count
        for keep in 1...3 where digits > keep {
            let unit = Constants.pow10(digits - keep)
            if let (q, _) = x.quotientAndRemainder(dividingBy: unit) { add(q &* unit) }
        }
        add(x.shiftedRight(by: 1))
        return out
    }
}

extension EngineCall {
    /// The address arguments.
    var addressArguments: [Address] {
        arguments.compactMap { if case let .address(a) = $0 { return a } else { return nil } }
    }

    /// Whether argument j is an oracle observation time (shifted with the
    /// calls, never shrunk alone).
    func isObservationTime(argument j: Int) -> Bool {
        switch self {
        case .postPrice, .postAssetPrice: return j == 2
        default: return false
        }
    }

    /// The same call with argument j replaced; nil if it does not decode.
    func replacingArgument(_ j: Int, with value: ABIValue) -> EngineCall? {
        var values = arguments
        values[j] = value
        return try? EngineCall(calldata: function.selector + ABICodec.encode(values))
    }
}

extension Scenario.Call {
    func replacing(_ old: Address, with new: Address) -> Scenario.Call {
        var copy = self
        if copy.from == old { copy.from = new }
        let values = call.arguments.map { value -> ABIValue in
            if case let .address(a) = value, a == old { return .address(new) }
            return value
        }
        if values != call.arguments, let call = try? EngineCall(calldata: call.function.selector + ABICodec.encode(values)) {
            copy.call = call
        }
        return copy
    }

    /// The call `shift` seconds earlier; an observation time in it moves too,
    /// but not to or before `floor` unless it already was.
    func shifted(earlierBy shift: UInt256, notBefore floor: UInt256) -> Scenario.Call {
        var copy = self
        copy.timestamp = timestamp &- shift
        switch call {
        case let .postPrice(m, p, t) where t > floor:
            copy.call = .postPrice(market: m, price: p, timestamp: t >= floor &+ shift ? t &- shift : floor &+ .one)
        case let .postAssetPrice(a, p, t) where t > floor:
            copy.call = .postAssetPrice(asset: a, price: p, timestamp: t >= floor &+ shift ? t &- shift : floor &+ .one)
        default: break
        }
        return copy
    }
}
