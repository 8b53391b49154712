import EVMArithmetic
import MarginEngine

/// The account-state JSON that `margin eval` reads (Spec/eval-state-format.md):
/// everything the margin depends on, and nothing else.
public struct StateFile: Sendable {
    public static let specVersion = "1.1.0"
    /// Files of Spec 1.0 are still read: their `ewmaLambda` is GARCH(1,1)
    /// with beta = lambda, alpha = WAD - lambda, omega = 0, the same variance.
    /// Files of 1.1.0-alpha.2 and alpha.3 (the same state) have no
    /// `depthFloor`; they read with a floor of WAD, which never thins the
    /// depth. Files before alpha.5 have no adaptive z: they read with zStep =
    /// zHeadroom = 0 and both sides' z at zScore. Files before alpha.6 have
    /// no identity tiers: no tier parameters, no attestation. Their margins
    /// are unchanged. A file of alpha.6 is 1.1.0's.
    public static let readableVersions = ["1.0.0", "1.1.0-alpha.2", "1.1.0-alpha.3", "1.1.0-alpha.4", "1.1.0-alpha.5",
                                          "1.1.0-alpha.6", specVersion]

    /// The versions with all 15 market parameters and each side's z.
    static let adaptiveZVersions = ["1.1.0-alpha.5"] + tieredVersions

    /// The versions with identity tiers.
    static let tieredVersions = ["1.1.0-alpha.6", specVersion]

    /// The contract state (roles are not part of the file and stay zero).
    public var state: EngineState
    /// The block.timestamp to evaluate at.
    public var timestamp: UInt256
    /// The accounts in file order.
    public var accounts: [Address]

    public init(state: EngineState, timestamp: UInt256, accounts: [Address]) {
        self.state = state
        self.timestamp = timestamp
        self.accounts = accounts
    }
}

