# pragma version ~=0.4.3
# pragma optimize codesize
"""
@title MarginEngine
@notice Perpetual-futures margin engine with risk-based maintenance margin
        (volatility over the liquidation horizon, liquidity impact, correlated
        portfolio VaR with a netting floor, circuit breaker, stress multiplier),
        partial liquidation and automated deleveraging.
@dev    Reference implementation of Spec/ (spec version 1.1.0). Every step of
        the Spec is performed in the Spec's order, so that the first failing
        check or checked-arithmetic operation is the same as in the model.
        Custom errors are Solidity-compatible: selector ++ 32-byte words, raised
        with raw_revert. Empty revert data means checked arithmetic only: the
        contract has no bare assert or raise.
"""

# ---------------------------------------------------------------------------
# Constants (state.md)
# ---------------------------------------------------------------------------

WAD: constant(uint256) = 10**18
MAX_MARKETS: constant(uint256) = 8
MAX_ASSETS: constant(uint256) = 4
MIN_PRICE: constant(uint256) = 1
MAX_PRICE: constant(uint256) = 10**26
MAX_POSITION_SIZE: constant(uint256) = 10**26
MAX_COLLATERAL: constant(uint256) = 10**30
MAX_VARIANCE: constant(uint256) = 10**13
MAX_RETURN: constant(uint256) = 10 * 10**18
MAX_MARGIN_ORACLE_AGE: constant(uint256) = 2592000
MAX_ADL_FACTOR: constant(uint256) = 10**24
ADAPTIVE_Z_TAIL: constant(uint256) = 10**16   # the adaptive z aims at 1 % of observations above it

# Global parameters, ids k = 0..10 in table order.
NETTING_FLOOR: constant(uint256) = 0
STRESS_GAMMA: constant(uint256) = 1
INSURANCE_TARGET: constant(uint256) = 2
IM_BUFFER: constant(uint256) = 3
MAX_ORACLE_AGE: constant(uint256) = 4
PRICE_BAND: constant(uint256) = 5
FEE_RATIO: constant(uint256) = 6
CLOSE_FACTOR: constant(uint256) = 7
DEEP_UNDERWATER_RATIO: constant(uint256) = 8
PENALTY_RATIO: constant(uint256) = 9
LIQUIDATOR_SHARE: constant(uint256) = 10
GLOBAL_PARAM_COUNT: constant(uint256) = 11

GLOBAL_LO: constant(uint256[11]) = [0, 0, 0, 0, 1, 0, 0, 10**16, 0, 0, 0]
GLOBAL_HI: constant(uint256[11]) = [
    10**18, 10**19, 10**36, 10**19, 86400, 10**18, 10**17, 10**18, 10**18, 2 * 10**17, 10**18
]

# Market parameters, k = 0..14 in table order; id = 256 * (m + 1) + k.
BASE_MARGIN_RATIO: constant(uint256) = 0
Z_SCORE: constant(uint256) = 1
LIQUIDATION_HORIZON: constant(uint256) = 2
IMPACT_COEFFICIENT: constant(uint256) = 3
LIQUIDITY_DEPTH: constant(uint256) = 4
BREAKER_THRESHOLD: constant(uint256) = 5
BREAKER_COOLDOWN: constant(uint256) = 6
BREAKER_MULTIPLIER: constant(uint256) = 7
GARCH_BETA: constant(uint256) = 8
GARCH_ALPHA: constant(uint256) = 9
GARCH_OMEGA: constant(uint256) = 10
ORACLE_CADENCE: constant(uint256) = 11
DEPTH_FLOOR: constant(uint256) = 12
Z_STEP: constant(uint256) = 13
Z_HEADROOM: constant(uint256) = 14
MARKET_PARAM_COUNT: constant(uint256) = 15


# ---------------------------------------------------------------------------
# Events (abi.md)
# ---------------------------------------------------------------------------

event RolesSet:
    oracle: indexed(address)
    exchange: indexed(address)

event GlobalParamsSet:
    nettingFloor: uint256
    stressGamma: uint256
    insuranceTarget: uint256
    imBuffer: uint256
    maxOracleAge: uint256
    priceBand: uint256
    feeRatio: uint256
    closeFactor: uint256
    deepUnderwaterRatio: uint256
    penaltyRatio: uint256
    liquidatorShare: uint256

event PriceUpdate:
    market: indexed(uint256)
    price: uint256
    timestamp: uint256
    variance: uint256
    zLong: uint256
    zShort: uint256

event BreakerTripped:
    market: indexed(uint256)
    returnWad: uint256
    until: uint256

event AssetPriceUpdate:
    asset: indexed(uint256)
    price: uint256
    timestamp: uint256

event Deposit:
    account: indexed(address)
    asset: indexed(uint256)
    amount: uint256

event Withdraw:
    account: indexed(address)
    asset: indexed(uint256)
    amount: uint256

event Trade:
    buyer: indexed(address)
    seller: indexed(address)
    market: indexed(uint256)
    size: uint256
    price: uint256
    fee: uint256
    buyerRealisedPnl: int256
    sellerRealisedPnl: int256

event Liquidation:
    account: indexed(address)
    liquidator: indexed(address)
    market: indexed(uint256)
    size: uint256
    price: uint256
    penalty: uint256
    liquidatorReward: uint256
    badDebtCovered: uint256

event Deleverage:
    bankrupt: indexed(address)
    counterparty: indexed(address)
    market: indexed(uint256)
    size: uint256
    bankruptcyPrice: uint256
    fundUsed: uint256

# ---------------------------------------------------------------------------
# Storage (state.md)
# ---------------------------------------------------------------------------

# The governance extension (abi.md, "Deployment"): fixed at deployment.
GOVERNANCE: immutable(address)

# Roles and counters
owner: public(address)
oracle: public(address)
exchange: public(address)
attestor: public(address)                           # posts identity tiers (operations/attest.md)
marketCount: public(uint256)
assetCount: public(uint256)
insuranceFund: public(uint256)

# Global parameters in table order (getter: globalParams()).
globalParamValues: uint256[11]

# Identity-tier parameters: maxTierDiscount, then tiers 1..3's discounts (getter: tierParams()).
tierParamValues: uint256[4]

# Per market m
price: HashMap[uint256, uint256]
priceTime: HashMap[uint256, uint256]
variance: HashMap[uint256, uint256]
breakerUntil: HashMap[uint256, uint256]
openInterest: HashMap[uint256, uint256]
marketParamValues: HashMap[uint256, uint256[15]]     # getter: marketParams(m)
zLong: HashMap[uint256, uint256]                    # adaptive z of a long (getter: marketState(m))
zShort: HashMap[uint256, uint256]                   # adaptive z of a short

# Per collateral asset a
decimals: HashMap[uint256, uint256]
assetScale: HashMap[uint256, uint256]               # 10 ** (18 - decimals[a]), stored at listing
weight: HashMap[uint256, uint256]
assetPrice: HashMap[uint256, uint256]
assetPriceTime: HashMap[uint256, uint256]

