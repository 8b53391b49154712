// Seeded random in-bounds states (arithmetic.md, "Input bounds"), for the
// metamorphic and rounding laws. Values are spread over their magnitudes so
// that both tiny and maximal quantities appear.
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic

/// One random state with one account of interest, evaluated at `now`.
struct RandomState: CustomStringConvertible {
    var state: EngineState
    var now: UInt256
    let account = Actor.alice

    var description: String {
        let a = state.account(account)
        var text = "now=\(now) fund=\(state.insuranceFund) global=\(state.globalParams.values)"
        for (m, market) in state.markets.enumerated() {
            text += "\n  market \(m): price=\(market.price) priceTime=\(market.priceTime) variance=\(market.variance) "
                + "breakerUntil=\(market.breakerUntil) params=\(market.params.values) "
                + "size=\(a.positions[m].size) openNotional=\(a.positions[m].openNotional) "
                + "rho=\(state.correlation[m].prefix(state.marketCount).map(\.description))"
        }
        for (k, asset) in state.assets.enumerated() {
            text += "\n  asset \(k): decimals=\(asset.decimals) weight=\(asset.weight) price=\(asset.price) amount=\(a.collateral[k])"
        }
        return text + "\n  cash=\(a.cash) tier=\(a.attestation.tier) expiry=\(a.attestation.expiry) tierParams=\(state.tierParams.values)"
    }

    /// Every pair of open positions has sign(s_i)·sign(s_j)·rho_ij >= 0 (invariants.md, `margin-monotone`).
    var isHedged: Bool {
        let positions = state.account(account).positions
        for i in 0..<state.marketCount where !positions[i].size.isZero {
            for j in 0..<state.marketCount where j != i && !positions[j].size.isZero {
                let rho = state.correlation[i][j]
                if rho.isZero { continue }
                if (positions[i].size.isNegative != positions[j].size.isNegative) != rho.isNegative { return true }
            }
        }
        return false
    }

    var openMarkets: [Int] {
        (0..<state.marketCount).filter { !state.account(account).positions[$0].size.isZero }
    }
}

enum RandomStates {
    static let wadValue = wad("1")

    static func params(_ bounds: [ParameterBounds], _ rng: inout TestRandom) -> [UInt256] {
        bounds.map { b in
            switch rng.int(0...9) {
            case 0: return b.lo
            case 1: return b.hi
            default: return rng.spread(b.lo, b.hi)
            }
        }
    }

    /// Random in-bounds market parameters that pass requireGarch: a third of
    /// them Spec 1.0's EWMA (alpha + beta = WAD, omega = 0), the others with
    /// alpha lowered to WAD - beta where the draw sums above WAD.
    static func marketParams(_ rng: inout TestRandom) -> MarketParams {
        var p = MarketParams(values: params(ParameterBounds.market, &rng))!
        let wad = pow10(18)
        if rng.chance(33) {
            p.useEWMA(lambda: p.garchBeta)
        } else {
            if p.garchAlpha &+ p.garchBeta > wad { p.garchAlpha = wad &- p.garchBeta }
            if p.garchAlpha &+ p.garchBeta == wad { p.garchOmega = .zero }
        }
        return p
    }