extension StateFile {
    /// Reads and validates a state file (validation rules 1-6 of the Spec;
    /// rule 7, the evaluation time, is `validateEvaluationTime`).
    public init(json: JSONValue) throws(JSONPathError) {
        let top = JSONNode(json)
        let root = try top.object(required: [
            "specVersion", "timestamp", "insuranceFund", "globalParams", "assets", "markets", "correlations", "accounts",
        ], optional: ["tierParams"])
        let version = try root["specVersion"]!.string()
        guard StateFile.readableVersions.contains(version) else {
            let older = StateFile.readableVersions.dropLast().reversed().map(JSONNode.quote)
            throw root["specVersion"]!.error("expected \(JSONNode.quote(StateFile.specVersion)) (or \(older.dropLast().joined(separator: ", ")) "
                                             + "or \(older.last ?? "")), found \(JSONNode.quote(version))")
        }
        // Identity tiers came in alpha.6: required there, unknown before.
        let tiered = StateFile.tieredVersions.contains(version)
        try StateFile.requireTierKey(root["tierParams"], "tierParams", in: top, tiered: tiered, version: version)
        timestamp = try root["timestamp"]!.uint256()

        let global = try StateFile.readParams(root["globalParams"]!, ParameterBounds.global)
        var state = EngineState(owner: .zero, oracle: .zero, exchange: .zero,
                                globalParams: GlobalParams(values: global) ?? StateFile.zeroGlobal)
        if tiered { state.tierParams = try StateFile.readTierParams(root["tierParams"]!) }
        let fundNode = root["insuranceFund"]!
        state.insuranceFund = try fundNode.uint256()
        if state.insuranceFund > Constants.pow10(50) { throw fundNode.error("out of bounds, expected at most 10^50") }

        for node in try root["assets"]!.array(count: 0...Constants.maxAssets) {
            let fields = try node.object(required: ["decimals", "weight", "price", "priceTime"])
            let decimals = try fields["decimals"]!.uint256()
            if decimals > 18 { throw fields["decimals"]!.error("expected at most 18, found \(decimals)") }
            let weight = try StateFile.bounded(fields["weight"]!, ParameterBounds.assetWeight)
            let price = try StateFile.price(fields["price"]!)
            state.assets.append(Asset(decimals: decimals, weight: weight, price: price,
                                      priceTime: try fields["priceTime"]!.uint256()))
        }

        for node in try root["markets"]!.array(count: 0...Constants.maxMarkets) {
            let adaptive = StateFile.adaptiveZVersions.contains(version)
            let fields = try node.object(required: ["price", "priceTime", "variance", "breakerUntil", "openInterest"]
                + (adaptive ? ["zLong", "zShort"] : []) + ["params"])
            let variance = try fields["variance"]!.uint256()
            if variance > Constants.maxVariance {
                throw fields["variance"]!.error("out of bounds, expected at most 10^13")
            }
            let params = try StateFile.readMarketParams(fields["params"]!, version: version)
            var market = Market(
                price: try StateFile.price(fields["price"]!), priceTime: try fields["priceTime"]!.uint256(),
                variance: variance, breakerUntil: try fields["breakerUntil"]!.uint256(),
                openInterest: try fields["openInterest"]!.uint256(),
                params: params)
            if adaptive {
                market.zLong = try StateFile.adaptiveZ(fields["zLong"]!, params)
                market.zShort = try StateFile.adaptiveZ(fields["zShort"]!, params)
            }
            state.markets.append(market)
        }

        let n = state.markets.count
        let wad = Int256(bitPattern: Constants.wad)
        let rows = try root["correlations"]!.array(count: n...n)
        var matrix: [[Int256]] = []
        for row in rows {
            var values: [Int256] = []
            for cell in try row.array(count: n...n) {
                let rho = try cell.int256()
                if rho < wad.wrappingNegation || rho > wad {
                    throw cell.error("out of bounds, expected -10^18 to 10^18")
                }
                values.append(rho)
            }
            matrix.append(values)
        }
        for i in 0..<n {
            if matrix[i][i] != wad { throw rows[i].error("diagonal entry [\(i)] must be 10^18") }
            for j in 0..<n where matrix[i][j] != matrix[j][i] {
                throw rows[i].error("entry [\(j)] differs from correlations[\(j)][\(i)]: the matrix must be symmetric")
            }
            for j in 0..<n {
                state.correlation[i][j] = matrix[i][j]
                if i < j { state.correlationSet[i][j] = true }
            }
        }

        var accounts: [Address] = []
        for node in try root["accounts"]!.array() {
            let fields = try node.object(required: ["address", "cash", "collateral", "positions"], optional: ["attestation"])
            try StateFile.requireTierKey(fields["attestation"], "attestation", in: node, tiered: tiered, version: version)
            let address = try fields["address"]!.address()
            if state.accounts[address] != nil || accounts.contains(address) {
                throw fields["address"]!.error("address \(address) appears twice")
            }
            var account = Account()
            account.cash = try fields["cash"]!.int256()
            if account.cash.magnitude > Constants.pow10(50) {
                throw fields["cash"]!.error("out of bounds, expected |cash| <= 10^50")
            }
            for (a, cell) in try fields["collateral"]!.array(count: state.assets.count...state.assets.count).enumerated() {
                let amount = try cell.uint256()
                let (scaled, overflow) = amount.multipliedReportingOverflow(by: state.assets[a].scale)
                if overflow || scaled > Constants.maxCollateral {
                    throw cell.error("out of bounds, expected a balance of at most 10^30 scaled to 18 decimals")
                }
                account.collateral[a] = amount
            }
            for (m, cell) in try fields["positions"]!.array(count: n...n).enumerated() {
                let p = try cell.object(required: ["size", "openNotional"])
                let size = try p["size"]!.int256(), openNotional = try p["openNotional"]!.int256()
                if size.magnitude > Constants.maxPositionSize {
                    throw p["size"]!.error("out of bounds, expected |size| <= 10^26")
                }
                if openNotional.magnitude > Constants.pow10(34) &+ Constants.pow10(20) {
                    throw p["openNotional"]!.error("out of bounds, expected |openNotional| <= 10^34 + 10^20")
                }
                let signOK = openNotional.isZero || (!size.isZero && size.isNegative == openNotional.isNegative)
                if !signOK {
                    throw p["openNotional"]!.error("must have the sign of size, or be 0, and be 0 when size is 0")
                }
                account.positions[m] = Position(size: size, openNotional: openNotional)
            }
            if tiered { account.attestation = try StateFile.readAttestation(fields["attestation"]!) }
            accounts.append(address)
            if !account.isEmpty { state.accounts[address] = account }
        }
        self.state = state
        self.accounts = accounts
    }

