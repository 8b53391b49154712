import Testing
@testable import ContractABI

// Expected digests come from an independent implementation, not from this
// package: pycryptodome 4.4.0, `Crypto.Hash.keccak.new(digest_bits=256)`
// (and `Crypto.Hash.SHA3_256` for the SHA3 contrast), run in a throwaway
// virtualenv. The patterned inputs are `bytes(i % 256 for i in range(n))`.

/// The bytes 0, 1, 2, …, 255, 0, 1, … of length `count`.
private func pattern(count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0) }
}

/// Lower-case hex, two digits per byte.
private func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
}

@Test func emptyInputHashesToTheEthereumEmptyHash() {
    #expect(hex(Keccak256.hash([UInt8]())) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    #expect(hex(Keccak256.hash("")) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
}

@Test func abcMatchesTheReferenceDigest() {
    #expect(hex(Keccak256.hash("abc")) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
}

@Test func stringsAreHashedAsTheirUTF8Bytes() {
    let text = "Δ margin €"
    #expect(hex(Keccak256.hash(text)) == "6b849e94be68f061d6b54cebb2182528af75cbd4d2c19641237df1d74fb87019")
    #expect(Keccak256.hash(text) == Keccak256.hash(Array(text.utf8)))
}

@Test(arguments: [
    ("transfer(address,uint256)", "a9059cbb"),
    ("Panic(uint256)", "4e487b71"),
    ("Error(string)", "08c379a0"),
])
func selectorIsTheFirstFourDigestBytes(signature: String, expected: String) {
    let selector = Keccak256.selector(signature)
    #expect(selector.count == 4, "signature: \(signature)")
    #expect(hex(selector) == expected, "signature: \(signature)")
    #expect(selector == Array(Keccak256.hash(signature).prefix(4)), "signature: \(signature)")
}

/// Lengths around the 136-byte rate: one byte short, exactly one block,
/// one byte over, exactly two blocks.
@Test(arguments: [
    (1, "bc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a"),
    (135, "cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"),
    (136, "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"),
    (137, "ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"),
    (272, "fdf2ec49e749960d3c8521a0219af8d03e30e2b3bf19bd16150ee0eaf133d66e"),
])
func rateBoundaryInputsMatchTheReference(count: Int, expected: String) {
    #expect(hex(Keccak256.hash(pattern(count: count))) == expected, "input: pattern of \(count) bytes")
}

@Test func longInputMatchesTheReference() {
    let count = 100_000
    #expect(
        hex(Keccak256.hash(pattern(count: count)))
            == "2243a1fc1e4d9e7e63955159edad3b6d5b4bdcdbde72df78788e1fb97efbcaf8",
        "input: pattern of \(count) bytes"
    )
}

@Test func anySequenceHashesLikeTheSameBytesInAnArray() {
    for count in [0, 7, 8, 135, 136, 137, 1000] {
        let lazyBytes = (0..<count).lazy.map { UInt8(truncatingIfNeeded: $0) }
        #expect(Keccak256.hash(lazyBytes) == Keccak256.hash(pattern(count: count)), "input: pattern of \(count) bytes")
    }
}

/// Guards the padding byte: SHA3-256 (first padding byte 0x06) is a
/// different function, and Ethereum uses Keccak (0x01).
@Test func sha3PaddingGivesADifferentDigest() {
    let sha3Empty = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"
    let sha3Abc = "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"
    #expect(hex(Keccak256.hash([UInt8](), paddingByte: Keccak256.sha3Padding)) == sha3Empty)
    #expect(hex(Keccak256.hash(Array("abc".utf8), paddingByte: Keccak256.sha3Padding)) == sha3Abc)
    #expect(hex(Keccak256.hash("")) != sha3Empty)
    #expect(Keccak256.keccakPadding == 0x01)
}

/// FIPS 202, algorithm 5: rc(t) from the LFSR x^8 + x^6 + x^5 + x^4 + 1.
@Test func roundConstantsFollowFromTheLFSR() {
    func rc(_ t: Int) -> UInt64 {
        var register: UInt16 = 1
        for _ in 0..<(t % 255) {
            register <<= 1
            if register & 0x100 != 0 { register ^= 0x171 }
        }
        return UInt64(register & 1)
    }
    for round in 0..<KeccakState.roundCount {
        var constant: UInt64 = 0
        for j in 0...6 {
            constant |= rc(j + 7 * round) << ((1 << j) - 1)
        }
        #expect(KeccakState.roundConstants[round] == constant, "round: \(round)")
    }
    #expect(KeccakState.roundConstants.count == KeccakState.roundCount)
}

/// FIPS 202, algorithm 2: offset (t + 1)(t + 2) / 2 mod 64 along the walk
/// (x, y) -> (y, 2x + 3y) from (1, 0); lane (0, 0) is not rotated.
@Test func rotationOffsetsFollowFromTheTriangularNumbers() {
    var expected = [Int](repeating: 0, count: KeccakState.laneCount)
    var (x, y) = (1, 0)
    for t in 0..<24 {
        expected[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64
        (x, y) = (y, (2 * x + 3 * y) % 5)
    }
    #expect(KeccakState.rotationOffsets == expected)
}
