import EVMArithmetic

extension Address {
    /// The address of the contract `sender` creates with its `nonce`-th
    /// transaction: the last 20 bytes of keccak256(rlp([sender, nonce])).
    /// Nonces up to 127, each one RLP byte (0 is the empty string, 0x80):
    /// the deployments here are a deployer's first.
    public static func created(by sender: Address, nonce: UInt8) -> Address {
        precondition(nonce < 0x80, "a nonce of one RLP byte")
        let encodedNonce: UInt8 = nonce == 0 ? 0x80 : nonce
        let rlp: [UInt8] = [0xD6, 0x94] + sender.bytes + [encodedNonce]
        let hash = Keccak256.hash(rlp)
        return Address(word: UInt256(bigEndianBytes: hash.suffix(20))!)!
    }
}
