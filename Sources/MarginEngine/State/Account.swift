import EVMArithmetic

/// One position: signed size and signed entry cost (Spec/state.md).
public struct Position: Sendable, Hashable {
    /// WAD units; > 0 long, < 0 short.
    public var size: Int256
    /// Signed entry cost, same sign as size, 0 when size is 0.
    public var openNotional: Int256

    public init(size: Int256 = .zero, openNotional: Int256 = .zero) {
        self.size = size
        self.openNotional = openNotional
    }

    public static let flat = Position()
}

/// Everything stored per address; all zero for an address never seen.
public struct Account: Sendable, Hashable {
    /// Native-decimal balances, indexed by asset id (always MAX_ASSETS long).
    public var collateral: [UInt256]
    /// Realised PnL, fees, penalties, rewards, fund cover: signed WAD USD.
    public var cash: Int256
    /// Indexed by market id (always MAX_MARKETS long).
    public var positions: [Position]
    /// The identity tier the attestor posted, if any.
    public var attestation: Attestation

    public init() {
        collateral = Array(repeating: .zero, count: Constants.maxAssets)
        cash = .zero
        positions = Array(repeating: .flat, count: Constants.maxMarkets)
        attestation = .none
    }

    public static let empty = Account()

    public var isEmpty: Bool { self == Account.empty }
}
