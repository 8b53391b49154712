import EVMArithmetic
import MarginEngine

/// The fields of a call's events that the invariants read.
extension Array where Element == EngineEvent {
    var liquidation: (price: UInt256, penalty: UInt256, reward: UInt256, covered: UInt256)? {
        for event in self {
            if case let .liquidation(_, _, _, _, price, penalty, reward, covered) = event { return (price, penalty, reward, covered) }
        }
        return nil
    }

    var deleverage: (bankruptcyPrice: UInt256, fundUsed: UInt256)? {
        for event in self {
            if case let .deleverage(_, _, _, _, q, fundUsed) = event { return (q, fundUsed) }
        }
        return nil
    }

    var trade: (fee: UInt256, buyerRealised: Int256, sellerRealised: Int256)? {
        for event in self {
            if case let .trade(_, _, _, _, _, fee, b, s) = event { return (fee, b, s) }
        }
        return nil
    }
}
