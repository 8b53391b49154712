import EVMArithmetic
import MarginEngine

extension EngineCall {
    /// A settlement in which `trader` buys (or sells) `size` from (or to)
    /// `counterparty`: the generator's probes say which side a trader
    /// takes, and this says who is the buyer.
    static func trade(_ trader: Address, buys: Bool, against counterparty: Address, market: UInt256, size: UInt256,
                      price: UInt256) -> EngineCall {
        buys ? .settleTrade(buyer: trader, seller: counterparty, market: market, size: size, price: price)
             : .settleTrade(buyer: counterparty, seller: trader, market: market, size: size, price: price)
    }
}
