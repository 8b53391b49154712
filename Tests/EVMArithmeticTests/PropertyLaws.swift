// Running a law over many edge-biased inputs, and the helpers that state a
// law and report its inputs when it fails.
//
// propertyCheck gives every case a fresh random seed, prints that seed on a
// failure (add `.fixedSeed("...")` to the @Test to replay it) and shrinks the
// failing input. Its per-case cost is high next to one 256-bit operation, so
// each case checks a batch of operands; a failing batch first shrinks to the
// one failing operand tuple, then that tuple's words shrink toward zero.
import ExactArithmetic
import EVMArithmetic
import Foundation
import PropertyBased
import Testing

enum PropertyBudget {
    /// Inputs each operation is checked on: `DM_PROPERTY_COUNT`, default 100,000.
    static let inputsPerOperation: Int = {
        guard let text = ProcessInfo.processInfo.environment["DM_PROPERTY_COUNT"] else { return 100_000 }
        guard let count = Int(text), count > 0 else {
            fatalError("DM_PROPERTY_COUNT=\(text): expected a positive integer")
        }
        return count
    }()

    /// Operand tuples per propertyCheck case.
    static let batchSize = 100

    /// Successful shrinking steps before the smallest failure so far is reported.
    static let shrinkSteps = 100
}

/// Checks `law` on at least `inputs` operand tuples of `arity` words from
/// `OperandGenerator`, reshaped by `shape` when given. The law returns
/// whether it held and records its own issue (with the operands) when not.
func forAll(
    _ arity: Int,
    inputs: Int = PropertyBudget.inputsPerOperation,
    shaped shape: (@Sendable (inout Operands, inout Xoshiro) -> Void)? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ law: (Operands) -> Bool
) async {
    let batchSize = min(PropertyBudget.batchSize, inputs)
    let cases = (inputs + batchSize - 1) / batchSize
    let batches = Generator<OperandBatch, [OperandBatch]>(
        run: { source in
            var rng = Xoshiro(seed: (source.next(), source.next(), source.next(), source.next()))
            return OperandBatch(tuples: (0..<batchSize).map { _ in
                var operands = OperandGenerator.operands(arity, &rng)
                shape?(&operands, &rng)
                return operands
            })
        },
        shrink: { batch in
            // Every candidate is one step further than its parent, so
            // shrinking stops after `shrinkSteps` successes even where each
            // step can only subtract a little.
            let tuples = batch.tuples, steps = batch.shrinkSteps + 1
            if steps > PropertyBudget.shrinkSteps { return [] }
            return tuples.count > 1
                ? tuples.map { OperandBatch(tuples: [$0], shrinkSteps: steps) }
                : OperandGenerator.shrink(tuples[0]).map { OperandBatch(tuples: [$0], shrinkSteps: steps) }
        }
    )
    await propertyCheck(count: cases, input: batches, perform: { batch in
        // The first failure in a batch is enough; shrinking isolates it.
        for operands in batch.tuples where !law(operands) { break }
    }, sourceLocation: sourceLocation)
}

/// The operand tuples of one propertyCheck case. It prints as its single
/// tuple once shrinking has isolated the failing one.
struct OperandBatch: Sendable, CustomStringConvertible {
    var tuples: [Operands]
    /// How many shrinking steps led here (0 for a generated batch).
    var shrinkSteps = 0

    var description: String {
        tuples.count == 1 ? tuples[0].description : "a batch of \(tuples.count) operand tuples"
    }
}

/// Records an issue naming the operation and its operands when `actual`
/// differs from `expected`; returns whether they agree.
@discardableResult
func expectSame<Value: Equatable>(
    _ actual: Value, _ expected: Value, _ operation: @autoclosure () -> String, _ operands: Operands,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    if actual == expected { return true }
    Issue.record(
        "\(operation()) of \(operands): expected \(shown(expected)), got \(shown(actual))",
        sourceLocation: sourceLocation)
    return false
}

/// A value for a failure message; words in decimal through GMP.
func shown(_ value: Any) -> String {
    switch value {
    case let word as UInt256: return Operands.decimal(word)
    case let number as Int256: return MPZ(number).text()
    case let result as Checked<UInt256>: return shown(result)
    case let result as Checked<Int256>: return shown(result)
    case let division as Division: return "(quotient \(shown(division.quotient)), remainder \(shown(division.remainder)))"
    case let division as Division?: return division.map { shown($0) } ?? "nil"
    default: return String(describing: value)
    }
}

func shown<Value>(_ result: Checked<Value>) -> String {
    switch result {
    case let .success(value): return shown(value)
    case let .failure(failure): return "revert \(failure.name)"
    }
}

/// A quotient and remainder, comparable as one answer.
struct Division: Equatable {
    var quotient: UInt256
    var remainder: UInt256
}

/// The division rule for truncated division, checked exactly:
/// a = q * b + r with |r| < |b| and r zero or of a's sign.
@discardableResult
func divisionRuleHolds(
    _ a: MPZ, _ b: MPZ, _ q: MPZ, _ r: MPZ, _ operation: @autoclosure () -> String, _ operands: Operands,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    let holds = q * b + r == a && r.magnitude < b.magnitude && (r.signum == 0 || r.signum == a.signum)
    if !holds {
        Issue.record(
            "\(operation()) of \(operands): q = \(q), r = \(r) break a = q * b + r, |r| < |b|, sign(r) = sign(a)",
            sourceLocation: sourceLocation)
    }
    return holds
}