    /// Rule 7: the evaluation time is at or after every price time.
    public func validateEvaluationTime(_ at: UInt256) throws(JSONPathError) {
        for (a, asset) in state.assets.enumerated() where asset.priceTime > at {
            throw JSONPathError(path: "assets[\(a)].priceTime",
                                message: "\(asset.priceTime) is after the evaluation time \(at)")
        }
        for (m, market) in state.markets.enumerated() where market.priceTime > at {
            throw JSONPathError(path: "markets[\(m)].priceTime",
                                message: "\(market.priceTime) is after the evaluation time \(at)")
        }
    }

    private static func readParams(_ node: JSONNode, _ bounds: [ParameterBounds]) throws(JSONPathError) -> [UInt256] {
        let fields = try node.object(required: bounds.map(\.name))
        var values: [UInt256] = []
        for b in bounds { values.append(try bounded(fields[b.name]!, b)) }
        return values
    }

    /// A market's parameters; a 1.0 file names `ewmaLambda` where 1.1 has the
    /// three GARCH weights and no `oracleCadence`, which its EWMA does not use;
    /// files before alpha.4 have no `depthFloor`.
    private static func readMarketParams(_ node: JSONNode, version: String) throws(JSONPathError) -> MarketParams {
        let garch = MarketParams.garchBetaIndex
        if version == "1.0.0" {
            let shared = Array(ParameterBounds.market[..<garch])
            let fields = try node.object(required: shared.map(\.name) + ["ewmaLambda"])
            var values: [UInt256] = []
            for b in shared { values.append(try bounded(fields[b.name]!, b)) }
            values.append(try bounded(fields["ewmaLambda"]!, ParameterBounds.market[garch]))
            return MarketParams(spec10Values: values)!
        }
        let params: MarketParams
        if adaptiveZVersions.contains(version) {
            params = MarketParams(values: try readParams(node, ParameterBounds.market))!
        } else {
            let known = version == "1.1.0-alpha.4" ? 13 : 12
            params = MarketParams(earlierValues: try readParams(node, Array(ParameterBounds.market.prefix(known))))!
        }
        if !params.hasValidGarch {
            throw node.error("garchAlpha + garchBeta is above 10^18, or equal to it with a garchOmega other than 0")
        }
        return params
    }

    /// A key of the identity tiers: required from alpha.6, unknown in an earlier file.
    private static func requireTierKey(_ member: JSONNode?, _ key: String, in parent: JSONNode, tiered: Bool,
                                       version: String) throws(JSONPathError) {
        if tiered && member == nil { throw parent.error("missing key \"\(key)\"") }
        if !tiered, let member {
            throw member.error("unknown key in a \(version) file: identity tiers came in \(tieredVersions[0])")
        }
    }

    /// The four tier parameters, each within its bounds and every discount
    /// at most the cap, as setTierParams keeps them.
    private static func readTierParams(_ node: JSONNode) throws(JSONPathError) -> TierParams {
        let fields = try node.object(required: ParameterBounds.tier.map(\.name))
        let params = TierParams(values: try readParams(node, ParameterBounds.tier))!
        for (i, discount) in params.discounts.enumerated() where discount > params.maxTierDiscount {
            throw fields[ParameterBounds.tier[i + 1].name]!.error("expected at most maxTierDiscount (\(params.maxTierDiscount)), found \(discount)")
        }
        return params
    }