# Correlations (getters: correlation(a, b), correlationSet(a, b))
correlationMatrix: HashMap[uint256, HashMap[uint256, int256]]
correlationPairSet: HashMap[uint256, HashMap[uint256, bool]]   # keyed [lo][hi], lo < hi

# Guardrail clocks
lastParamChange: public(HashMap[uint256, uint256])

# Per account
collateralBalance: HashMap[address, HashMap[uint256, uint256]]   # getter: collateral(acct, a)
cash: public(HashMap[address, int256])
size: HashMap[address, HashMap[uint256, int256]]
openNotional: HashMap[address, HashMap[uint256, int256]]
attestedTier: HashMap[address, uint256]                          # getter: attestation(acct)
attestationExpiry: HashMap[address, uint256]                     # counts while block.timestamp < expiry


struct Breakdown:
    equity: int256
    collateralValue: uint256
    sumBase: uint256
    sumImpact: uint256
    sumRisk: uint256
    quadraticVaR: uint256
    nettingFloorVaR: uint256
    portfolioVaR: uint256
    stressMultiplier: uint256
    maintenanceMargin: uint256
    initialMargin: uint256
    tierDiscount: uint256


# ---------------------------------------------------------------------------
# Arithmetic helpers (arithmetic.md). Every operator is checked.
# ---------------------------------------------------------------------------

@internal
@pure
def toInt(x: uint256) -> int256:
    """Returns x as int256.
    Reverts (arithmetic) if x > 2^255 - 1."""
    return convert(x, int256)


@internal
@pure
def toUint(x: int256) -> uint256:
    """Returns x as uint256.
    Reverts (arithmetic) if x < 0."""
    return convert(x, uint256)


@internal
@pure
def mulDown(a: uint256, b: uint256, d: uint256) -> uint256:
    """Returns floor(a * b / d).
    Reverts (arithmetic) if a * b >= 2^256, (division-by-zero) if d == 0."""
    p: uint256 = a * b
    return p // d


@internal
@pure
def mulUp(a: uint256, b: uint256, d: uint256) -> uint256:
    """Returns ceil(a * b / d).
    Reverts (arithmetic) if a * b >= 2^256, (division-by-zero) if d == 0."""
    p: uint256 = a * b
    q: uint256 = p // d
    if p % d != 0:
        q = q + 1
    return q


@internal
@pure
def divUp(a: uint256, d: uint256) -> uint256:
    """Returns ceil(a / d).
    Reverts (division-by-zero) if d == 0."""
    q: uint256 = a // d
    if a % d != 0:
        q = q + 1
    return q


@internal
@pure
def sqrtUp(x: uint256) -> uint256:
    """Returns ceil(sqrt(x)).
    Never reverts (isqrt(x) < 2^128, so r * r and r + 1 fit)."""
    r: uint256 = isqrt(x)
    if r * r != x:
        r = r + 1
    return r


@internal
@pure
def abs(x: int256) -> uint256:
    """Returns |x| as uint256.
    Reverts (arithmetic) if x == -2^255."""
    if x >= 0:
        return self.toUint(x)
    return self.toUint(-x)


