// Spec/operations/postPrice.md: the GARCH(1,1) variance of the simple return
// and the circuit breaker, on the Spec's worked examples and on the caps.
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic
import Testing

@Suite("postPrice GARCH variance and breaker (operations/postPrice.md)")
struct PostPriceExampleTests {
    func ceil(_ a: MPZ, _ d: MPZ) -> MPZ { a.ceilingDivision(by: d) }

    /// The Spec's update, step by step in GMP: (rWad, sample, newVariance).
    func ewma(pOld: UInt256, pNew: UInt256, dt: UInt64, variance: UInt256, lambda: UInt256) -> (MPZ, MPZ, MPZ) {
        garch(pOld: pOld, pNew: pNew, dt: dt, variance: variance, beta: lambda.exact, alpha: WAD - lambda.exact, omega: MPZ(0))
    }

    /// The same for the GARCH weights (beta, alpha, omega).
    func garch(pOld: UInt256, pNew: UInt256, dt: UInt64, variance: UInt256,
               beta: MPZ, alpha: MPZ, omega: MPZ) -> (MPZ, MPZ, MPZ) {
        let move = (pNew.exact - pOld.exact).magnitude
        let rWad = ceil(move * WAD, pOld.exact)                                        // 9
        let rVar = min(rWad, MPZ(10) * WAD)                                            // 10
        let sample = ceil(ceil(rVar * rVar, WAD), MPZ(UInt(dt)))                       // 11
        let mixed = beta * variance.exact + alpha * sample                            // 13
        return (rWad, sample, min(ceil(mixed, WAD) + omega, MPZ(10_000_000_000_000 as UInt)))  // 14
    }

    @Test("the Spec's worked example: 2000 -> 2010 after 60 s gives variance 26880000001, no trip")
    func workedExampleSmallMove() throws {
        var chain = Chain()
        chain.listMarket(price: wad("2000"), variance: 2_000_000_000)
        chain.advance(60)
        let events = chain.succeed(.postPrice(market: 0, price: wad("2010"), timestamp: chain.now), from: Actor.oracle)
        let (rWad, sample, variance) = ewma(pOld: wad("2000"), pNew: wad("2010"), dt: 60, variance: 2_000_000_000,
                                            lambda: wad("0.94"))
        // The Spec's table.
        #expect(rWad == MPZ(5_000_000_000_000_000 as UInt))
        #expect(ceil(rWad * rWad, WAD) == MPZ(25_000_000_000_000 as UInt))
        #expect(sample == MPZ(416_666_666_667 as UInt))
        #expect(variance == MPZ(26_880_000_001 as UInt))
        #expect(events == [.priceUpdate(market: 0, price: wad("2010"), timestamp: chain.now, variance: 26_880_000_001, zLong: wad("2.33"), zShort: wad("2.33"))])
        #expect(chain.state.markets[0].variance == 26_880_000_001)
        #expect(chain.state.markets[0].price == wad("2010") && chain.state.markets[0].priceTime == chain.now)
        #expect(chain.state.markets[0].breakerUntil == 0)
    }

    @Test("the Spec's GARCH example: beta 0.90, alpha 0.08, omega 4e8 give variance 35533333334")
    func workedExampleGarch() throws {
        var params = MarketParams.standard
        params.garchBeta = wad("0.90"); params.garchAlpha = wad("0.08"); params.garchOmega = 400_000_000
        var chain = Chain()
        chain.listMarket(price: wad("2000"), variance: 2_000_000_000, params: params)
        chain.advance(60)
        let events = chain.succeed(.postPrice(market: 0, price: wad("2010"), timestamp: chain.now), from: Actor.oracle)
        let (_, _, variance) = garch(pOld: wad("2000"), pNew: wad("2010"), dt: 60, variance: 2_000_000_000,
                                     beta: wad("0.90").exact, alpha: wad("0.08").exact, omega: MPZ(400_000_000 as UInt))
        #expect(variance == MPZ(35_533_333_334 as UInt))
        #expect(events == [.priceUpdate(market: 0, price: wad("2010"), timestamp: chain.now, variance: 35_533_333_334, zLong: wad("2.33"), zShort: wad("2.33"))])
    }