    /// A random in-bounds state. `hedged` nil: any signs; false: signs forced
    /// so that no pair hedges; true: left as drawn.
    static func make(_ rng: inout TestRandom, hedged: Bool? = nil) -> RandomState {
        let now = Chain.genesis &+ UInt256(rng.below(100_000_000))
        let global = GlobalParams(values: params(ParameterBounds.global, &rng))!
        var b = StateBuilder(global, fund: rng.chance(30) ? .zero : rng.spread(0, pow10(36) &* 2))
        let marketCount = rng.chance(50) ? rng.int(1...3) : rng.int(1...8)
        for _ in 0..<marketCount {
            let age: UInt256
            switch rng.int(0...4) {
            case 0: age = 0
            case 1: age = UInt256(rng.below(3600))
            case 2: age = UInt256(rng.below(4_000_000))              // past the 30-day cap sometimes
            default: age = UInt256(rng.below(100_000))
            }
            let breaker: UInt256 = rng.chance(30) ? now &+ UInt256(rng.below(604_800) + 1)
                : (rng.chance(50) ? .zero : now &- UInt256(rng.below(1000)))
            b.market(price: rng.chance(70) ? rng.spread(1, pow10(26)) : rng.spread(pow10(15), pow10(24)),
                     priceTime: now &- age, variance: rng.chance(10) ? .zero : rng.spread(0, pow10(13)),
                     breakerUntil: breaker, params: marketParams(&rng))
        }
        for i in 0..<marketCount {
            for j in (i + 1)..<max(marketCount, i + 1) {
                let rho: Int256
                switch rng.int(0...5) {
                case 0: rho = .zero
                case 1: rho = Int256(bitPattern: wadValue)
                case 2: rho = Int256.zero &- Int256(bitPattern: wadValue)
                default:
                    let magnitude = rng.spread(0, wadValue)
                    rho = Int256.signed(rng.chance(40), magnitude)
                }
                b.correlate(i, j, rho)
            }
        }
        let assetCount = rng.int(0...4)
        for _ in 0..<assetCount {
            let decimals = UInt256(UInt64(rng.pick([0, 6, 8, 18, rng.int(0...18)])))
            b.asset(decimals: decimals, weight: rng.spread(0, wadValue), price: rng.spread(1, pow10(26)), priceTime: now)
        }
        let alice = Actor.alice
        for a in 0..<assetCount where rng.chance(70) {
            let scale = b.state.assets[a].scale
            let maxAmount = pow10(30).quotientAndRemainder(dividingBy: scale)!.quotient
            b.collateral(alice, a, rng.spread(0, maxAmount))
        }
        var anyPosition = false
        for m in 0..<marketCount where rng.chance(70) || (m == marketCount - 1 && !anyPosition) {
            anyPosition = true
            let magnitude = rng.chance(60) ? rng.spread(1, pow10(26)) : rng.spread(pow10(16), pow10(21))
            let negative = rng.chance(50)
            let price = b.state.markets[m].price
            // An entry near the mark, or anywhere within the bounds.
            let entry = rng.chance(70) ? price : rng.spread(1, pow10(26))
            let on = (magnitude.exact * entry.exact).flooredDivision(by: WAD)
            let onMagnitude = min(on.u256, pow10(34))
            b.position(alice, m, size: Int256.signed(negative, magnitude), openNotional: Int256.signed(negative, onMagnitude))
        }
        if hedged == false { unhedge(&b) }
        if rng.chance(60) {
            b.cash(alice, Int256.signed(rng.chance(50), rng.spread(0, pow10(rng.chance(80) ? 30 : 50))))
        }
        // Drawn last, so the earlier draws of a seed are those before identity tiers.
        if rng.chance(40) {
            let cap = rng.spread(0, Constants.maxTierDiscount)
            b.state.tierParams = TierParams(maxTierDiscount: cap, discount1: rng.spread(0, cap), discount2: rng.spread(0, cap),
                                            discount3: rng.spread(0, cap))
            // Expiring at now (nothing granted), a second later, or later still.
            let expiry = now &+ UInt256(UInt64(rng.pick([0, 1, rng.int(2...31_536_000)])))
            b.state.accounts[alice, default: Account()].attestation = Attestation(tier: UInt256(UInt64(rng.int(1...Constants.maxTier))), expiry: expiry)
        }
        return RandomState(state: b.state, now: now)
    }

    /// Flips position signs until no pair hedges: a position takes the sign
    /// that makes its correlations with the earlier ones non-negative, and a
    /// negative rho with an earlier position that would still hedge is zeroed.
    static func unhedge(_ b: inout StateBuilder) {
        let alice = Actor.alice
        var signs: [Int: Bool] = [:]                     // market -> negative
        for m in 0..<b.state.marketCount {
            let p = b.state.account(alice).positions[m]
            if p.size.isZero { continue }
            var negative = p.size.isNegative
            if let (first, firstNegative) = signs.first(where: { !b.state.correlation[$0.key][m].isZero }).map({ ($0.key, $0.value) }) {
                negative = firstNegative != b.state.correlation[first][m].isNegative
            }
            for (other, otherNegative) in signs {
                let rho = b.state.correlation[other][m]
                if !rho.isZero && (otherNegative != negative) != rho.isNegative { b.correlate(other, m, .zero) }
            }
            signs[m] = negative
            b.position(alice, m, size: Int256.signed(negative, p.size.magnitude),
                       openNotional: Int256.signed(negative, p.openNotional.magnitude))
        }
    }
}
