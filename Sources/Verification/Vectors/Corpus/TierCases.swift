import ContractIO
import EVMArithmetic
import MarginEngine

/// Spec 1.1's identity tiers: setTierParams behind its guardrail and cap,
/// setAttestor's two refusals, attest's checks in order with the expiry to
/// the second, revoke, and the margin an attestation discounts until the
/// second of its expiry (operations/attest.md, margin.md "Tier discount").
enum TierCases {
    typealias B = CaseBuilder

    static let attestor = Actors.attestor
    static let f = Fixture.fraction
    static let minStep = ParameterBounds.tier[0].minStep

    static func all() -> [VectorCase] { tierParams() + attestorCases() + attestCases() + revokeCases() + margins() + liquidation() }

    /// The fixture's assets and one ETH market, the attestor set.
    static func withAttestor() -> B {
        var b = B.oneMarket(Fixture.marketParams[0], variance: 2_000_000_000)
        b.run(.setAttestor(attestor), from: B.owner)
        return b
    }

    /// Raises the tier parameters toward `target` one guardrailed step a day
    /// (max(25 %, 1 %) of each value), every discount kept under the cap.
    static func raise(_ b: inout B, to target: TierParams) {
        let goal = target.values
        while b.state.tierParams != target {
            let current = b.state.tierParams.values
            var next = current
            for k in 0..<next.count {
                let allowed = max(EVM.div(current[k], 4), minStep)
                next[k] = min(goal[k], current[k] &+ allowed)
            }
            for k in 1..<next.count { next[k] = min(next[k], next[0]) }
            b.run(.setTierParams(TierParams(values: next)!), from: B.owner, after: 86_400)
        }
    }

    static func tiers(_ cap: UInt256, _ d1: UInt256, _ d2: UInt256, _ d3: UInt256) -> TierParams {
        TierParams(maxTierDiscount: cap, discount1: d1, discount2: d2, discount3: d3)
    }

