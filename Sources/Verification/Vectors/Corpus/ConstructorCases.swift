import ContractIO
import EVMArithmetic
import MarginEngine

/// Deployments that revert (Spec/operations/constructor.md, steps 1 and 2):
/// a zero role address, and each global parameter one past each of its
/// bounds. Every other case starts from a successful deployment, so without
/// these a constructor that checked nothing would pass the corpus.
enum ConstructorCases {
    typealias B = CaseBuilder

    static func all() -> [VectorCase] { zeroAddresses() + outOfBounds() + checkOrder() + atBounds() }

    static func deployment(governance: Address? = nil, oracle: Address = B.oracle, exchange: Address = B.exchange,
                           params: GlobalParams = Fixture.globalParams) -> VectorCase.Deployment {
        VectorCase.Deployment(deployer: B.owner, timestamp: B.start, governance: governance, oracle: oracle, exchange: exchange,
                              globalParams: params)
    }

    static func reverting(_ name: String, _ description: String, _ deployment: VectorCase.Deployment,
                          error: String) -> VectorCase {
        var c = VectorCase(operation: "constructor", suite: "errors", name: name, description: description,
                           deployment: deployment, setup: [], call: nil)
        c.promise = .revert(error)
        return c
    }

    /// Fixture parameters with parameter k set to `value`.
    static func params(_ k: Int, _ value: UInt256) -> GlobalParams {
        var values = Fixture.globalParams.values
        values[k] = value
        return GlobalParams(values: values)!
    }

    static func zeroAddresses() -> [VectorCase] {
        [
            reverting("oracle-zero", "A deployment whose oracle is the zero address reverts with ZeroAddress (step 1).",
                      deployment(oracle: .zero), error: "ZeroAddress"),
            reverting("exchange-zero", "A deployment whose exchange is the zero address reverts with ZeroAddress (step 1).",
                      deployment(exchange: .zero), error: "ZeroAddress"),
            reverting("governance-zero", "A deployment whose governance extension is the zero address reverts with ZeroAddress (step 1).",
                      deployment(governance: .zero), error: "ZeroAddress"),
        ]
    }

    /// Each parameter one below its lower bound (where that is a uint256)
    /// and one above its upper bound.
    static func outOfBounds() -> [VectorCase] {
        ParameterBounds.global.enumerated().flatMap { k, bounds in
            var cases: [VectorCase] = []
            if bounds.lo > .zero {
                cases.append(reverting("\(bounds.name)-below-lo",
                                       "A deployment with \(bounds.name) = lo - 1 = \(bounds.lo &- .one) reverts with ParameterOutOfBounds(\(k), \(bounds.lo &- .one)) (step 2).",
                                       deployment(params: params(k, bounds.lo &- .one)), error: "ParameterOutOfBounds"))
            }
            cases.append(reverting("\(bounds.name)-above-hi",
                                   "A deployment with \(bounds.name) = hi + 1 = \(bounds.hi &+ .one) reverts with ParameterOutOfBounds(\(k), \(bounds.hi &+ .one)) (step 2).",
                                   deployment(params: params(k, bounds.hi &+ .one)), error: "ParameterOutOfBounds"))
            return cases
        }
    }

    /// The checks' order decides which error a deployment with several
    /// faults names: the role addresses first, then the parameters in id order.
    static func checkOrder() -> [VectorCase] {
        let last = ParameterBounds.global.count - 1
        let hi = ParameterBounds.global
        var twoOut = Fixture.globalParams.values
        twoOut[1] = hi[1].hi &+ .one
        twoOut[last] = hi[last].hi &+ .one
        return [
            reverting("zero-address-before-bounds",
                      "A deployment with a zero exchange and every parameter at the fixture but \(hi[last].name) above its bound reverts with ZeroAddress: the role check comes first.",
                      deployment(exchange: .zero, params: params(last, hi[last].hi &+ .one)), error: "ZeroAddress"),
            reverting("lowest-id-first",
                      "A deployment with \(hi[1].name) and \(hi[last].name) both above their bounds names parameter 1, the lower id.",
                      deployment(params: GlobalParams(values: twoOut)!), error: "ParameterOutOfBounds"),
        ]
    }

    /// The other side of each check: a deployment with every parameter at
    /// its lower bound, and one with every parameter at its upper bound,
    /// succeeds and stores them (read back with `globalParams`).
    static func atBounds() -> [VectorCase] {
        [("all-at-lo", \ParameterBounds.lo, "lower"), ("all-at-hi", \ParameterBounds.hi, "upper")].map { name, bound, word in
            let b = B(globalParams: GlobalParams(values: ParameterBounds.global.map { $0[keyPath: bound] })!)
            return b.finish("globalParams", "constructor", name,
                            "A deployment with every global parameter at its \(word) bound succeeds; globalParams reads them back.",
                            call: .globalParams, from: B.keeper, expect: .success)
        }
    }
}
