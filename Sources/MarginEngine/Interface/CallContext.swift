import EVMArithmetic

/// Who calls and when: `msg.sender` and `block.timestamp`.
public struct CallContext: Sendable, Hashable {
    public var sender: Address
    public var timestamp: UInt256

    public init(sender: Address, timestamp: UInt256) {
        self.sender = sender
        self.timestamp = timestamp
    }
}