    static func tierParams() -> [VectorCase] {
        let fresh = withAttestor()
        var walked = withAttestor()
        raise(&walked, to: tiers(f(4, 2), f(4, 2), f(2, 2), f(1, 2)))
        var nearBound = withAttestor()
        raise(&nearBound, to: tiers(f(29, 2), f(29, 2), f(2, 1), f(1, 1)))
        let p = walked.state.tierParams
        return [
            fresh.finish("setTierParams", "tiers", "first-step-from-zero", "From the deployed zeros the guardrail allows minStep (10^16) on each of the four: cap and tiers 1 and 2 at 1 %, tier 3 at 0.5 %.",
                         call: .setTierParams(tiers(minStep, minStep, minStep, f(5, 3))), from: B.owner, expect: .success),
            fresh.finish("setTierParams", "errors", "step-one-wei-past-min-step", "From the deployed zeros, the cap to minStep + 1 wei: one wei past max(25 % of 0, 10^16), GuardrailExceeded(12288, 0, 10^16 + 1).",
                         call: .setTierParams(tiers(minStep &+ .one, 0, 0, 0)), from: B.owner, expect: .revert("GuardrailExceeded")),
            fresh.finish("setTierParams", "errors", "wrong-caller", "Only the owner: the attestor gets Unauthorized(attestor).",
                         call: .setTierParams(tiers(minStep, 0, 0, 0)), from: attestor),
            fresh.finish("setTierParams", "errors", "cap-above-bound", "A cap of 0.3 WAD + 1, one wei past MAX_TIER_DISCOUNT: ParameterOutOfBounds(12288, value), before any guardrail.",
                         call: .setTierParams(tiers(Constants.maxTierDiscount &+ .one, 0, 0, 0)), from: B.owner, expect: .revert("ParameterOutOfBounds")),
            fresh.finish("setTierParams", "errors", "discount-above-cap", "Cap 0.5 % with tier 1's discount 1 %: each within its guardrail, so step 3 refuses it: TierDiscountAboveCap(1, 10^16, 5·10^15).",
                         call: .setTierParams(tiers(f(5, 3), minStep, 0, 0)), from: B.owner, expect: .revert("TierDiscountAboveCap")),
            fresh.finish("setTierParams", "errors", "tier-three-above-cap", "Cap 0.5 %, tiers 1 and 2 at it, tier 3 one wei above: the tiers are checked in order and tier 3 is named.",
                         call: .setTierParams(tiers(f(5, 3), f(5, 3), f(5, 3), f(5, 3) &+ .one)), from: B.owner, expect: .revert("TierDiscountAboveCap")),
            fresh.finish("setTierParams", "tiers", "discount-equals-cap", "Every discount equal to the cap is allowed.",
                         call: .setTierParams(tiers(minStep, minStep, minStep, minStep)), from: B.owner, expect: .success),
            walked.finish("setTierParams", "errors", "within-cooldown", "After the walk to cap 4 %, tier 1's discount (last changed on the walk's last day) lowered a minute later: GuardrailCooldown(12289, readyAt).",
                          call: .setTierParams(tiers(p.maxTierDiscount, p.discounts[0] &- minStep, p.discounts[1], p.discounts[2])), from: B.owner, after: 60,
                          expect: .revert("GuardrailCooldown")),
            walked.finish("setTierParams", "errors", "step-too-large", "A day later, tier 2's discount 2 % -> 3.01 %: past max(25 % of 2 %, 1 %) = 1 %, GuardrailExceeded(12290, 2·10^16, 3.01·10^16).",
                          call: .setTierParams(tiers(p.maxTierDiscount, p.discounts[0], f(301, 4), p.discounts[2])), from: B.owner, after: 86_400,
                          expect: .revert("GuardrailExceeded")),
            walked.finish("setTierParams", "errors", "lower-cap-below-discount", "A day later, the cap 4 % -> 3 % with tier 1's discount left at 4 %: TierDiscountAboveCap(1, 4·10^16, 3·10^16). A lower cap comes with lower discounts.",
                          call: .setTierParams(tiers(f(3, 2), p.discounts[0], p.discounts[1], p.discounts[2])), from: B.owner, after: 86_400,
                          expect: .revert("TierDiscountAboveCap")),
            walked.finish("setTierParams", "tiers", "lower-cap-with-discount", "The cap 4 % -> 3 % with tier 1's discount 4 % -> 3 % in the same call: allowed.",
                          call: .setTierParams(tiers(f(3, 2), f(3, 2), p.discounts[1], p.discounts[2])), from: B.owner, after: 86_400, expect: .success),
            walked.finish("setTierParams", "tiers", "unchanged-values", "The stored values again, within the cooldown: nothing changes, so no clock is checked or moved.",
                          call: .setTierParams(p), from: B.owner, after: 60, expect: .success),
            nearBound.finish("setTierParams", "tiers", "cap-reaches-bound", "Cap 29 % -> 30 %, exactly MAX_TIER_DISCOUNT, with tier 1 -> 30 %: within 25 % of each.",
                             call: .setTierParams(tiers(Constants.maxTierDiscount, Constants.maxTierDiscount, f(2, 1), f(1, 1))), from: B.owner, after: 86_400,
                             expect: .success),
            walked.finish("tierParams", "tiers", "after-walk", "The getter after the daily walk to cap 4 %, discounts 4 %, 2 %, 1 %.",
                          call: .tierParams, from: B.keeper),
            walked.finish("lastParamChange", "tiers", "tier-three-clock", "Tier 3's discount (id 12291) last changed when it reached 1 %, on the walk's first day.",
                          call: .lastParamChange(param: ParameterID.tier(3)), from: B.keeper),
        ]
    }

    static func attestorCases() -> [VectorCase] {
        let plain = B.oneMarket(Fixture.marketParams[0], variance: 2_000_000_000)
        var attested = withAttestor()
        let expiry = attested.now &+ 1_000
        attested.run(.attest(B.alice, tier: 1, expiry: expiry), from: attestor)
        let untilExpiry = UInt64((expiry &- attested.now).w0)
        return [
            plain.finish("setAttestor", "tiers", "set", "The owner names the attestor: AttestorSet(attestor).",
                         call: .setAttestor(attestor), from: B.owner, expect: .success),
            attested.finish("setAttestor", "tiers", "remove", "The owner sets the zero address: no attestor. Alice's attestation stays.",
                            call: .setAttestor(.zero), from: B.owner, expect: .success),
            plain.finish("setAttestor", "errors", "owner-refused", "The owner cannot be the attestor: InvalidAttestor(owner).",
                         call: .setAttestor(B.owner), from: B.owner, expect: .revert("InvalidAttestor")),
            plain.finish("setAttestor", "errors", "wrong-caller", "Only the owner: a stranger gets Unauthorized(stranger).",
                         call: .setAttestor(attestor), from: B.stranger),
            attested.finish("setAttestor", "errors", "attested-account-refused", "Alice's attestation is live: she cannot become the attestor, InvalidAttestor(alice).",
                            call: .setAttestor(B.alice), from: B.owner, expect: .revert("InvalidAttestor")),
            attested.finish("setAttestor", "errors", "last-second-of-attestation", "One second before alice's expiry her attestation still counts: InvalidAttestor(alice).",
                            call: .setAttestor(B.alice), from: B.owner, after: untilExpiry - 1, expect: .revert("InvalidAttestor")),
            attested.finish("setAttestor", "tiers", "at-expiry-allowed", "At the second of alice's expiry her attestation counts no more: she can become the attestor.",
                            call: .setAttestor(B.alice), from: B.owner, after: untilExpiry, expect: .success),
        ]
    }