@internal
@pure
def valueAt(size: int256, price: uint256) -> int256:
    """Returns floor(size * price / WAD) (toward -infinity): the mark value of a position.
    Reverts (arithmetic) if |size| * price >= 2^256."""
    m: uint256 = self.abs(size) * price
    if size >= 0:
        return self.toInt(m // WAD)
    return -self.toInt(self.divUp(m, WAD))


@internal
@pure
def costAt(delta: int256, price: uint256) -> int256:
    """Returns ceil(delta * price / WAD) (toward +infinity): what an account pays (> 0) or receives (< 0).
    Reverts (arithmetic) if |delta| * price >= 2^256."""
    m: uint256 = self.abs(delta) * price
    if delta >= 0:
        return self.toInt(self.divUp(m, WAD))
    return -self.toInt(m // WAD)


@internal
@pure
def floorMulDiv(x: int256, k: uint256, n: uint256) -> int256:
    """Returns floor(x * k / n) (toward -infinity).
    Reverts (arithmetic) if |x| * k >= 2^256, (division-by-zero) if n == 0."""
    m: uint256 = self.abs(x) * k
    if x >= 0:
        return self.toInt(m // n)
    return -self.toInt(self.divUp(m, n))


@internal
@pure
def correlationTerm(si: int256, rho: int256, sj: int256) -> int256:
    """Returns si * rho * sj / WAD rounded toward +infinity (ceil(|si||rho|/WAD)*|sj| or -floor(..)*|sj|).
    Reverts (arithmetic) if a product exceeds 2^256 - 1."""
    if si == 0 or rho == 0 or sj == 0:
        return 0
    a: uint256 = self.abs(si) * self.abs(rho)
    negative: bool = ((si < 0) != (rho < 0)) != (sj < 0)
    if negative:
        return -self.toInt((a // WAD) * self.abs(sj))
    return self.toInt(self.divUp(a, WAD) * self.abs(sj))


# ---------------------------------------------------------------------------
# Custom errors raised at several sites (abi.md). Errors raised at one site
# are inlined there. One body per error keeps the runtime code under the
# EIP-170 limit of 24576 bytes.
# ---------------------------------------------------------------------------

@internal
@pure
def raiseZeroAddress():
    raw_revert(method_id("ZeroAddress()"))


@internal
@pure
def raiseZeroAmount():
    raw_revert(method_id("ZeroAmount()"))


@internal
@pure
def raiseParameterOutOfBounds(param: uint256, requested: uint256):
    raw_revert(concat(method_id("ParameterOutOfBounds(uint256,uint256)"), abi_encode(param, requested)))


@internal
@pure
def raiseObservationNotNewer(timestamp: uint256, lastTimestamp: uint256):
    raw_revert(concat(method_id("ObservationNotNewer(uint256,uint256)"), abi_encode(timestamp, lastTimestamp)))


@internal
@pure
def raiseObservationInFuture(timestamp: uint256, blockTimestamp: uint256):
    raw_revert(concat(method_id("ObservationInFuture(uint256,uint256)"), abi_encode(timestamp, blockTimestamp)))


@internal
@pure
def raiseCollateralLimitExceeded(asset: uint256, amount: uint256):
    raw_revert(concat(method_id("CollateralLimitExceeded(uint256,uint256)"), abi_encode(asset, amount)))


@internal
@pure
def raiseSelfTrade(account: address):
    raw_revert(concat(method_id("SelfTrade(address)"), abi_encode(account)))


@internal
@pure
def raiseInvalidSize(size: uint256):
    raw_revert(concat(method_id("InvalidSize(uint256)"), abi_encode(size)))


@internal
@pure
def raisePositionTooLarge(account: address, market: uint256, size: int256):
    raw_revert(concat(method_id("PositionTooLarge(address,uint256,int256)"), abi_encode(account, market, size)))


@internal
@pure
def raiseNoPosition(account: address, market: uint256):
    raw_revert(concat(method_id("NoPosition(address,uint256)"), abi_encode(account, market)))


@internal
@pure
def raiseCloseTooLarge(size: uint256, maxSize: uint256):
    raw_revert(concat(method_id("CloseTooLarge(uint256,uint256)"), abi_encode(size, maxSize)))


@internal
@pure
def raiseBankruptcyPriceOutOfRange(market: uint256, oraclePrice: uint256, priceShift: uint256):
    raw_revert(concat(method_id("BankruptcyPriceOutOfRange(uint256,uint256,uint256)"), abi_encode(market, oraclePrice, priceShift)))


# ---------------------------------------------------------------------------
# Shared procedures (operations/common.md)
# ---------------------------------------------------------------------------

@internal
@view
def requireRole(expected: address):
    if msg.sender != expected:
        raw_revert(concat(method_id("Unauthorized(address)"), abi_encode(msg.sender)))


@internal
@view
def requireMarket(m: uint256):
    if m >= self.marketCount:
        raw_revert(concat(method_id("UnknownMarket(uint256)"), abi_encode(m)))


@internal
@view
def requireAsset(a: uint256):
    if a >= self.assetCount:
        raw_revert(concat(method_id("UnknownAsset(uint256)"), abi_encode(a)))


@internal
@pure
def requirePriceInBounds(price: uint256):
    if price < MIN_PRICE or price > MAX_PRICE:
        raw_revert(concat(method_id("PriceOutOfBounds(uint256)"), abi_encode(price)))


@internal
@view
def requireFresh(m: uint256):
    """The market's oracle price is at most maxOracleAge seconds old."""
    age: uint256 = block.timestamp - self.priceTime[m]
    if age > self.globalParamValues[MAX_ORACLE_AGE]:
        raw_revert(concat(method_id("StalePrice(uint256,uint256)"), abi_encode(m, age)))


@internal
@view
def requireFreshAsset(a: uint256):
    """The asset's oracle price is at most maxOracleAge seconds old."""
    age: uint256 = block.timestamp - self.assetPriceTime[a]
    if age > self.globalParamValues[MAX_ORACLE_AGE]:
        raw_revert(concat(method_id("StaleAssetPrice(uint256,uint256)"), abi_encode(a, age)))


@internal
@pure
def isRiskIncreasing(old: int256, new: int256) -> bool:
    """Whether moving a position from old to new ends with exposure it did not have."""
    if new == 0:
        return False                      # closing is never risk-increasing
    if old == 0:
        return True                       # opening
    if (old > 0) != (new > 0):
        return True                       # flip, even to a smaller size
    return self.abs(new) > self.abs(old)  # same side: grows


@internal
def applyFill(acct: address, m: uint256, delta: int256, price: uint256) -> (int256, int256):
    """Moves acct's position in m by delta at price (average entry); returns (cost, realised)."""
    old: int256 = self.size[acct][m]                                  # 1
    on: int256 = self.openNotional[acct][m]
    new: int256 = old + delta                                         # 2
    cost: int256 = self.costAt(delta, price)                          # 3 toward +inf
    realised: int256 = 0
    if old == 0 or (old > 0) == (delta > 0):                          # 4 open or increase
        on = on + cost
    elif self.abs(delta) < self.abs(old):                             # 5 partial reduce
        removed: int256 = self.floorMulDiv(on, self.abs(delta), self.abs(old))
        realised = (0 - cost) - removed
        on = on - removed
    elif self.abs(delta) == self.abs(old):                            # 6 full close
        realised = (0 - cost) - on
        on = 0
    else:                                                             # 7 flip
        openCost: int256 = self.costAt(new, price)
        closeCost: int256 = cost - openCost
        realised = (0 - closeCost) - on
        on = openCost
    self.cash[acct] = self.cash[acct] + realised                      # 8
    if old > 0:                                                       # 9 open interest (long side)
        self.openInterest[m] = self.openInterest[m] - self.toUint(old)
    if new > 0:
        self.openInterest[m] = self.openInterest[m] + self.toUint(new)
    self.size[acct][m] = new                                          # 10
    self.openNotional[acct][m] = on
    return (cost, realised)


@internal
@view
def hasOpenPosition(acct: address) -> bool:
    n: uint256 = self.marketCount
    for m: uint256 in range(MAX_MARKETS):
        if m >= n:
            break
        if self.size[acct][m] != 0:
            return True
    return False


@internal
@view
def requireMargin(acct: address, riskIncreasing: bool):
    """A risk-increasing account needs equity >= IM; any other needs equity >= 0."""
    E: int256 = self._equity(acct)                                    # 1
    required: uint256 = 0
    if riskIncreasing:
        required = self._initialMargin(acct)                          # 2
    if E < self.toInt(required):                                      # 3
        raw_revert(concat(
            method_id("InsufficientMargin(address,int256,uint256)"),
            abi_encode(acct, E, required),
        ))


# ---------------------------------------------------------------------------
# Margin (margin.md)
# ---------------------------------------------------------------------------

@internal
@view
def collateralValue(acct: address) -> uint256:
    """Haircut USD value of the account's collateral, rounded down."""
    total: uint256 = 0
    n: uint256 = self.assetCount
    for a: uint256 in range(MAX_ASSETS):                              # 1
        if a >= n:
            break
        amount: uint256 = self.collateralBalance[acct][a]
        if amount == 0:
            continue
        amount18: uint256 = amount * self.assetScale[a]               # 1a exact
        usd: uint256 = self.mulDown(amount18, self.assetPrice[a], WAD)  # 1b down
        total = total + self.mulDown(usd, self.weight[a], WAD)        # 1c down
    return total


@internal
@view
def _unrealisedPnl(acct: address, m: uint256) -> int256:
    """Mark value minus open notional, rounded down (0 without a position)."""
    s: int256 = self.size[acct][m]
    if s == 0:
        return 0
    return self.valueAt(s, self.price[m]) - self.openNotional[acct][m]


@internal
@view
def _equity(acct: address) -> int256:
    """Haircut collateral + cash + unrealised PnL, rounded down."""
    e: int256 = self.toInt(self.collateralValue(acct))               # 1
    e = e + self.cash[acct]                                           # 2
    n: uint256 = self.marketCount
    for m: uint256 in range(MAX_MARKETS):                             # 3
        if m >= n:
            break
        if self.size[acct][m] != 0:
            e = e + self._unrealisedPnl(acct, m)
    return e


@internal
@view
def stressMultiplier() -> uint256:
    """S = 1 + stressGamma x shortfall fraction of the fund vs its target (WAD, rounded up)."""
    target: uint256 = self.globalParamValues[INSURANCE_TARGET]
    f: uint256 = 0
    if target != 0 and self.insuranceFund < target:
        f = self.divUp((target - self.insuranceFund) * WAD, target)   # 1 in (0, WAD]
    return WAD + self.mulUp(self.globalParamValues[STRESS_GAMMA], f, WAD)   # 2


@internal
@view
def positionTerms(acct: address, m: uint256) -> (uint256, uint256, uint256, uint256, uint256):
    """Returns (notional, horizonVolatility, risk, base, impact) of an open position."""
    s: int256 = self.size[acct][m]
    p: uint256 = self.price[m]
    P: uint256[15] = self.marketParamValues[m]
    N: uint256 = self.mulUp(self.abs(s), p, WAD)                                  # 1 notional, up
    age: uint256 = min(block.timestamp - self.priceTime[m], MAX_MARGIN_ORACLE_AGE)   # 2 capped
    T: uint256 = P[LIQUIDATION_HORIZON] + age                                     # 3 seconds
    V: uint256 = self.horizonVariance(
        self.variance[m], T, P[GARCH_ALPHA] + P[GARCH_BETA], P[GARCH_OMEGA], P[ORACLE_CADENCE]
    )
    hv: uint256 = self.sqrtUp(V * WAD)                                            # 4 up
    z: uint256 = self.zShort[m]                                                   # 5 the side's z
    if s > 0:
        z = self.zLong[m]
    r: uint256 = self.mulUp(self.mulUp(N, z, WAD), hv, WAD)                       #   risk, up
    if block.timestamp < self.breakerUntil[m]:
        r = self.mulUp(r, P[BREAKER_MULTIPLIER], WAD)                             # 6 breaker, up
    base: uint256 = self.mulUp(N, P[BASE_MARGIN_RATIO], WAD)                      # 7 up
    depth: uint256 = self.effectiveDepth(m, P)                                    # 8 thinned, down
    impact: uint256 = self.mulUp(self.mulUp(N, P[IMPACT_COEFFICIENT], WAD), N, depth)   # 9 up
    return (N, hv, r, base, impact)


@internal
@view
def effectiveDepth(m: uint256, P: uint256[15]) -> uint256:
    """The depth the impact term uses (margin.md, "Effective depth"), rounded down:
    liquidityDepth * sqrt(vL / v) above the long-run level vL, at least depthFloor of it,
    and depthFloor of it while the breaker is on."""
    f: uint256 = WAD                                                              # 1
    phi: uint256 = P[GARCH_ALPHA] + P[GARCH_BETA]
    if block.timestamp < self.breakerUntil[m]:
        f = P[DEPTH_FLOOR]                                                        # 2 breaker: the floor
    elif phi < WAD:
        scaled: uint256 = self.variance[m] * (WAD - phi)
        level: uint256 = P[GARCH_OMEGA] * WAD
        if scaled > level:                                                        # 3 above omega / (WAD - phi)
            f = max(isqrt(level * WAD * WAD // scaled), P[DEPTH_FLOOR])           # 4 WAD * sqrt(vL / v), down
    return self.mulDown(P[LIQUIDITY_DEPTH], f, WAD)                               # 5 down


@internal
@pure
def horizonVariance(v: uint256, T: uint256, phi: uint256, omega: uint256, c: uint256) -> uint256:
    """GARCH(1,1)'s forecast variance of the return over the next T seconds (margin.md, "Horizon variance").
    Cannot revert: within the state's bounds every intermediate is below 10^43
    (arithmetic.md), so it is unchecked to fit EIP-170."""
    if phi == WAD or T <= c:
        return unsafe_mul(v, T)                                                   # 1 today's variance
    gap: uint256 = unsafe_sub(WAD, phi)
    vL: uint256 = min(unsafe_div(unsafe_add(unsafe_mul(omega, WAD), gap - 1), gap), MAX_VARIANCE)  # 2 up
    if v == vL:
        return unsafe_mul(v, T)                                                   # 3
    n: uint256 = unsafe_div(T - 1, c)                                             # 4 full steps
    r: uint256 = 0                                                                # 5 round down
    if v > vL:
        r = WAD - 1                                                               #   or up
    s: uint256 = 0                                                                # 6 S_j, j = 0
    q: uint256 = WAD                                                              #   phi^j
    for i: uint256 in range(22):                                                  # 7 n's bits, high first
        s = unsafe_add(s, unsafe_div(unsafe_add(unsafe_mul(q, s), r), WAD))      # 7a S_2j
        q = unsafe_div(unsafe_add(unsafe_mul(q, q), r), WAD)                      # 7b phi^2j
        if (n >> unsafe_sub(21, i)) & 1 == 1:
            s = unsafe_add(s, q)                                                  # 7c S_(2j+1)
            q = unsafe_div(unsafe_add(unsafe_mul(q, phi), r), WAD)                # 7d phi^(2j+1)
    w: uint256 = unsafe_add(unsafe_mul(c, s), unsafe_mul(unsafe_sub(T, unsafe_mul(n, c)), q))   # 8
    if v > vL:
        return unsafe_add(unsafe_mul(T, vL), unsafe_div(unsafe_add(unsafe_mul(unsafe_sub(v, vL), w), WAD - 1), WAD))  # 9
    return unsafe_sub(unsafe_mul(T, vL), unsafe_div(unsafe_mul(unsafe_sub(vL, v), w), WAD))       # 9


@internal
@view
def tierDiscount(acct: address) -> uint256:
    """The discount of the risk term an attestation grants now (WAD), 0 without one."""
    if block.timestamp < self.attestationExpiry[acct]:                        # 1 live until the second of expiry
        return self.tierParamValues[self.attestedTier[acct]]                  # 2 the tier's discount
    return 0


@internal
@view
def _marginBreakdown(acct: address) -> Breakdown:
    # 1. stress
    S: uint256 = self.stressMultiplier()

    # 2. per-position terms, markets 0..marketCount-1
    n: uint256 = self.marketCount
    sumBase: uint256 = 0
    sumImpact: uint256 = 0
    sumRisk: uint256 = 0
    signedRisk: int256[MAX_MARKETS] = empty(int256[MAX_MARKETS])
    for m: uint256 in range(MAX_MARKETS):
        if m >= n:
            break
        if self.size[acct][m] == 0:
            continue
        N: uint256 = 0
        hv: uint256 = 0
        r: uint256 = 0
        base: uint256 = 0
        impact: uint256 = 0
        N, hv, r, base, impact = self.positionTerms(acct, m)         # 2a
        sumBase = sumBase + base                                      # 2b
        sumImpact = sumImpact + impact                                # 2c
        sumRisk = sumRisk + r                                         # 2d
        if self.size[acct][m] > 0:                                    # 2e s_i = sign(size_i) r_i
            signedRisk[m] = self.toInt(r)
        else:
            signedRisk[m] = -self.toInt(r)

    # 3. quadratic form Q = sum_i sum_j s_i rho_ij s_j / WAD (each term rounded up)
    Q: int256 = 0
    for i: uint256 in range(MAX_MARKETS):
        if i >= n:
            break
        if signedRisk[i] == 0:
            continue
        for j: uint256 in range(MAX_MARKETS):
            if j >= n:
                break
            if signedRisk[j] == 0:
                continue
            Q = Q + self.correlationTerm(signedRisk[i], self.correlationMatrix[i][j], signedRisk[j])

    # 4. portfolio VaR, between the netting floor and the sum of risks
    quadraticVaR: uint256 = min(self.sqrtUp(self.toUint(max(Q, 0))), sumRisk)                  # 4a
    nettingFloorVaR: uint256 = self.mulUp(sumRisk, self.globalParamValues[NETTING_FLOOR], WAD)  # 4b
    portfolioVaR: uint256 = max(quadraticVaR, nettingFloorVaR)                                 # 4c
    discount: uint256 = self.tierDiscount(acct)                                                # 4d

    # 5. maintenance and initial margin
    core: uint256 = sumBase + sumImpact                                                        # 5a
    core = core + (portfolioVaR - self.mulDown(portfolioVaR, discount, WAD))                   # 5b
    MM: uint256 = self.mulUp(core, S, WAD)                                                     # 5c
    IM: uint256 = self.mulUp(MM, WAD + self.globalParamValues[IM_BUFFER], WAD)                 # 5d

    # 6. equity
    E: int256 = self._equity(acct)
    return Breakdown(
        equity=E,
        collateralValue=self.collateralValue(acct),
        sumBase=sumBase,
        sumImpact=sumImpact,
        sumRisk=sumRisk,
        quadraticVaR=quadraticVaR,
        nettingFloorVaR=nettingFloorVaR,
        portfolioVaR=portfolioVaR,
        stressMultiplier=S,
        maintenanceMargin=MM,
        initialMargin=IM,
        tierDiscount=discount,
    )


@internal
@view
def _maintenanceMargin(acct: address) -> uint256:
    return self._marginBreakdown(acct).maintenanceMargin


@internal
@view
def _initialMargin(acct: address) -> uint256:
    return self._marginBreakdown(acct).initialMargin


# ---------------------------------------------------------------------------
# constructor (operations/constructor.md)
# ---------------------------------------------------------------------------

@deploy
def __init__(
    governance: address,
    oracle: address,
    exchange: address,
    nettingFloor: uint256,
    stressGamma: uint256,
    insuranceTarget: uint256,
    imBuffer: uint256,
    maxOracleAge: uint256,
    priceBand: uint256,
    feeRatio: uint256,
    closeFactor: uint256,
    deepUnderwaterRatio: uint256,
    penaltyRatio: uint256,
    liquidatorShare: uint256,
):
    # ACCESS: anyone deploys; the deployer becomes owner
    # CHECKS
    if governance == empty(address) or oracle == empty(address) or exchange == empty(address):   # 1
        self.raiseZeroAddress()
    values: uint256[11] = [
        nettingFloor, stressGamma, insuranceTarget, imBuffer, maxOracleAge, priceBand,
        feeRatio, closeFactor, deepUnderwaterRatio, penaltyRatio, liquidatorShare,
    ]
    for k: uint256 in range(GLOBAL_PARAM_COUNT):                                # 2
        if values[k] < GLOBAL_LO[k] or values[k] > GLOBAL_HI[k]:
            self.raiseParameterOutOfBounds(k, values[k])
    # EFFECTS
    GOVERNANCE = governance                                                     # 3
    self.owner = msg.sender
    self.oracle = oracle
    self.exchange = exchange
    self.globalParamValues = values                                             # 4
    for k: uint256 in range(GLOBAL_PARAM_COUNT):
        self.lastParamChange[k] = block.timestamp
    # EVENTS
    log RolesSet(oracle=oracle, exchange=exchange)                              # 5
    log GlobalParamsSet(                                                        # 6
        nettingFloor=nettingFloor,
        stressGamma=stressGamma,
        insuranceTarget=insuranceTarget,
        imBuffer=imBuffer,
        maxOracleAge=maxOracleAge,
        priceBand=priceBand,
        feeRatio=feeRatio,
        closeFactor=closeFactor,
        deepUnderwaterRatio=deepUnderwaterRatio,
        penaltyRatio=penaltyRatio,
        liquidatorShare=liquidatorShare,
    )


# ---------------------------------------------------------------------------
# Governance (abi.md, "Deployment"): setRoles, listAsset, setAssetWeight,
# listMarket, setMarketParams, setCorrelation, setGlobalParams, setAttestor,
# setTierParams, attest and revoke run in
# MarginGovernance's code on this contract's storage, delegated with the
# call's own calldata; the revert data comes back unchanged. Vyper 0.4 has
# no raw return, so the two that return a value are declared here and the
# others (and any unknown selector) reach __default__, which returns nothing.
# ---------------------------------------------------------------------------

@internal
def delegateToGovernance() -> Bytes[256]:
    # 256 bytes hold the longest revert data (CorrelationGuardrailExceeded, 132).
    success: bool = False
    response: Bytes[256] = b""
    success, response = raw_call(
        GOVERNANCE, msg.data, max_outsize=256, is_delegate_call=True, revert_on_failure=False
    )
    if not success:
        raw_revert(response)
    return response


@external
def __default__():
    self.delegateToGovernance()


@external
def listAsset(decimals: uint256, weight: uint256, price: uint256) -> uint256:
    return extract32(self.delegateToGovernance(), 0, output_type=uint256)


@external
def listMarket(
    price: uint256,
    variance: uint256,
    baseMarginRatio: uint256,
    zScore: uint256,
    liquidationHorizon: uint256,
    impactCoefficient: uint256,
    liquidityDepth: uint256,
    breakerThreshold: uint256,
    breakerCooldown: uint256,
    breakerMultiplier: uint256,
    garchBeta: uint256,
    garchAlpha: uint256,
    garchOmega: uint256,
    oracleCadence: uint256,
    depthFloor: uint256,
    zStep: uint256,
    zHeadroom: uint256,
) -> uint256:
    return extract32(self.delegateToGovernance(), 0, output_type=uint256)


# ---------------------------------------------------------------------------
# postPrice (operations/postPrice.md)
# ---------------------------------------------------------------------------

@external
def postPrice(market: uint256, price: uint256, timestamp: uint256):
    # ACCESS
    self.requireRole(self.oracle)                                               # 1
    # CHECKS
    self.requireMarket(market)                                                  # 2
    self.requirePriceInBounds(price)                                            # 3
    if timestamp <= self.priceTime[market]:                                     # 4
        self.raiseObservationNotNewer(timestamp, self.priceTime[market])
    if timestamp > block.timestamp:                                             # 5
        self.raiseObservationInFuture(timestamp, block.timestamp)
    # EFFECTS: GARCH(1,1) variance of the simple return, per second
    pOld: uint256 = self.price[market]                                          # 6
    dt: uint256 = timestamp - self.priceTime[market]                            # 7 >= 1
    move: uint256 = 0                                                           # 8
    if price >= pOld:
        move = price - pOld
    else:
        move = pOld - price
    rWad: uint256 = self.divUp(move * WAD, pOld)                                # 9 |r| in WAD, up
    rVar: uint256 = min(rWad, MAX_RETURN)                                       # 10
    sample: uint256 = self.divUp(self.divUp(rVar * rVar, WAD), dt)             # 11 r^2 / dt, up
    beta: uint256 = self.marketParamValues[market][GARCH_BETA]                  # 12
    alpha: uint256 = self.marketParamValues[market][GARCH_ALPHA]
    omega: uint256 = self.marketParamValues[market][GARCH_OMEGA]
    mixed: uint256 = beta * self.variance[market] + alpha * sample              # 13 left to right
    newVariance: uint256 = min(self.divUp(mixed, WAD) + omega, MAX_VARIANCE)    # 14
    # EFFECTS: adaptive z of each side, against the variance before this update
    zL: uint256 = self.zLong[market]
    zS: uint256 = self.zShort[market]
    zMin: uint256 = self.marketParamValues[market][Z_SCORE]                     # 14a
    zMax: uint256 = zMin + self.marketParamValues[market][Z_HEADROOM]
    step: uint256 = self.marketParamValues[market][Z_STEP]
    up: uint256 = self.mulUp(step, WAD - ADAPTIVE_Z_TAIL, WAD)                  # 14b up
    down: uint256 = self.mulDown(step, ADAPTIVE_Z_TAIL, WAD)                    #     down
    if price < pOld and sample > self.mulDown(self.mulDown(zL, zL, WAD), self.variance[market], WAD):
        zL = min(zL + up, zMax)                                                 # 14c a long's loss exceeded
    else:
        zL = zL - min(down, zL - zMin)                                          #     otherwise
    if price > pOld and sample > self.mulDown(self.mulDown(zS, zS, WAD), self.variance[market], WAD):
        zS = min(zS + up, zMax)                                                 # 14d a short's loss exceeded
    else:
        zS = zS - min(down, zS - zMin)                                          #     otherwise
    self.price[market] = price                                                  # 15
    self.priceTime[market] = timestamp
    self.variance[market] = newVariance
    self.zLong[market] = zL
    self.zShort[market] = zS
    # EFFECTS: circuit breaker
    tripped: bool = rWad >= self.marketParamValues[market][BREAKER_THRESHOLD]   # 16
    if tripped:                                                                 # 17
        until: uint256 = block.timestamp + self.marketParamValues[market][BREAKER_COOLDOWN]
        self.breakerUntil[market] = max(self.breakerUntil[market], until)
    # EVENTS
    log PriceUpdate(market=market, price=price, timestamp=timestamp, variance=newVariance, zLong=zL, zShort=zS)   # 18
    if tripped:                                                                 # 19
        log BreakerTripped(market=market, returnWad=rWad, until=self.breakerUntil[market])


# ---------------------------------------------------------------------------
# postAssetPrice (operations/postAssetPrice.md)
# ---------------------------------------------------------------------------

@external
def postAssetPrice(asset: uint256, price: uint256, timestamp: uint256):
    # ACCESS
    self.requireRole(self.oracle)                                               # 1
    # CHECKS
    self.requireAsset(asset)                                                    # 2
    self.requirePriceInBounds(price)                                            # 3
    if timestamp <= self.assetPriceTime[asset]:                                 # 4
        self.raiseObservationNotNewer(timestamp, self.assetPriceTime[asset])
    if timestamp > block.timestamp:                                             # 5
        self.raiseObservationInFuture(timestamp, block.timestamp)
    # EFFECTS
    self.assetPrice[asset] = price                                              # 6
    self.assetPriceTime[asset] = timestamp
    # EVENTS
    log AssetPriceUpdate(asset=asset, price=price, timestamp=timestamp)         # 7


# ---------------------------------------------------------------------------
# deposit (operations/deposit.md)
# ---------------------------------------------------------------------------

@external
def deposit(asset: uint256, amount: uint256):
    # ACCESS: anyone, for itself
    # CHECKS
    self.requireAsset(asset)                                                    # 1
    if amount == 0:                                                             # 2
        self.raiseZeroAmount()
    if amount > MAX_COLLATERAL:                                                 # 3
        self.raiseCollateralLimitExceeded(asset, amount)
    newBalance: uint256 = self.collateralBalance[msg.sender][asset] + amount    # 4
    if newBalance * self.assetScale[asset] > MAX_COLLATERAL:                    # 5
        self.raiseCollateralLimitExceeded(asset, newBalance)
    # EFFECTS
    self.collateralBalance[msg.sender][asset] = newBalance                      # 6
    # EVENTS
    log Deposit(account=msg.sender, asset=asset, amount=amount)                 # 7


# ---------------------------------------------------------------------------
# withdraw (operations/withdraw.md)
# ---------------------------------------------------------------------------

@external
def withdraw(asset: uint256, amount: uint256):
    # ACCESS: anyone, for itself
    # CHECKS
    self.requireAsset(asset)                                                    # 1
    if amount == 0:                                                             # 2
        self.raiseZeroAmount()
    balance: uint256 = self.collateralBalance[msg.sender][asset]                # 3
    if amount > balance:                                                        # 4
        raw_revert(concat(
            method_id("InsufficientBalance(uint256,uint256,uint256)"),
            abi_encode(asset, balance, amount),
        ))
    # EFFECTS
    self.collateralBalance[msg.sender][asset] = balance - amount                # 5
    # CHECKS (post-state)
    if self.hasOpenPosition(msg.sender) or self.cash[msg.sender] < 0:           # 6
        n: uint256 = self.marketCount
        for m: uint256 in range(MAX_MARKETS):
            if m >= n:
                break
            if self.size[msg.sender][m] != 0:
                self.requireFresh(m)
        k: uint256 = self.assetCount
        for a: uint256 in range(MAX_ASSETS):
            if a >= k:
                break
            if self.collateralBalance[msg.sender][a] != 0:
                self.requireFreshAsset(a)
    self.requireMargin(msg.sender, True)                                        # 7
    # EVENTS
    log Withdraw(account=msg.sender, asset=asset, amount=amount)                # 8


# ---------------------------------------------------------------------------
# settleTrade (operations/settleTrade.md)
# ---------------------------------------------------------------------------

@external
def settleTrade(buyer: address, seller: address, market: uint256, size: uint256, price: uint256):
    # ACCESS
    self.requireRole(self.exchange)                                             # 1
    # CHECKS
    self.requireMarket(market)                                                  # 2
    if buyer == seller:                                                         # 3
        self.raiseSelfTrade(buyer)
    if size == 0 or size > MAX_POSITION_SIZE:                                   # 4
        self.raiseInvalidSize(size)
    self.requirePriceInBounds(price)                                            # 5
    oraclePrice: uint256 = self.price[market]                                   # 6
    band: uint256 = self.mulDown(oraclePrice, self.globalParamValues[PRICE_BAND], WAD)
    deviation: uint256 = 0
    if price >= oraclePrice:
        deviation = price - oraclePrice
    else:
        deviation = oraclePrice - price
    if deviation > band:
        raw_revert(concat(
            method_id("PriceOutOfBand(uint256,uint256,uint256)"),
            abi_encode(market, price, oraclePrice),
        ))
    d: int256 = self.toInt(size)                                                # 7
    buyerOld: int256 = self.size[buyer][market]
    buyerNew: int256 = buyerOld + d
    if self.abs(buyerNew) > MAX_POSITION_SIZE:
        self.raisePositionTooLarge(buyer, market, buyerNew)
    sellerOld: int256 = self.size[seller][market]                               # 8
    sellerNew: int256 = sellerOld - d
    if self.abs(sellerNew) > MAX_POSITION_SIZE:
        self.raisePositionTooLarge(seller, market, sellerNew)
    buyerRI: bool = self.isRiskIncreasing(buyerOld, buyerNew)                   # 9
    sellerRI: bool = self.isRiskIncreasing(sellerOld, sellerNew)
    if buyerRI or sellerRI:                                                     # 10
        self.requireFresh(market)
        if block.timestamp < self.breakerUntil[market]:
            raw_revert(concat(
                method_id("BreakerActive(uint256,uint256)"),
                abi_encode(market, self.breakerUntil[market]),
            ))
    # EFFECTS
    buyerCost: int256 = 0
    buyerRealised: int256 = 0
    buyerCost, buyerRealised = self.applyFill(buyer, market, d, price)          # 11
    sellerCost: int256 = 0
    sellerRealised: int256 = 0
    sellerCost, sellerRealised = self.applyFill(seller, market, -d, price)      # 12
    fee: uint256 = self.mulUp(self.mulUp(size, price, WAD), self.globalParamValues[FEE_RATIO], WAD)   # 13
    self.cash[buyer] = self.cash[buyer] - self.toInt(fee)                       # 14
    self.cash[seller] = self.cash[seller] - self.toInt(fee)                     # 15
    self.insuranceFund = self.insuranceFund + self.toUint(buyerCost + sellerCost)   # 16 dust: 0 or 1
    self.insuranceFund = self.insuranceFund + fee                               # 17
    self.insuranceFund = self.insuranceFund + fee                               # 18
    # CHECKS (post-state)
    self.requireMargin(buyer, buyerRI)                                          # 19
    self.requireMargin(seller, sellerRI)                                        # 20
    # EVENTS
    log Trade(                                                                  # 21
        buyer=buyer,
        seller=seller,
        market=market,
        size=size,
        price=price,
        fee=fee,
        buyerRealisedPnl=buyerRealised,
        sellerRealisedPnl=sellerRealised,
    )


# ---------------------------------------------------------------------------
# liquidate (operations/liquidate.md)
# ---------------------------------------------------------------------------

@external
def liquidate(account: address, market: uint256, size: uint256):
    # ACCESS: anyone; liquidator = msg.sender
    # CHECKS
    self.requireMarket(market)                                                  # 1
    if account == msg.sender:                                                   # 2
        self.raiseSelfTrade(account)
    s: int256 = self.size[account][market]                                      # 3
    if s == 0:
        self.raiseNoPosition(account, market)
    if size == 0:                                                               # 4
        self.raiseInvalidSize(size)
    self.requireFresh(market)                                                   # 5
    E: int256 = self._equity(account)                                           # 6
    MM: uint256 = self._maintenanceMargin(account)
    if E >= self.toInt(MM):
        raw_revert(concat(
            method_id("NotLiquidatable(address,int256,uint256)"),
            abi_encode(account, E, MM),
        ))
    maxClose: uint256 = self.mulUp(self.abs(s), self.globalParamValues[CLOSE_FACTOR], WAD)   # 7
    if E < self.toInt(self.mulUp(MM, self.globalParamValues[DEEP_UNDERWATER_RATIO], WAD)):
        maxClose = self.abs(s)                                                  # deeply underwater
    if size > maxClose:
        self.raiseCloseTooLarge(size, maxClose)
    p: uint256 = self.price[market]                                             # 8
    d: int256 = 0                                                               # the liquidator's side
    if s > 0:
        d = self.toInt(size)
    else:
        d = -self.toInt(size)
    liqOld: int256 = self.size[msg.sender][market]
    liqNew: int256 = liqOld + d
    if self.abs(liqNew) > MAX_POSITION_SIZE:
        self.raisePositionTooLarge(msg.sender, market, liqNew)
    liqRI: bool = self.isRiskIncreasing(liqOld, liqNew)
    # EFFECTS: transfer of the position at the oracle price
    accountCost: int256 = 0
    accountRealised: int256 = 0
    accountCost, accountRealised = self.applyFill(account, market, -d, p)       # 9
    liqCost: int256 = 0
    liqRealised: int256 = 0
    liqCost, liqRealised = self.applyFill(msg.sender, market, d, p)             # 10
    self.insuranceFund = self.insuranceFund + self.toUint(accountCost + liqCost)   # 11 dust: 0 or 1
    # EFFECTS: penalty, capped at what the account still has
    Eafter: int256 = self._equity(account)                                      # 12
    penalty: uint256 = self.mulUp(self.mulUp(size, p, WAD), self.globalParamValues[PENALTY_RATIO], WAD)   # 13
    if Eafter <= 0:
        penalty = 0
    else:
        penalty = min(penalty, self.toUint(Eafter))
    reward: uint256 = self.mulDown(penalty, self.globalParamValues[LIQUIDATOR_SHARE], WAD)   # 14
    self.cash[account] = self.cash[account] - self.toInt(penalty)               # 15
    self.cash[msg.sender] = self.cash[msg.sender] + self.toInt(reward)          # 16
    self.insuranceFund = self.insuranceFund + (penalty - reward)                # 17
    # EFFECTS: bad debt, only once the account has no position left
    covered: uint256 = 0                                                        # 18
    if not self.hasOpenPosition(account):
        E2: int256 = self._equity(account)
        if E2 < 0:
            deficit: uint256 = self.toUint(-E2)
            if self.insuranceFund < deficit:
                raw_revert(concat(
                    method_id("InsuranceInsufficient(address,uint256,uint256)"),
                    abi_encode(account, deficit, self.insuranceFund),
                ))
            self.insuranceFund = self.insuranceFund - deficit
            self.cash[account] = self.cash[account] + self.toInt(deficit)
            covered = deficit
    # CHECKS (post-state)
    self.requireMargin(msg.sender, liqRI)                                       # 19
    # EVENTS
    log Liquidation(                                                            # 20
        account=account,
        liquidator=msg.sender,
        market=market,
        size=size,
        price=p,
        penalty=penalty,
        liquidatorReward=reward,
        badDebtCovered=covered,
    )


# ---------------------------------------------------------------------------
# deleverage (operations/deleverage.md)
# ---------------------------------------------------------------------------

@external
def deleverage(bankrupt: address, counterparty: address, market: uint256, size: uint256):
    # ACCESS: anyone
    # CHECKS
    self.requireMarket(market)                                                  # 1
    if counterparty == bankrupt:                                                # 2
        self.raiseSelfTrade(bankrupt)
    if size == 0:                                                               # 3
        self.raiseInvalidSize(size)
    s: int256 = self.size[bankrupt][market]                                     # 4
    if s == 0:
        self.raiseNoPosition(bankrupt, market)
    self.requireFresh(market)                                                   # 5
    E: int256 = self._equity(bankrupt)                                          # 6
    if E >= 0:
        raw_revert(concat(method_id("NotBankrupt(address,int256)"), abi_encode(bankrupt, E)))
    deficit: uint256 = self.toUint(-E)                                          # 7
    if self.insuranceFund >= deficit:
        raw_revert(concat(
            method_id("InsuranceCanCover(uint256,uint256)"),
            abi_encode(deficit, self.insuranceFund),
        ))
    if size > self.abs(s):                                                      # 8
        self.raiseCloseTooLarge(size, self.abs(s))
    p: uint256 = self.price[market]                                             # 9
    c: int256 = self.size[counterparty][market]
    u: int256 = self._unrealisedPnl(counterparty, market)
    if c == 0 or (c > 0) == (s > 0) or self.abs(c) < size or u <= 0:
        raw_revert(concat(
            method_id("IneligibleCounterparty(address,int256,int256)"),
            abi_encode(counterparty, c, u),
        ))
    fundUsed: uint256 = self.insuranceFund                                      # 10
    remaining: uint256 = deficit - fundUsed                                     # >= 1
    priceShift: uint256 = self.divUp((remaining + 1) * WAD, size)
    q: uint256 = 0
    if s > 0:                                                                   # bankrupt long sells above the mark
        q = p + priceShift
        if q > MAX_PRICE:
            self.raiseBankruptcyPriceOutOfRange(market, p, priceShift)
    else:                                                                       # bankrupt short buys below the mark
        if priceShift >= p:
            self.raiseBankruptcyPriceOutOfRange(market, p, priceShift)
        q = p - priceShift
    # EFFECTS
    self.insuranceFund = 0                                                      # 11 the fund pays first
    self.cash[bankrupt] = self.cash[bankrupt] + self.toInt(fundUsed)
    d: int256 = 0                                                               # 12 the counterparty's side
    if s > 0:
        d = self.toInt(size)
    else:
        d = -self.toInt(size)
    bankruptCost: int256 = 0
    bankruptRealised: int256 = 0
    bankruptCost, bankruptRealised = self.applyFill(bankrupt, market, -d, q)
    counterpartyCost: int256 = 0
    counterpartyRealised: int256 = 0
    counterpartyCost, counterpartyRealised = self.applyFill(counterparty, market, d, q)
    self.insuranceFund = self.insuranceFund + self.toUint(bankruptCost + counterpartyCost)   # 13 dust
    residual: int256 = self._equity(bankrupt)                                   # 14 >= 0
    self.cash[bankrupt] = self.cash[bankrupt] - residual
    self.insuranceFund = self.insuranceFund + self.toUint(residual)
    # CHECKS (post-state)
    self.requireMargin(counterparty, False)                                     # 15
    # EVENTS
    log Deleverage(                                                             # 16
        bankrupt=bankrupt,
        counterparty=counterparty,
        market=market,
        size=size,
        bankruptcyPrice=q,
        fundUsed=fundUsed,
    )


# ---------------------------------------------------------------------------
# Margin views (operations/views.md)
# ---------------------------------------------------------------------------

@external
@view
def equity(account: address) -> int256:
    return self._equity(account)


@external
@view
def maintenanceMargin(account: address) -> uint256:
    return self._marginBreakdown(account).maintenanceMargin


@external
@view
def initialMargin(account: address) -> uint256:
    return self._marginBreakdown(account).initialMargin


@external
@view
def marginBreakdown(account: address) -> (
    int256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256
):
    b: Breakdown = self._marginBreakdown(account)
    return (
        b.equity,
        b.collateralValue,
        b.sumBase,
        b.sumImpact,
        b.sumRisk,
        b.quadraticVaR,
        b.nettingFloorVaR,
        b.portfolioVaR,
        b.stressMultiplier,
        b.maintenanceMargin,
        b.initialMargin,
        b.tierDiscount,
    )


@external
@view
def isLiquidatable(account: address) -> bool:
    return self._equity(account) < self.toInt(self._maintenanceMargin(account))


@external
@view
def unrealisedPnl(account: address, market: uint256) -> int256:
    self.requireMarket(market)
    return self._unrealisedPnl(account, market)


@external
@view
def adlScore(account: address, market: uint256) -> int256:
    """The deleveraging rank of a position: |PnL %| x leverage (WAD, truncated), signed by the PnL."""
    self.requireMarket(market)                                                  # 1
    s: int256 = self.size[account][market]
    if s == 0:                                                                  # 2
        return 0
    on: int256 = self.openNotional[account][market]
    if on == 0:                                                                 # 3 no cost basis
        return 0
    E: int256 = self._equity(account)
    if E <= 0:                                                                  # 4 leverage undefined
        return 0
    pnl: int256 = self.valueAt(s, self.price[market]) - on                      # 5 unrealised PnL
    pnlMag: uint256 = self.abs(pnl) * WAD // self.abs(on)                       # 6 |PnL %|, truncated
    pnlMag = min(pnlMag, MAX_ADL_FACTOR)
    N: uint256 = self.mulUp(self.abs(s), self.price[market], WAD)               # 7 position notional
    leverage: uint256 = min(N * WAD // self.toUint(E), MAX_ADL_FACTOR)          # 8 truncated
    scoreMag: uint256 = pnlMag * leverage // WAD                                # 9 truncated
    if pnl < 0:
        return -self.toInt(scoreMag)
    return self.toInt(scoreMag)


# ---------------------------------------------------------------------------
# Getters (operations/views.md)
# ---------------------------------------------------------------------------

@external
@view
def globalParams() -> (
    uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256
):
    g: uint256[11] = self.globalParamValues
    return (g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10])


@external
@view
def marketParams(market: uint256) -> (
    uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256, uint256,
    uint256, uint256, uint256
):
    self.requireMarket(market)
    P: uint256[15] = self.marketParamValues[market]
    return (P[0], P[1], P[2], P[3], P[4], P[5], P[6], P[7], P[8], P[9], P[10], P[11], P[12], P[13], P[14])


@external
@view
def marketState(market: uint256) -> (uint256, uint256, uint256, uint256, uint256, uint256, uint256):
    self.requireMarket(market)
    return (
        self.price[market],
        self.priceTime[market],
        self.variance[market],
        self.breakerUntil[market],
        self.openInterest[market],
        self.zLong[market],
        self.zShort[market],
    )


@external
@view
def assetState(asset: uint256) -> (uint256, uint256, uint256, uint256):
    self.requireAsset(asset)
    return (self.decimals[asset], self.weight[asset], self.assetPrice[asset], self.assetPriceTime[asset])


@external
@view
def correlation(marketA: uint256, marketB: uint256) -> int256:
    self.requireMarket(marketA)
    self.requireMarket(marketB)
    return self.correlationMatrix[marketA][marketB]


@external
@view
def correlationSet(marketA: uint256, marketB: uint256) -> bool:
    self.requireMarket(marketA)
    self.requireMarket(marketB)
    return self.correlationPairSet[min(marketA, marketB)][max(marketA, marketB)]


@external
@view
def position(account: address, market: uint256) -> (int256, int256):
    self.requireMarket(market)
    return (self.size[account][market], self.openNotional[account][market])


@external
@view
def collateral(account: address, asset: uint256) -> uint256:
    self.requireAsset(asset)
    return self.collateralBalance[account][asset]


@external
@view
def tierParams() -> (uint256, uint256, uint256, uint256):
    t: uint256[4] = self.tierParamValues
    return (t[0], t[1], t[2], t[3])


@external
@view
def attestation(account: address) -> (uint256, uint256):
    return (self.attestedTier[account], self.attestationExpiry[account])
