import EVMArithmetic
import MarginEngine

/// Number helpers of the call generator, in the units the contract uses.
enum Amounts {
    static func wad(_ units: UInt64) -> UInt256 { UInt256(units) &* UInt256.wad }
    /// `x` in units of 10^-n of a WAD: fraction(5, 2) = 0.05 WAD.
    static func fraction(_ x: UInt64, _ n: Int) -> UInt256 { UInt256(x) &* Constants.pow10(18 - n) }
    static func e(_ n: Int) -> UInt256 { Constants.pow10(n) }
    static func u(_ x: Int) -> UInt256 { UInt256(UInt64(x)) }

    /// floor(x * percent / 100); x itself if that overflows.
    static func percent(_ x: UInt256, _ percent: Int) -> UInt256 {
        (try? UInt256.mulDiv(x, u(percent), 100)) ?? x
    }

    /// floor(x * bps / 10,000); zero if that overflows.
    static func basisPoints(_ x: UInt256, _ bps: Int) -> UInt256 {
        (try? UInt256.mulDiv(x, u(bps), 10_000)) ?? .zero
    }

    /// What `account` may still deposit of asset `a` before its balance
    /// reaches MAX_COLLATERAL (scaled to the asset's decimals); zero at or
    /// past the cap.
    static func collateralRoom(_ state: EngineState, _ account: Address, asset a: Int) -> UInt256 {
        let cap = EVM.div(Constants.maxCollateral, state.assets[a].scale)
        let balance = state.account(account).collateral[a]
        return cap > balance ? cap &- balance : .zero
    }

    /// `percent` % of WAD as an int256 (a correlation).
    static func percentWad(_ percent: Int) -> Int256 {
        Int256(Int64(percent) * 10_000_000_000_000_000)
    }
}