    static func attestCases() -> [VectorCase] {
        let b = withAttestor()
        let noAttestor = B.oneMarket(Fixture.marketParams[0], variance: 2_000_000_000)
        var removed = withAttestor()
        removed.run(.setAttestor(.zero), from: B.owner)
        var renewed = withAttestor()
        renewed.run(.attest(B.alice, tier: 1, expiry: renewed.now &+ 3_600), from: attestor)
        let at = b.now &+ 12   // finish's default: the call 12 s after the set-up
        let term = Constants.maxAttestationTerm
        func attest(_ account: Address, _ tier: UInt256, _ expiry: UInt256) -> EngineCall { .attest(account, tier: tier, expiry: expiry) }
        return [
            b.finish("attest", "tiers", "tier-one", "Alice, tier 1, for a day: Attested(alice, 1, expiry).",
                     call: attest(B.alice, 1, at &+ 86_400), from: attestor, expect: .success),
            b.finish("attest", "tiers", "tier-three", "Bob, tier 3, the highest.",
                     call: attest(B.bob, 3, at &+ 86_400), from: attestor, expect: .success),
            b.finish("attest", "errors", "tier-zero", "Tier 0 is no tier: InvalidTier(0).",
                     call: attest(B.alice, 0, at &+ 86_400), from: attestor, expect: .revert("InvalidTier")),
            b.finish("attest", "errors", "tier-four", "One past MAX_TIER: InvalidTier(4).",
                     call: attest(B.alice, 4, at &+ 86_400), from: attestor, expect: .revert("InvalidTier")),
            b.finish("attest", "errors", "self", "The attestor cannot attest itself: SelfAttestation(attestor).",
                     call: attest(attestor, 1, at &+ 86_400), from: attestor, expect: .revert("SelfAttestation")),
            b.finish("attest", "errors", "self-before-tier", "The attestor itself with tier 0: step 3 (SelfAttestation) comes before step 4.",
                     call: attest(attestor, 0, at &+ 86_400), from: attestor, expect: .revert("SelfAttestation")),
            b.finish("attest", "errors", "zero-address", "The zero address: ZeroAddress().",
                     call: attest(.zero, 1, at &+ 86_400), from: attestor, expect: .revert("ZeroAddress")),
            b.finish("attest", "errors", "expiry-now", "An expiry equal to block.timestamp grants nothing: InvalidExpiry(now, now).",
                     call: attest(B.alice, 1, at), from: attestor, expect: .revert("InvalidExpiry")),
            b.finish("attest", "errors", "tier-before-expiry", "Tier 4 with an expiry in the past: step 4 (InvalidTier) comes before step 5.",
                     call: attest(B.alice, 4, at &- .one), from: attestor, expect: .revert("InvalidTier")),
            b.finish("attest", "tiers", "expiry-next-second", "An expiry one second after now: the shortest attestation.",
                     call: attest(B.alice, 2, at &+ .one), from: attestor, expect: .success),
            b.finish("attest", "tiers", "expiry-full-term", "An expiry exactly MAX_ATTESTATION_TERM (365 days) after now.",
                     call: attest(B.alice, 2, at &+ term), from: attestor, expect: .success),
            b.finish("attest", "errors", "expiry-past-term", "One second past the 365-day term: InvalidExpiry(expiry, now).",
                     call: attest(B.alice, 2, at &+ term &+ .one), from: attestor, expect: .revert("InvalidExpiry")),
            b.finish("attest", "errors", "wrong-caller", "The owner is not the attestor: Unauthorized(owner).",
                     call: attest(B.alice, 1, at &+ 86_400), from: B.owner),
            noAttestor.finish("attest", "errors", "no-attestor", "Before any setAttestor every caller is refused: Unauthorized(caller).",
                              call: attest(B.alice, 1, at &+ 86_400), from: attestor),
            removed.finish("attest", "errors", "removed-attestor", "After setAttestor(0) the former attestor is refused: Unauthorized(attestor).",
                           call: attest(B.alice, 1, removed.now &+ 86_400), from: attestor),
            renewed.finish("attest", "tiers", "renew-replaces", "Alice holds tier 1 for an hour; a new attestation replaces it: tier 3 for a day.",
                           call: attest(B.alice, 3, renewed.now &+ 86_400), from: attestor, expect: .success),
            renewed.finish("attestation", "tiers", "stored", "The getter: alice's (tier 1, expiry).",
                           call: .attestation(B.alice), from: B.keeper),
            renewed.finish("attestation", "tiers", "kept-after-expiry", "Two hours on the attestation has expired but is stored as posted: the getter still shows it; it grants nothing.",
                           call: .attestation(B.alice), from: B.keeper, after: 7_200),
            renewed.finish("attestor", "tiers", "getter", "The attestor's address.", call: .attestor, from: B.keeper),
        ]
    }

