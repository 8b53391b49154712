// Spec/operations/common.md, "Fill": applyFill's five branches on
// hand-worked numbers, each with the accounting identity (cash - openNotional
// changes by exactly -cost) and the equity change of `position-change-equity`.
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic
import Testing

@Suite("applyFill (operations/common.md)")
struct FillExampleTests {
    let alice = Actor.alice
    /// The oracle (mark) price, deliberately not the fill price.
    let mark = u("2000000000000000000003")
    /// A fill price whose products with the sizes below are not multiples of WAD.
    let fillPrice = u("1999999999999999999999")

    func state(size: Int256, openNotional: Int256, cash: Int256 = swad("100"), mark: UInt256? = nil) -> EngineState {
        var b = StateBuilder()
        b.market(price: mark ?? self.mark, variance: 2_000_000_000)
        b.position(alice, 0, size: size, openNotional: openNotional)
        b.cash(alice, cash)
        b.state.markets[0].openInterest = size.isNegative ? .zero : size.magnitude
        return b.state
    }

    /// Applies the fill and checks the laws every branch shares; returns the post-state and (cost, realised).
    func fill(_ s: EngineState, _ delta: Int256, at fillPrice: UInt256? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> (EngineState, cost: MPZ, realised: MPZ) {
        let fillPrice = fillPrice ?? self.fillPrice, mark = s.markets[0].price
        var post = s
        let old = s.account(alice).positions[0], cashBefore = s.account(alice).cash
        let (cost, realised) = try post.applyFill(alice, 0, delta, fillPrice)
        let new = post.account(alice).positions[0], cashAfter = post.account(alice).cash
        let label = "fill \(delta) at \(fillPrice) on size \(old.size), openNotional \(old.openNotional)"
        // cost = costAt(delta, price), toward +infinity.
        #expect(cost.exact == (delta.exact * fillPrice.exact).ceilingDivision(by: WAD), "\(label): cost", sourceLocation: sourceLocation)
        #expect(new.size.exact == old.size.exact + delta.exact, "\(label): size", sourceLocation: sourceLocation)
        // The accounting identity.
        let before = cashBefore.exact - old.openNotional.exact, after = cashAfter.exact - new.openNotional.exact
        #expect(after - before == -cost.exact, "\(label): cash - openNotional moved by \(after - before), cost \(cost)",
                sourceLocation: sourceLocation)
        #expect(cashAfter.exact - cashBefore.exact == realised.exact, "\(label): realised goes to cash", sourceLocation: sourceLocation)
        // Equity moves by -cost + valueAt(new, mark) - valueAt(old, mark).
        let dE = try post.equity(alice).exact - s.equity(alice).exact
        let expected = -cost.exact + MarginOracle.valueAt(new.size, mark) - MarginOracle.valueAt(old.size, mark)
        #expect(dE == expected, "\(label): equity moved by \(dE), expected \(expected)", sourceLocation: sourceLocation)
        // Open interest is the long side.
        let oi = new.size.isNegative ? MPZ.zero : new.size.exact
        #expect(post.markets[0].openInterest.exact == oi, "\(label): open interest", sourceLocation: sourceLocation)
        // openNotional keeps the sign of size, and is 0 with it.
        let signOK = new.size.isZero ? new.openNotional.isZero
            : (new.openNotional.isZero || new.openNotional.isNegative == new.size.isNegative)
        #expect(signOK, "\(label): openNotional \(new.openNotional) for size \(new.size)", sourceLocation: sourceLocation)
        return (post, cost.exact, realised.exact)
    }

    @Test("open (old = 0): openNotional = cost, nothing realised")
    func openSetsOpenNotionalToCost() throws {
        let delta = swad("3.000000000000000001")
        let (post, cost, realised) = try fill(state(size: 0, openNotional: 0), delta)
        // 3.000000000000000001 · 1999.999999999999999999 = 6000.000000000000001996|999999999999999999 -> …1997 (ceil).
        #expect(cost == MPZ("6000000000000000001997")!)
        #expect(realised.signum == 0)
        #expect(post.account(alice).positions[0].openNotional.exact == cost)
        // A short open receives the floor: -6000.000000000000001996.
        let (short, shortCost, _) = try fill(state(size: 0, openNotional: 0), Int256.zero &- delta)
        #expect(shortCost == MPZ("-6000000000000000001996")!)
        #expect(short.account(alice).positions[0].openNotional.exact == shortCost)
    }

    @Test("increase (same side): openNotional += cost, nothing realised")
    func increaseAddsCost() throws {
        let (post, cost, realised) = try fill(state(size: swad("3"), openNotional: swad("5700")), swad("2"))
        #expect(realised.signum == 0)
        #expect(post.account(alice).positions[0].openNotional.exact == swad("5700").exact + cost)
        let (short, shortCost, _) = try fill(state(size: swad("-3"), openNotional: swad("-6300")), swad("-2"))
        #expect(short.account(alice).positions[0].openNotional.exact == swad("-6300").exact + shortCost)
    }

