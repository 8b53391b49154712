// The arithmetic inside the operations, hand-worked through calls: guardrail
// allowance, trading fee, liquidation penalty and its cap, the bankruptcy
// price of deleverage, and the ADL score with its caps.
@testable import MarginEngine
import EVMArithmetic
import ExactArithmetic
import Testing

@Suite("Operation arithmetic, hand-worked")
struct OperationExampleTests {
    func ceil(_ a: MPZ, _ d: MPZ) -> MPZ { a.ceilingDivision(by: d) }
    func floor(_ a: MPZ, _ d: MPZ) -> MPZ { a.flooredDivision(by: d) }

    // MARK: Guardrail

    @Test("guardrail allowance = max(floor(current·0.25), minStep), after a one-day cooldown")
    func guardrailAllowanceRoundsDown() throws {
        var chain = Chain()
        chain.listAsset(decimals: 18, weight: wad("0.8"), price: wad("2000"))
        // Cooldown: ready at listing + 86400, not one second before.
        chain.advance(86_399)
        #expect(chain.revert(.setAssetWeight(asset: 0, weight: wad("0.7")), from: Actor.owner)
                    == .error(.guardrailCooldown(param: 4096, readyAt: Chain.genesis &+ 86_400)))
        // An unchanged value needs no cooldown and keeps the clock.
        chain.succeed(.setAssetWeight(asset: 0, weight: wad("0.8")), from: Actor.owner)
        #expect(chain.state.lastChange(4096) == Chain.genesis)
        chain.advance(1)
        // 0.8 · 0.25 = 0.2 exactly: 0.6 is allowed, and the clock moves.
        chain.succeed(.setAssetWeight(asset: 0, weight: wad("0.6")), from: Actor.owner)
        #expect(chain.state.assets[0].weight == wad("0.6") && chain.state.lastChange(4096) == chain.now)
        chain.advance(86_400)
        // 0.6 · 0.25 = 0.15: one wei more is too much.
        #expect(chain.revert(.setAssetWeight(asset: 0, weight: wad("0.45") &- 1), from: Actor.owner)
                    == .error(.guardrailExceeded(param: 4096, current: wad("0.6"), requested: wad("0.45") &- 1)))
        chain.succeed(.setAssetWeight(asset: 0, weight: wad("0.45")), from: Actor.owner)

        // floor: depth 5e24 + 3 allows floor((5e24 + 3) / 4) = 1.25e24 (the 0.75 wei is dropped).
        var params = MarketParams.standard
        params.liquidityDepth = wad("5000000") &+ 3
        var market = Chain()
        market.listMarket(params: params)
        market.advance(86_400)
        let allowance = floor((wad("5000000") &+ 3).exact * MPZ(250_000_000_000_000_000 as UInt), WAD)
        #expect(allowance == (wad("1250000")).exact)
        var tooFar = params
        tooFar.liquidityDepth = params.liquidityDepth &+ allowance.u256 &+ 1
        #expect(market.revert(.setMarketParams(market: 0, params: tooFar), from: Actor.owner)
                    == .error(.guardrailExceeded(param: ParameterID.market(0, 4), current: params.liquidityDepth, requested: tooFar.liquidityDepth)))
        var farEnough = params
        farEnough.liquidityDepth = params.liquidityDepth &+ allowance.u256
        market.succeed(.setMarketParams(market: 0, params: farEnough), from: Actor.owner)

        // minStep: a zero weight may move by 0.01, no more.
        var zero = Chain()
        zero.listAsset(decimals: 6, weight: 0, price: wad("1"))
        zero.advance(86_400)
        #expect(zero.revert(.setAssetWeight(asset: 0, weight: wad("0.01") &+ 1), from: Actor.owner)
                    == .error(.guardrailExceeded(param: 4096, current: 0, requested: wad("0.01") &+ 1)))
        zero.succeed(.setAssetWeight(asset: 0, weight: wad("0.01")), from: Actor.owner)
    }

    @Test("correlation guardrail: free first setting, then max(floor(|current|·0.25), 0.05) per day")
    func correlationGuardrailUsesMagnitude() throws {
        var chain = Chain()
        chain.listMarket()
        chain.listMarket()
        chain.succeed(.setCorrelation(marketA: 0, marketB: 1, correlation: swad("-0.9")), from: Actor.owner)
        // A second setting right away is within the cooldown (the first one started the clock).
        #expect(chain.revert(.setCorrelation(marketA: 1, marketB: 0, correlation: swad("-0.8")), from: Actor.owner)
                    == .error(.guardrailCooldown(param: ParameterID.correlation(0, 1), readyAt: chain.now &+ 86_400)))
        chain.advance(86_400)
        // |-0.9| · 0.25 = 0.225: -0.675 is allowed, -0.675 + 1 wei is not (markets in the caller's order).
        #expect(chain.revert(.setCorrelation(marketA: 1, marketB: 0, correlation: swad("-0.675") &+ 1), from: Actor.owner)
                    == .error(.correlationGuardrailExceeded(marketA: 1, marketB: 0, current: swad("-0.9"),
                                                            requested: swad("-0.675") &+ 1)))
        chain.succeed(.setCorrelation(marketA: 1, marketB: 0, correlation: swad("-0.675")), from: Actor.owner)
        #expect(chain.state.correlation[0][1] == swad("-0.675") && chain.state.correlation[1][0] == swad("-0.675"))
        chain.advance(86_400)
        // |-0.675| · 0.25 = 0.16875 exactly: the full step is allowed.
        chain.succeed(.setCorrelation(marketA: 0, marketB: 1, correlation: swad("-0.50625")), from: Actor.owner)
    }

    // MARK: Fee

    @Test("trading fee = ceil(ceil(size·price / WAD)·feeRatio / WAD), charged to both sides, both to the fund")
    func feeRoundsUpAndGoesToTheFund() throws {
        var chain = Scenario.listed()
        let size = wad("1") &+ 1, price = wad("2000") &+ 1
        let events = chain.succeed(.settleTrade(buyer: Actor.alice, seller: Actor.bob, market: 0, size: size, price: price),
                                   from: Actor.exchange)
        let notional = ceil(size.exact * price.exact, WAD)             // 2000.000000000000002001|000…001 -> …2002
        #expect(notional == MPZ("2000000000000000002002")!)
        let fee = ceil(notional * wad("0.0005").exact, WAD)             // 1.000000000000000001|001 -> …002
        #expect(fee == MPZ("1000000000000000002")!)
        #expect(events == [.trade(buyer: Actor.alice, seller: Actor.bob, market: 0, size: size, price: price,
                                  fee: fee.u256, buyerRealisedPnl: 0, sellerRealisedPnl: 0)])
        #expect(chain.cash(Actor.alice).exact == -fee && chain.cash(Actor.bob).exact == -fee)
        // Fund: two fees plus the fill dust ceil(size·price) - floor(size·price) = 1.
        #expect(chain.state.insuranceFund.exact == fee + fee + MPZ.one)
    }

    // MARK: Liquidation penalty

    @Test("penalty = ceil(ceil(size·p / WAD)·penaltyRatio / WAD), reward = floor(penalty·share / WAD)")
    func penaltyAndRewardRound() throws {
        var chain = Scenario.aliceLong(markedAt: "1990")
        let before = chain.equity(Actor.alice), fund = chain.state.insuranceFund
        let size = wad("5") &- 7
        let events = chain.succeed(.liquidate(account: Actor.alice, market: 0, size: size), from: Actor.liquidator)
        let penalty = ceil(ceil(size.exact * wad("1990").exact, WAD) * wad("0.01").exact, WAD)
        let reward = floor(penalty * wad("0.5").exact, WAD)
        #expect(penalty == MPZ("99499999999999999861")! && reward == MPZ("49749999999999999930")!)
        #expect(events == [.liquidation(account: Actor.alice, liquidator: Actor.liquidator, market: 0, size: size,
                                        price: wad("1990"), penalty: penalty.u256, liquidatorReward: reward.u256,
                                        badDebtCovered: 0)])
        // The transfer at the oracle price moves alice's equity only by rounding (valueAt/costAt), then the penalty.
        let dust = chain.state.insuranceFund.exact - fund.exact - (penalty - reward)
        #expect(dust.signum >= 0 && dust <= MPZ.one)
        #expect(chain.equity(Actor.alice).exact <= before.exact - penalty)
        #expect(chain.cash(Actor.liquidator).exact == reward)
    }

    @Test("penalty is capped at the account's equity after the close, and is 0 when that equity is <= 0")
    func penaltyCappedAtRemainingEquity() throws {
        // 1960: equity 190 USD, deeply underwater (190 < 0.5·MM): the whole 10 ETH may go.
        var chain = Scenario.aliceLong(markedAt: "1960")
        #expect(chain.equity(Actor.alice) == swad("190"))
        var events = chain.succeed(.liquidate(account: Actor.alice, market: 0, size: wad("10")), from: Actor.liquidator)
        // Uncapped it would be 1 % of 19600 = 196 USD; closing at the oracle price leaves equity 190 to the wei.
        #expect(events == [.liquidation(account: Actor.alice, liquidator: Actor.liquidator, market: 0, size: wad("10"),
                                        price: wad("1960"), penalty: wad("190"), liquidatorReward: wad("95"),
                                        badDebtCovered: 0)])
        #expect(chain.equity(Actor.alice) == 0)
        #expect(chain.state.insuranceFund == wad("20") &+ wad("95"))

        // 1940: equity -10 USD: no penalty, and the fund (20) covers the 10 of bad debt.
        chain = Scenario.aliceLong(markedAt: "1940")
        events = chain.succeed(.liquidate(account: Actor.alice, market: 0, size: wad("10")), from: Actor.liquidator)
        #expect(events == [.liquidation(account: Actor.alice, liquidator: Actor.liquidator, market: 0, size: wad("10"),
                                        price: wad("1940"), penalty: 0, liquidatorReward: 0, badDebtCovered: wad("10"))])
        #expect(chain.equity(Actor.alice) == 0 && chain.state.insuranceFund == wad("10"))
    }

    // MARK: Deleverage

    @Test("bankruptcy price q = p ± divUp((remaining + 1)·WAD, size); the bankrupt ends at exactly 0")
    func bankruptcyPriceShift() throws {
        // 1900: alice's equity is -410, the fund holds 20: remaining = 390 USD.
        var chain = Scenario.aliceLong(markedAt: "1900")
        #expect(chain.equity(Actor.alice) == swad("-410") && chain.state.insuranceFund == wad("20"))
        let events = chain.succeed(.deleverage(bankrupt: Actor.alice, counterparty: Actor.bob, market: 0, size: wad("10")),
                                   from: Actor.keeper)
        let shift = ceil((wad("390").exact + MPZ.one) * WAD, wad("10").exact)   // 39e18 + 0.1 -> 39e18 + 1
        #expect(shift == wad("39").exact + MPZ.one)
        let q = wad("1900") &+ shift.u256                                      // a long bankrupt sells above the mark
        #expect(events == [.deleverage(bankrupt: Actor.alice, counterparty: Actor.bob, market: 0, size: wad("10"),
                                       bankruptcyPrice: q, fundUsed: wad("20"))])
        #expect(chain.equity(Actor.alice) == 0)
        // Alice's fill leaves her at +10 wei (the extra wei of deficit times 10 units); the sweep moves it to the fund.
        #expect(chain.state.insuranceFund == 10)
        #expect(chain.position(Actor.alice) == .flat && chain.position(Actor.bob) == .flat)

        // The short mirror: bob short 10 at 2000, marked at 2100: equity -410, fund 20: q = 2100 - 39.000000000000000001.
        var short = Scenario.bobShort(markedAt: "2100")
        #expect(short.equity(Actor.bob) == swad("-410"))
        let shortEvents = short.succeed(.deleverage(bankrupt: Actor.bob, counterparty: Actor.alice, market: 0, size: wad("4")),
                                        from: Actor.keeper)
        let shortShift = ceil((wad("390").exact + MPZ.one) * WAD, wad("4").exact)   // 97.5e18 + 0.25 -> +1
        #expect(shortEvents == [.deleverage(bankrupt: Actor.bob, counterparty: Actor.alice, market: 0, size: wad("4"),
                                            bankruptcyPrice: wad("2100") &- shortShift.u256, fundUsed: wad("20"))])
        #expect(short.equity(Actor.bob) == 0)
        #expect(short.position(Actor.bob).size == swad("-6"))
    }

    // MARK: ADL score

    @Test("adlScore = sign(pnl)·trunc(min(|pnl|·WAD/|on|, 10^24)·min(N·WAD/E, 10^24) / WAD)")
    func adlScoreTruncatesAndCaps() throws {
        func score(size: Int256, on: Int256, price: UInt256 = wad("2000"), collateral: UInt256 = wad("5000"),
                   cash: Int256 = 0) throws -> Int256 {
            var b = StateBuilder()
            b.asset(decimals: 18, weight: wad("1"), price: wad("1"))
            b.market(price: price, variance: 2_000_000_000)
            b.position(Actor.alice, 0, size: size, openNotional: on)
            b.collateral(Actor.alice, 0, collateral)
            b.cash(Actor.alice, cash)
            return try b.state.adlScore(Actor.alice, 0)
        }
        // Account 1 of the eval example, ETH-PERP only: pnl 500, on 19500, equity 5500.
        let pnlMag = floor(wad("500").exact * WAD, wad("19500").exact)              // 0.025641025641025641|02…
        let leverage = floor(wad("20000").exact * WAD, wad("5500").exact)          // 3.636363636363636363|6…
        #expect(pnlMag == MPZ(25_641_025_641_025_641 as UInt) && leverage == MPZ(3_636_363_636_363_636_363 as UInt))
        #expect(try score(size: swad("10"), on: swad("19500")).exact == floor(pnlMag * leverage, WAD))
        // A loss gives a negative score of the same truncated magnitude (toward zero).
        let loss = try score(size: swad("10"), on: swad("20500"))
        let lossMag = floor(floor(wad("500").exact * WAD, wad("20500").exact) * floor(wad("20000").exact * WAD, wad("4500").exact), WAD)
        #expect(loss.exact == -lossMag)
        // A cost basis of 1 wei: |PnL %| is capped at 10^24.
        let tinyBasis = try score(size: swad("1"), on: 1)
        let cappedLeverage = floor(wad("2000").exact * WAD, wad("5000").exact + wad("2000").exact - MPZ.one)
        #expect(tinyBasis.exact == floor(MPZ.power(10, 24) * cappedLeverage, WAD))
        // Equity of 1 wei: leverage is capped at 10^24; with both capped the score is 10^30.
        let thin = try score(size: swad("1"), on: 1, collateral: 0, cash: Int256.zero &- (wad("2000") &- 2).asInt)
        #expect(thin == Int256(negative: false, magnitude: pow10(30)))
        // No position, no cost basis, or equity <= 0: 0.
        #expect(try score(size: 0, on: 0) == 0)
        #expect(try score(size: swad("1"), on: 0) == 0)
        #expect(try score(size: swad("1"), on: swad("2000"), collateral: 0, cash: 0) == 0)   // equity exactly 0
        #expect(try score(size: swad("1"), on: swad("3000"), collateral: 0) == 0)            // equity < 0
    }
}

extension UInt256 {
    /// The value as an int256 (< 2^255 here).
    var asInt: Int256 { Int256(negative: false, magnitude: self)! }
}
