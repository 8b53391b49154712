import EVMArithmetic

// EIP-55: the mixed-case address text that wallets, alloy (and so anvil's
// traces) print, with a checksum in the case of the letters.

extension Address {
    /// The EIP-55 form: "0x" and 40 hex digits, where the letter at digit i is
    /// upper case when nibble i of keccak256(the 40 lowercase digits) is 8 or more.
    public var checksummed: String {
        let lowercase = Array(description.utf8.dropFirst(2))
        let hash = Keccak256.hash(lowercase)
        var text: [UInt8] = Array("0x".utf8)
        for (i, digit) in lowercase.enumerated() {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0F
            let isLetter = digit >= UInt8(ascii: "a")
            text.append(isLetter && nibble >= 8 ? digit - 0x20 : digit)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