    static func revokeCases() -> [VectorCase] {
        var b = withAttestor()
        b.run(.attest(B.alice, tier: 2, expiry: b.now &+ 86_400), from: attestor)
        var removed = b
        removed.run(.setAttestor(.zero), from: B.owner)
        return [
            b.finish("revoke", "tiers", "attested", "Alice's tier 2 is revoked: tier and expiry 0, AttestationRevoked(alice).",
                     call: .revoke(B.alice), from: attestor, expect: .success),
            b.finish("revoke", "tiers", "never-attested", "Revoking bob, never attested, succeeds and changes nothing.",
                     call: .revoke(B.bob), from: attestor, expect: .success),
            b.finish("revoke", "errors", "wrong-caller", "The owner cannot revoke: Unauthorized(owner).",
                     call: .revoke(B.alice), from: B.owner),
            removed.finish("revoke", "errors", "after-attestor-removed", "With no attestor nobody can revoke: alice keeps tier 2 until it expires.",
                           call: .revoke(B.alice), from: attestor),
        ]
    }

    /// Tiers at cap 30 %, discounts 10 %, 20 %, 30 % (a two-week walk), then
    /// a fresh price, alice long and bob short 10 ETH.
    static func tradedWithTiers() -> B {
        var b = withAttestor()
        raise(&b, to: tiers(Constants.maxTierDiscount, f(1, 1), f(2, 1), Constants.maxTierDiscount))
        b.post(market: 0, price: Fixture.wad(2000), after: 60)
        b.openAliceLong(Fixture.wad(10))
        return b
    }