    /// An account's attestation: tier 1 to 3 with an expiry, or 0 and 0.
    private static func readAttestation(_ node: JSONNode) throws(JSONPathError) -> Attestation {
        let fields = try node.object(required: ["tier", "expiry"])
        let tier = try fields["tier"]!.uint256(), expiry = try fields["expiry"]!.uint256()
        if tier > UInt256(UInt64(Constants.maxTier)) || (tier.isZero && !expiry.isZero) {
            throw fields["tier"]!.error("expected 1 to 3 with a non-zero expiry, or 0 with expiry 0, found \(tier)")
        }
        if !tier.isZero && expiry.isZero {
            throw fields["expiry"]!.error("expected a non-zero expiry for tier \(tier)")
        }
        return Attestation(tier: tier, expiry: expiry)
    }

    /// A side's adaptive z: within [zScore, zScore + zHeadroom], as postPrice
    /// and setMarketParams keep it (both bounded by 10^19, so the sum is exact).
    private static func adaptiveZ(_ node: JSONNode, _ params: MarketParams) throws(JSONPathError) -> UInt256 {
        let value = try node.uint256()
        let top = params.zScore &+ params.zHeadroom
        if value < params.zScore || value > top {
            throw node.error("out of bounds, expected zScore to zScore + zHeadroom (\(params.zScore) to \(top))")
        }
        return value
    }

    private static func bounded(_ node: JSONNode, _ bounds: ParameterBounds) throws(JSONPathError) -> UInt256 {
        let value = try node.uint256()
        if !bounds.contains(value) { throw node.error("out of bounds, expected \(bounds.lo) to \(bounds.hi)") }
        return value
    }

    private static func price(_ node: JSONNode) throws(JSONPathError) -> UInt256 {
        let value = try node.uint256()
        if value < Constants.minPrice || value > Constants.maxPrice {
            throw node.error("out of bounds, expected a price from 1 to 10^26")
        }
        return value
    }

    private static let zeroGlobal = GlobalParams(values: Array(repeating: .zero, count: 11))!
}

extension StateFile {
    /// The state as canonical JSON (Spec/eval-state-format.md).
    public var json: JSONValue {
        func u(_ x: UInt256) -> JSONValue { .string(x.description) }
        func i(_ x: Int256) -> JSONValue { .string(x.description) }
        func params(_ values: [UInt256], _ bounds: [ParameterBounds]) -> JSONValue {
            .object(zip(bounds, values).map { ($0.name, u($1)) })
        }
        let n = state.marketCount
        return .object([
            ("specVersion", .string(StateFile.specVersion)),
            ("timestamp", u(timestamp)),
            ("insuranceFund", u(state.insuranceFund)),
            ("globalParams", params(state.globalParams.values, ParameterBounds.global)),
            ("tierParams", params(state.tierParams.values, ParameterBounds.tier)),
            ("assets", .array(state.assets.map { a in
                .object([("decimals", u(a.decimals)), ("weight", u(a.weight)), ("price", u(a.price)),
                         ("priceTime", u(a.priceTime))])
            })),
            ("markets", .array(state.markets.map { m in
                .object([("price", u(m.price)), ("priceTime", u(m.priceTime)), ("variance", u(m.variance)),
                         ("breakerUntil", u(m.breakerUntil)), ("openInterest", u(m.openInterest)),
                         ("zLong", u(m.zLong)), ("zShort", u(m.zShort)),
                         ("params", params(m.params.values, ParameterBounds.market))])
            })),
            ("correlations", .array((0..<n).map { r in .array((0..<n).map { c in i(state.correlation[r][c]) }) })),
            ("accounts", .array(accounts.map { address in
                let account = state.account(address)
                return .object([
                    ("address", .string(address.description)),
                    ("attestation", .object([("tier", u(account.attestation.tier)), ("expiry", u(account.attestation.expiry))])),
                    ("cash", i(account.cash)),
                    ("collateral", .array(account.collateral.prefix(state.assetCount).map(u))),
                    ("positions", .array(account.positions.prefix(n).map { p in
                        .object([("size", i(p.size)), ("openNotional", i(p.openNotional))])
                    })),
                ])
            })),
        ])
    }
}