    @Test("the Spec's worked example: 2000 -> 1777.000000000000000003 after 7 s hits MAX_VARIANCE and trips")
    func workedExampleLargeMove() throws {
        var chain = Chain()
        chain.listMarket(price: wad("2000"), variance: 2_000_000_000)
        chain.advance(7)
        let price = wad("1777") &+ 3
        let events = chain.succeed(.postPrice(market: 0, price: price, timestamp: chain.now), from: Actor.oracle)
        let (rWad, sample, variance) = ewma(pOld: wad("2000"), pNew: price, dt: 7, variance: 2_000_000_000, lambda: wad("0.94"))
        #expect(rWad == MPZ(111_500_000_000_000_000 as UInt))
        #expect(sample == MPZ(1_776_035_714_285_715 as UInt))
        #expect(variance == MPZ(10_000_000_000_000 as UInt))
        let until = chain.now &+ 1800
        #expect(events == [
            .priceUpdate(market: 0, price: price, timestamp: chain.now, variance: 10_000_000_000_000, zLong: wad("2.33"), zShort: wad("2.33")),
            .breakerTripped(market: 0, returnWad: 111_500_000_000_000_000, until: until),
        ])
        #expect(chain.state.markets[0].breakerUntil == until)
    }

    @Test("the return fed to the variance is capped at 10 WAD; the breaker sees the uncapped return")
    func returnCapAppliesToVarianceOnly() throws {
        var params = MarketParams.standard
        params.garchBeta = 0; params.garchAlpha = WAD.u256
        var chain = Chain()
        chain.listMarket(price: wad("1"), variance: 0, params: params)
        chain.advance(20_000_000)
        let events = chain.succeed(.postPrice(market: 0, price: pow10(26), timestamp: chain.now), from: Actor.oracle)
        let (rWad, sample, variance) = ewma(pOld: wad("1"), pNew: pow10(26), dt: 20_000_000, variance: 0, lambda: 0)
        // rWad = (10^26 - 10^18)·WAD/10^18 = 99999999 WAD; capped at 10 WAD: sample = ceil(100 WAD / 2e7) = 5e12.
        #expect(rWad == MPZ(99_999_999 as UInt) * WAD)
        #expect(sample == MPZ(5_000_000_000_000 as UInt) && variance == sample)
        #expect(events == [
            .priceUpdate(market: 0, price: pow10(26), timestamp: chain.now, variance: 5_000_000_000_000, zLong: wad("2.33"), zShort: wad("2.33")),
            .breakerTripped(market: 0, returnWad: rWad.u256, until: chain.now &+ 1800),
        ])
    }

    @Test("an unchanged price decays the variance by lambda: ceil(lambda·var / WAD)")
    func unchangedPriceDecaysVariance() throws {
        var chain = Chain()
        chain.listMarket(price: wad("2000"), variance: 2_000_000_001)
        chain.advance(1)
        chain.post(price: wad("2000"))
        // 0.94 · 2000000001 = 1880000000.94 -> 1880000001.
        #expect(chain.state.markets[0].variance == 1_880_000_001)
    }

    @Test("the breaker trips at rWad == breakerThreshold, and a later trip never shortens it")
    func breakerTripsAtThresholdAndOnlyExtends() throws {
        var chain = Chain()
        chain.listMarket(price: wad("2000"), variance: 2_000_000_000)
        // Exactly 10 %: rWad = breakerThreshold.
        chain.advance(86_300)
        var events = chain.succeed(.postPrice(market: 0, price: wad("2200"), timestamp: chain.now), from: Actor.oracle)
        let firstUntil = chain.now &+ 1800
        #expect(events.last == .breakerTripped(market: 0, returnWad: wad("0.1"), until: firstUntil))
        // 219.9 / 2200 = 9.995 %: under the threshold, no trip.
        chain.advance(1)
        events = chain.succeed(.postPrice(market: 0, price: wad("2200") &+ wad("219.9"), timestamp: chain.now), from: Actor.oracle)
        #expect(events.count == 1)
        // Shorten the cooldown to 1350 s (25 % below 1800, after the one-day guardrail).
        chain.advance(99)                                  // genesis + 86400
        var params = MarketParams.standard
        params.breakerCooldown = 1350
        chain.succeed(.setMarketParams(market: 0, params: params), from: Actor.owner)
        chain.advance(10)
        // A trip now would end at now + 1350 < firstUntil: breakerUntil stays, and the event reports it.
        events = chain.succeed(.postPrice(market: 0, price: wad("2000"), timestamp: chain.now), from: Actor.oracle)
        #expect(chain.now &+ 1350 < firstUntil)
        #expect(chain.state.markets[0].breakerUntil == firstUntil)
        guard case let .breakerTripped(_, _, until) = events.last else {
            Issue.record("no BreakerTripped in \(events)"); return
        }
        #expect(until == firstUntil)
    }
}
