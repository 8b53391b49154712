// Building a contract state field by field, for the pure margin functions:
// margin.md reads only storage, so a test can set exactly the storage a
// formula needs without a call history.
@testable import MarginEngine
import EVMArithmetic

struct StateBuilder {
    var state: EngineState

    init(_ params: GlobalParams = .standard, fund: UInt256 = .zero) {
        state = EngineState(owner: Actor.owner, oracle: Actor.oracle, exchange: Actor.exchange, globalParams: params)
        state.insuranceFund = fund
    }

    @discardableResult
    mutating func market(price: UInt256, priceTime: UInt256 = Chain.genesis, variance: UInt256,
                         breakerUntil: UInt256 = .zero, params: MarketParams = .standard) -> Int {
        let m = state.marketCount
        state.markets.append(Market(price: price, priceTime: priceTime, variance: variance,
                                    breakerUntil: breakerUntil, openInterest: .zero, params: params))
        state.correlation[m][m] = Int256(bitPattern: wad("1"))
        return m
    }

    @discardableResult
    mutating func asset(decimals: UInt256, weight: UInt256, price: UInt256, priceTime: UInt256 = Chain.genesis) -> Int {
        state.assets.append(Asset(decimals: decimals, weight: weight, price: price, priceTime: priceTime))
        return state.assetCount - 1
    }

    mutating func correlate(_ a: Int, _ b: Int, _ rho: Int256) {
        state.correlation[a][b] = rho
        state.correlation[b][a] = rho
        state.correlationSet[min(a, b)][max(a, b)] = true
    }

    mutating func position(_ account: Address, _ m: Int, size: Int256, openNotional: Int256) {
        edit(account) { $0.positions[m] = Position(size: size, openNotional: openNotional) }
    }

    mutating func collateral(_ account: Address, _ a: Int, _ amount: UInt256) {
        edit(account) { $0.collateral[a] = amount }
    }

    mutating func cash(_ account: Address, _ cash: Int256) {
        edit(account) { $0.cash = cash }
    }

    private mutating func edit(_ account: Address, _ body: (inout Account) -> Void) {
        var value = state.accounts[account] ?? Account()
        body(&value)
        state.accounts[account] = value.isEmpty ? nil : value
    }
}