    @Test("partial reduce: removed = floorMulDiv(openNotional, |delta|, |old|); realised = -cost - removed")
    func partialReduceRealisesProportionally() throws {
        // Long 7 with openNotional 13300.000000000000000001, sell 3:
        // removed = floor(13300.000000000000000001 · 3 / 7) = 5700.000000000000000000|43 -> 5700e18.
        let on = swad("13300.000000000000000001")
        let (post, cost, realised) = try fill(state(size: swad("7"), openNotional: on), swad("-3"))
        let removed = (on.exact * MPZ(3)).flooredDivision(by: MPZ(7))
        #expect(removed == MPZ("5700000000000000000000")!)
        #expect(realised == -cost - removed)
        #expect(post.account(alice).positions[0].openNotional.exact == on.exact - removed)
        // Short 7 with openNotional -13300.000000000000000001, buy 3: removed rounds toward -infinity
        // (-5700.00…0043 -> -5700.000000000000000001), so the remaining openNotional rounds toward zero.
        let (short, shortCost, shortRealised) = try fill(state(size: swad("-7"), openNotional: Int256.zero &- on), swad("3"))
        let shortRemoved = (-(on.exact) * MPZ(3)).flooredDivision(by: MPZ(7))
        #expect(shortRemoved == MPZ("-5700000000000000000001")!)
        #expect(shortRealised == -shortCost - shortRemoved)
        #expect(short.account(alice).positions[0].openNotional.exact == -(on.exact) - shortRemoved)
    }

    @Test("full close: realised = -cost - openNotional; openNotional = 0")
    func fullCloseRealisesEverything() throws {
        let on = swad("5999.5")
        let (post, cost, realised) = try fill(state(size: swad("3"), openNotional: on), swad("-3"))
        #expect(realised == -cost - on.exact)
        // Sold 3 at 1999.999999999999999999: cost = -5999.999999999999999997; realised = 0.499999999999999997.
        #expect(cost == MPZ("-5999999999999999999997")!)
        #expect(realised == MPZ("499999999999999997")!)
        #expect(post.account(alice).positions[0] == Position(size: 0, openNotional: 0))
        #expect(post.markets[0].openInterest == 0)
    }

    @Test("flip: openNotional = costAt(new, price); realised = -(cost - openCost) - openNotional")
    func flipOpensTheNewSideAtCost() throws {
        let on = swad("9999.000000000000000001")
        let (post, cost, realised) = try fill(state(size: swad("5"), openNotional: on), swad("-8.000000000000000001"))
        let new = swad("-3.000000000000000001")
        let openCost = MarginOracle.costAt(new, fillPrice)
        #expect(post.account(alice).positions[0].size == new)
        #expect(post.account(alice).positions[0].openNotional.exact == openCost)
        #expect(realised == -(cost - openCost) - on.exact)
        // Short to long.
        let (back, backCost, backRealised) = try fill(state(size: swad("-2"), openNotional: swad("-4100")), swad("5"))
        let backOpen = MarginOracle.costAt(swad("3"), fillPrice)
        #expect(back.account(alice).positions[0].openNotional.exact == backOpen)
        #expect(backRealised == -(backCost - backOpen) - swad("-4100").exact)
    }

    @Test("random fills: the identity, the equity change and each branch's realised PnL, against GMP")
    func randomFillsKeepTheIdentity() throws {
        var rng = TestRandom(seed: 0x4649_4C4C)
        var branches = [String: Int]()
        for _ in 0..<2000 {
            let oldMagnitude = rng.chance(20) ? UInt256.zero : rng.spread(1, pow10(26))
            let old = Int256.signed(rng.chance(50), oldMagnitude)
            let entry = rng.spread(1, pow10(26))
            let on = Int256.signed(old.isNegative, min((oldMagnitude.exact * entry.exact).flooredDivision(by: WAD).u256, pow10(34)))
            // A delta keeping |new| <= MAX_POSITION_SIZE.
            let newMagnitude = rng.spread(0, pow10(26))
            let new = rng.chance(10) ? Int256.zero : Int256.signed(rng.chance(50), newMagnitude)
            guard new != old else { continue }
            let delta = new &- old
            let price = rng.spread(1, pow10(26))
            let s = state(size: old, openNotional: on, cash: Int256.signed(rng.chance(50), rng.spread(0, pow10(40))),
                          mark: rng.spread(1, pow10(26)))
            let (post, cost, realised) = try fill(s, delta, at: price)
            let after = post.account(alice).positions[0]
            let branch: String
            let expectedRealised: MPZ, expectedOn: MPZ
            if old.isZero || old.isNegative == delta.isNegative {
                branch = "open or increase"; expectedRealised = .zero; expectedOn = on.exact + cost
            } else if delta.magnitude < old.magnitude {
                branch = "partial reduce"
                let removed = (on.exact * delta.exact.magnitude).flooredDivision(by: old.exact.magnitude)
                expectedRealised = -cost - removed; expectedOn = on.exact - removed
            } else if delta.magnitude == old.magnitude {
                branch = "full close"; expectedRealised = -cost - on.exact; expectedOn = .zero
            } else {
                branch = "flip"
                let openCost = MarginOracle.costAt(new, price)
                expectedRealised = -(cost - openCost) - on.exact; expectedOn = openCost
            }
            branches[branch, default: 0] += 1
            #expect(realised == expectedRealised && after.openNotional.exact == expectedOn,
                    "\(branch): fill \(delta) at \(price) on size \(old), openNotional \(on): realised \(realised), openNotional \(after.openNotional)")
        }
        for branch in ["open or increase", "partial reduce", "full close", "flip"] {
            #expect(branches[branch, default: 0] >= 10, "\(branch): \(branches[branch, default: 0]) fills")
        }
    }
}
