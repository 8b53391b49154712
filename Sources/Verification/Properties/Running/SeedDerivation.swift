/// How a campaign's seed becomes one seed per run: SplitMix64 of
/// `SplitMix64(campaignSeed) ^ runIndex`. Any run can be replayed alone, on
/// any machine, and shards that split the run indices cover exactly the same
/// runs. (Mixing the campaign seed first keeps nearby seeds from sharing
/// runs: with plain `seed ^ index`, seeds 1 and 2 would run the same
/// sequences in another order.)
public enum SeedDerivation {
    /// The SplitMix64 output function of `x + golden gamma`.
    public static func splitMix(_ x: UInt64) -> UInt64 {
        mix(x &+ 0x9E37_79B9_7F4A_7C15)
    }

    /// SplitMix64's finaliser: a bijective 64-bit mix.
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of run `index` of the campaign with `seed`.
    public static func runSeed(campaignSeed seed: UInt64, run index: Int) -> UInt64 {
        splitMix(splitMix(seed) ^ UInt64(index))
    }
}
