import EVMArithmetic

/// The addresses of generated call sequences (props runs and scenarios),
/// with names for reports.
public enum Actors {
    public static let owner = Address(0x1000)
    public static let oracle = Address(0x2000)
    public static let exchange = Address(0x3000)
    /// The keys `setRoles` rotates to and back.
    public static let otherOracle = Address(0x2001)
    public static let otherExchange = Address(0x3001)
    /// An address with no role and no account, for wrong-role calls.
    public static let stranger = Address(0xC001)
    /// Posts identity tiers (setAttestor makes it the attestor in every world).
    public static let attestor = Address(0x4000)
    public static let startTime = UInt256(1_700_000_000)

    public static func trader(_ i: Int) -> Address { Address(0xA001 + UInt64(i)) }
    public static func keeper(_ i: Int) -> Address { Address(0xB001 + UInt64(i)) }

    /// Whether shrinking may merge this actor into another: traders,
    /// keepers and the stranger, never a role.
    static func isMergeable(_ address: Address) -> Bool {
        guard let value = address.word.uint64Value else { return false }
        return (0xA001...0xA0FF).contains(value) || (0xB001...0xB0FF).contains(value) || value == 0xC001
    }

    /// "trader1", "keeper2", "owner", … or the hex address.
    public static func label(_ address: Address) -> String {
        guard let value = address.word.uint64Value else { return address.description }
        switch value {
        case 0x1000: return "owner"
        case 0x2000: return "oracle"
        case 0x3000: return "exchange"
        case 0x2001: return "oracle2"
        case 0x3001: return "exchange2"
        case 0x4000: return "attestor"
        case 0xC001: return "stranger"
        case 0xA001...0xA0FF: return "trader\(value - 0xA000)"
        case 0xB001...0xB0FF: return "keeper\(value - 0xB000)"
        default: return address.description
        }
    }
}