    static func margins() -> [VectorCase] {
        var b = tradedWithTiers()
        let expiry = b.now &+ 3_600
        b.run(.attest(B.alice, tier: 3, expiry: expiry), from: attestor)
        b.run(.attest(B.bob, tier: 1, expiry: b.now &+ 86_400), from: attestor)
        b.run(.attest(B.carol, tier: 3, expiry: b.now &+ 86_400), from: attestor)
        let left = UInt64((expiry &- b.now).w0)   // seconds from the last set-up call to alice's expiry
        var revoked = b
        revoked.run(.revoke(B.alice), from: attestor)
        var removed = b
        removed.run(.setAttestor(.zero), from: B.owner)
        return [
            b.finish("marginBreakdown", "tiers", "tier-three", "Alice's 10 ETH long with tier 3 (30 %): the MM counts 70 % of portfolioVaR, rounded up; tierDiscount is 0.3 WAD and portfolioVaR is shown undiscounted.",
                     call: .marginBreakdown(B.alice), from: B.keeper),
            b.finish("marginBreakdown", "tiers", "tier-one-short", "Bob's 10 ETH short with tier 1 (10 %).",
                     call: .marginBreakdown(B.bob), from: B.keeper),
            b.finish("marginBreakdown", "tiers", "last-second", "One second before alice's expiry the discount still applies.",
                     call: .marginBreakdown(B.alice), from: B.keeper, after: left - 1),
            b.finish("marginBreakdown", "tiers", "at-expiry", "At the second of expiry the attestation grants nothing: tierDiscount 0, the full MM.",
                     call: .marginBreakdown(B.alice), from: B.keeper, after: left),
            b.finish("maintenanceMargin", "tiers", "at-expiry", "maintenanceMargin at the second of expiry: the undiscounted margin.",
                     call: .maintenanceMargin(B.alice), from: B.keeper, after: left),
            b.finish("initialMargin", "tiers", "tier-three", "initialMargin with the discount: ceil(MM · 1.5), still at least MM.",
                     call: .initialMargin(B.alice), from: B.keeper),
            revoked.finish("marginBreakdown", "tiers", "revoked", "After revoke(alice): no discount.",
                           call: .marginBreakdown(B.alice), from: B.keeper),
            removed.finish("marginBreakdown", "tiers", "attestor-removed-keeps-discount", "After setAttestor(0) alice keeps her tier 3 discount: removing the attestor revokes nothing.",
                           call: .marginBreakdown(B.alice), from: B.keeper),
            b.finish("marginBreakdown", "tiers", "no-positions", "Carol, tier 3, with no position: tierDiscount 0.3 WAD of a zero VaR, MM and IM 0.",
                     call: .marginBreakdown(B.carol), from: B.keeper),
        ]
    }

    /// Alice's equity walked down (0.05 % price steps) until it lies between
    /// her discounted margin and the undiscounted one: liquidatable only from
    /// the second her attestation expires.
    static func liquidation() -> [VectorCase] {
        var b = withAttestor()
        raise(&b, to: tiers(Constants.maxTierDiscount, f(1, 1), f(2, 1), Constants.maxTierDiscount))
        b.post(market: 0, price: Fixture.wad(2000), after: 60)
        b.fund(B.alice, usd: 600)
        b.fund(B.bob, usd: 100_000)
        b.fund(B.keeper, usd: 100_000)
        b.trade(buyer: B.alice, seller: B.bob, market: 0, size: Fixture.wad(10))
        let window: UInt64 = 300
        func inWindow(_ x: B) -> Bool {
            var tiered = x.state
            tiered.accounts[B.alice]?.attestation = Attestation(tier: 3, expiry: x.now &+ UInt256(window))
            let e = x.equity(B.alice)
            guard let low = try? tiered.marginBreakdown(B.alice, now: x.now &+ UInt256(window - 1)).maintenanceMargin,
                  let high = try? x.state.marginBreakdown(B.alice, now: x.now &+ UInt256(window)).maintenanceMargin
            else { return false }
            return e >= Int256(bitPattern: low) && e < Int256(bitPattern: high)
        }
        // A walk that never reaches the window yields a case that says so: CasePromises then refuses the corpus.
        let reached = b.walk(market: 0, bps: 5, interval: 60, steps: 400, until: inWindow)
        b.run(.attest(B.alice, tier: 3, expiry: b.now &+ UInt256(window)), from: attestor, after: 0)
        return [
            b.finish("isLiquidatable", "tiers", "discount-holds-last-second", "Alice's equity lies between her tier-3 margin and the full one: one second before expiry she is not liquidatable.",
                     call: .isLiquidatable(B.alice), from: B.keeper, after: window - 1, expect: .success),
            b.finish("isLiquidatable", "tiers", "liquidatable-at-expiry", "At the second of expiry the full margin applies: liquidatable.",
                     call: .isLiquidatable(B.alice), from: B.keeper, after: window, expect: reached ? VectorCase.Promise.success : .revert("the walk never reached the window")),
            b.finish("liquidate", "tiers", "refused-before-expiry", "A liquidation one second before expiry: NotLiquidatable(alice, equity, discounted MM).",
                     call: .liquidate(account: B.alice, market: 0, size: Fixture.wad(1)), from: B.keeper, after: window - 1,
                     expect: .revert("NotLiquidatable")),
            b.finish("liquidate", "tiers", "at-expiry", "The same liquidation at the second of expiry succeeds.",
                     call: .liquidate(account: B.alice, market: 0, size: Fixture.wad(1)), from: B.keeper, after: window, expect: .success),
        ]
    }
}
