// JSON form: integers are decimal strings, so Foundry's vm.parseJson, Python
// and JavaScript read them without loss. Decoding also takes 0x-hex strings;
// JSON numbers are refused, because a parser may already have rounded them.

extension UInt256: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        do {
            text = try container.decode(String.self)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a uint256 as a decimal or 0x-hex string")
        }
        do {
            self = try UInt256(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Int256: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        do {
            text = try container.decode(String.self)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an int256 as a signed decimal or 0x-hex string")
        }
        do {
            self = try Int256(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
