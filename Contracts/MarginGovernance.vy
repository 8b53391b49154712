# pragma version ~=0.4.3
# pragma optimize codesize
"""
@title MarginGovernance
@notice The governance operations of MarginEngine: roles, listings, parameter
        and weight changes, correlations, each behind its guardrail; the
        attestor role and its identity tiers.
@dev    Runs only as MarginEngine's code extension: the engine delegatecalls
        every call it does not handle itself to this contract (abi.md,
        "Deployment"), so these functions read and write the engine's storage
        and log from the engine's address. Its storage block is the engine's,
        declared in the same order (Harness/tests/test_contract_split.py
        checks the layouts are equal). Called directly it works on its own
        empty storage, whose owner is the zero address: every function
        reverts with Unauthorized. Spec version 1.1.0.
"""

# ---------------------------------------------------------------------------
# Constants (state.md)
# ---------------------------------------------------------------------------

WAD: constant(uint256) = 10**18
MAX_MARKETS: constant(uint256) = 8
MAX_ASSETS: constant(uint256) = 4
MIN_PRICE: constant(uint256) = 1
MAX_PRICE: constant(uint256) = 10**26
MAX_VARIANCE: constant(uint256) = 10**13
GUARDRAIL_MAX_CHANGE: constant(uint256) = 25 * 10**16
GUARDRAIL_COOLDOWN: constant(uint256) = 86400

# Parameter-id bases (state.md, "Guardrails"; abi.md, ParameterOutOfBounds).
ASSET_WEIGHT_ID: constant(uint256) = 4096
CORRELATION_ID: constant(uint256) = 8192
CORRELATION_MIN_STEP: constant(uint256) = 5 * 10**16
TIER_ID: constant(uint256) = 12288          # + 0: maxTierDiscount, + t: tier t's discount

# Identity tiers (state.md, "Identity tiers").
MAX_TIER: constant(uint256) = 3
TIER_PARAM_COUNT: constant(uint256) = 4
MAX_TIER_DISCOUNT: constant(uint256) = 3 * 10**17     # hard bound of every tier parameter
TIER_MIN_STEP: constant(uint256) = 10**16
MAX_ATTESTATION_TERM: constant(uint256) = 31536000    # 365 days

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
GLOBAL_MIN_STEP: constant(uint256[11]) = [
    10**16, 10**17, 10**22, 10**16, 60, 10**15, 10**14, 10**16, 10**16, 10**15, 10**16
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

MARKET_LO: constant(uint256[15]) = [0, 0, 0, 0, 10**18, 10**15, 0, 10**18, 0, 0, 0, 1, 10**16, 0, 0]
MARKET_HI: constant(uint256[15]) = [
    10**18, 10**19, 604800, 10**19, 10**36, 10**19, 604800, 10**19, 10**18, 10**18, 10**13, 86400, 10**18, 10**18,
    10**19
]
MARKET_MIN_STEP: constant(uint256[15]) = [
    10**15, 10**17, 60, 10**15, 10**18, 10**15, 60, 10**17, 10**16, 10**16, 10**6, 60, 10**16, 10**17, 10**17
]

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

event AssetListed:
    asset: indexed(uint256)
    decimals: uint256
    weight: uint256
    price: uint256

event AssetWeightSet:
    asset: indexed(uint256)
    weight: uint256

event MarketListed:
    market: indexed(uint256)
    price: uint256
    variance: uint256

event MarketParamsSet:
    market: indexed(uint256)
    baseMarginRatio: uint256
    zScore: uint256
    liquidationHorizon: uint256
    impactCoefficient: uint256
    liquidityDepth: uint256
    breakerThreshold: uint256
    breakerCooldown: uint256
    breakerMultiplier: uint256
    garchBeta: uint256
    garchAlpha: uint256
    garchOmega: uint256
    oracleCadence: uint256
    depthFloor: uint256
    zStep: uint256
    zHeadroom: uint256

event CorrelationSet:
    marketA: indexed(uint256)
    marketB: indexed(uint256)
    correlation: int256

event AttestorSet:
    attestor: indexed(address)

event TierParamsSet:
    maxTierDiscount: uint256
    discount1: uint256
    discount2: uint256
    discount3: uint256

event Attested:
    account: indexed(address)
    tier: uint256
    expiry: uint256

event AttestationRevoked:
    account: indexed(address)

# ---------------------------------------------------------------------------
# Storage (state.md): MarginEngine's, slot for slot (its getters are the engine's)
# ---------------------------------------------------------------------------

# Roles and counters
owner: address
oracle: address
exchange: address
attestor: address
marketCount: uint256
assetCount: uint256
insuranceFund: uint256

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
lastParamChange: HashMap[uint256, uint256]

# Per account
collateralBalance: HashMap[address, HashMap[uint256, uint256]]   # getter: collateral(acct, a)
cash: HashMap[address, int256]
size: HashMap[address, HashMap[uint256, int256]]
openNotional: HashMap[address, HashMap[uint256, int256]]
attestedTier: HashMap[address, uint256]                          # getter: attestation(acct)
attestationExpiry: HashMap[address, uint256]                     # counts while block.timestamp < expiry



# ---------------------------------------------------------------------------
# Arithmetic helpers (arithmetic.md). Every operator is checked.
# ---------------------------------------------------------------------------

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


# mulUp is not called here: it stays beside mulDown so that a rounding mutant
# of the guardrail (mulDown -> mulUp, Harness/MUTATION.md) compiles. Unused
# internal functions emit no code.
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
def abs(x: int256) -> uint256:
    """Returns |x| as uint256.
    Reverts (arithmetic) if x == -2^255."""
    if x >= 0:
        return self.toUint(x)
    return self.toUint(-x)


# ---------------------------------------------------------------------------
# Errors and shared procedures (abi.md, operations/common.md)
# ---------------------------------------------------------------------------

@internal
@pure
def raiseZeroAddress():
    raw_revert(method_id("ZeroAddress()"))


@internal
@pure
def raiseParameterOutOfBounds(param: uint256, requested: uint256):
    raw_revert(concat(method_id("ParameterOutOfBounds(uint256,uint256)"), abi_encode(param, requested)))


@internal
@pure
def requireGarch(values: uint256[15]):
    # alpha + beta <= 1 keeps the variance from growing without bound; at 1
    # there is no long-run level, so omega must be 0 (operations/common.md).
    persistence: uint256 = values[GARCH_ALPHA] + values[GARCH_BETA]
    if persistence > WAD or (persistence == WAD and values[GARCH_OMEGA] != 0):
        raw_revert(concat(
            method_id("InvalidGarchParams(uint256,uint256,uint256)"),
            abi_encode(values[GARCH_BETA], values[GARCH_ALPHA], values[GARCH_OMEGA]),
        ))


@internal
@pure
def raiseGuardrailCooldown(param: uint256, readyAt: uint256):
    raw_revert(concat(method_id("GuardrailCooldown(uint256,uint256)"), abi_encode(param, readyAt)))


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
def checkGuardrail(
    id: uint256, current: uint256, requested: uint256, lo: uint256, hi: uint256, minStep: uint256
) -> bool:
    """Checks one parameter change; returns whether the value changes."""
    if requested < lo or requested > hi:                              # 1
        self.raiseParameterOutOfBounds(id, requested)
    if requested == current:                                          # 2
        return False
    readyAt: uint256 = self.lastParamChange[id] + GUARDRAIL_COOLDOWN   # 3
    if block.timestamp < readyAt:
        self.raiseGuardrailCooldown(id, readyAt)
    allowed: uint256 = max(self.mulDown(current, GUARDRAIL_MAX_CHANGE, WAD), minStep)   # 4
    diff: uint256 = 0
    if requested > current:
        diff = requested - current
    else:
        diff = current - requested
    if diff > allowed:
        raw_revert(concat(
            method_id("GuardrailExceeded(uint256,uint256,uint256)"),
            abi_encode(id, current, requested),
        ))
    return True


# ---------------------------------------------------------------------------
# setRoles (operations/setRoles.md)
# ---------------------------------------------------------------------------

@external
def setRoles(oracle: address, exchange: address):
    # ACCESS
    self.requireRole(self.owner)                                                # 1
    # CHECKS
    if oracle == empty(address) or exchange == empty(address):                  # 2
        self.raiseZeroAddress()
    # EFFECTS
    self.oracle = oracle                                                        # 3
    self.exchange = exchange
    # EVENTS
    log RolesSet(oracle=oracle, exchange=exchange)                              # 4


# ---------------------------------------------------------------------------
# listAsset (operations/listAsset.md)
# ---------------------------------------------------------------------------

@external
def listAsset(decimals: uint256, weight: uint256, price: uint256) -> uint256:
    # ACCESS
    self.requireRole(self.owner)                                                # 1
    # CHECKS
    if self.assetCount == MAX_ASSETS:                                           # 2
        raw_revert(method_id("TooManyAssets()"))
    a: uint256 = self.assetCount                                                # 3
    if decimals > 18:                                                           # 4
        raw_revert(concat(method_id("InvalidDecimals(uint256)"), abi_encode(decimals)))
    if weight > WAD:                                                            # 5
        self.raiseParameterOutOfBounds(ASSET_WEIGHT_ID + a, weight)
    self.requirePriceInBounds(price)                                            # 6
    # EFFECTS
    self.decimals[a] = decimals                                                 # 7
    self.assetScale[a] = 10 ** (18 - decimals)
    self.weight[a] = weight
    self.assetPrice[a] = price                                                  # 8
    self.assetPriceTime[a] = block.timestamp
    self.lastParamChange[ASSET_WEIGHT_ID + a] = block.timestamp                 # 9
    self.assetCount = a + 1                                                     # 10
    # EVENTS
    log AssetListed(asset=a, decimals=decimals, weight=weight, price=price)     # 11
    # RETURNS
    return a                                                                    # 12


# ---------------------------------------------------------------------------
# setAssetWeight (operations/setAssetWeight.md)
# ---------------------------------------------------------------------------

@external
def setAssetWeight(asset: uint256, weight: uint256):
    # ACCESS
    self.requireRole(self.owner)                                                # 1
    # CHECKS
    self.requireAsset(asset)                                                    # 2
    changed: bool = self.checkGuardrail(                                        # 3
        ASSET_WEIGHT_ID + asset, self.weight[asset], weight, 0, WAD, 10**16
    )
    # EFFECTS
    if changed:                                                                 # 4
        self.weight[asset] = weight
        self.lastParamChange[ASSET_WEIGHT_ID + asset] = block.timestamp
    # EVENTS
    log AssetWeightSet(asset=asset, weight=weight)                              # 5


# ---------------------------------------------------------------------------
# listMarket (operations/listMarket.md)
# ---------------------------------------------------------------------------

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
    # ACCESS
    self.requireRole(self.owner)                                                # 1
    # CHECKS
    if self.marketCount == MAX_MARKETS:                                         # 2
        raw_revert(method_id("TooManyMarkets()"))
    m: uint256 = self.marketCount                                               # 3
    self.requirePriceInBounds(price)                                            # 4
    if variance > MAX_VARIANCE:                                                 # 5
        raw_revert(concat(method_id("VarianceOutOfBounds(uint256)"), abi_encode(variance)))
    values: uint256[15] = [
        baseMarginRatio, zScore, liquidationHorizon, impactCoefficient, liquidityDepth,
        breakerThreshold, breakerCooldown, breakerMultiplier, garchBeta, garchAlpha, garchOmega,
        oracleCadence, depthFloor, zStep, zHeadroom,
    ]
    for k: uint256 in range(MARKET_PARAM_COUNT):                                # 6
        if values[k] < MARKET_LO[k] or values[k] > MARKET_HI[k]:
            self.raiseParameterOutOfBounds(256 * (m + 1) + k, values[k])
    self.requireGarch(values)                                                   # 6a
    # EFFECTS
    self.price[m] = price                                                       # 7
    self.priceTime[m] = block.timestamp
    self.variance[m] = variance
    self.breakerUntil[m] = 0
    self.openInterest[m] = 0
    self.zLong[m] = zScore
    self.zShort[m] = zScore
    self.marketParamValues[m] = values                                          # 8
    for k: uint256 in range(MARKET_PARAM_COUNT):
        self.lastParamChange[256 * (m + 1) + k] = block.timestamp
    self.correlationMatrix[m][m] = convert(WAD, int256)                         # 9
    self.marketCount = m + 1                                                    # 10
    # EVENTS
    log MarketListed(market=m, price=price, variance=variance)                  # 11
    log MarketParamsSet(                                                        # 12
        market=m,
        baseMarginRatio=baseMarginRatio,
        zScore=zScore,
        liquidationHorizon=liquidationHorizon,
        impactCoefficient=impactCoefficient,
        liquidityDepth=liquidityDepth,
        breakerThreshold=breakerThreshold,
        breakerCooldown=breakerCooldown,
        breakerMultiplier=breakerMultiplier,
        garchBeta=garchBeta,
        garchAlpha=garchAlpha,
        garchOmega=garchOmega,
        oracleCadence=oracleCadence,
        depthFloor=depthFloor,
        zStep=zStep,
        zHeadroom=zHeadroom,
    )
    # RETURNS
    return m                                                                    # 13


# ---------------------------------------------------------------------------
# setMarketParams (operations/setMarketParams.md)
# ---------------------------------------------------------------------------

@external
def setMarketParams(
    market: uint256,
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
):
    # ACCESS
    self.requireRole(self.owner)                                                # 1
    # CHECKS
    self.requireMarket(market)                                                  # 2
    values: uint256[15] = [
        baseMarginRatio, zScore, liquidationHorizon, impactCoefficient, liquidityDepth,
        breakerThreshold, breakerCooldown, breakerMultiplier, garchBeta, garchAlpha, garchOmega,
        oracleCadence, depthFloor, zStep, zHeadroom,
    ]
    current: uint256[15] = self.marketParamValues[market]
    changed: bool[15] = empty(bool[15])
    for k: uint256 in range(MARKET_PARAM_COUNT):                                # 3
        changed[k] = self.checkGuardrail(
            256 * (market + 1) + k, current[k], values[k],
            MARKET_LO[k], MARKET_HI[k], MARKET_MIN_STEP[k],
        )
    self.requireGarch(values)                                                   # 3a
    # EFFECTS
    for k: uint256 in range(MARKET_PARAM_COUNT):                                # 4
        if changed[k]:
            self.marketParamValues[market][k] = values[k]
            self.lastParamChange[256 * (market + 1) + k] = block.timestamp
    zMin: uint256 = self.marketParamValues[market][Z_SCORE]                     # 4a
    zMax: uint256 = zMin + self.marketParamValues[market][Z_HEADROOM]
    self.zLong[market] = min(max(self.zLong[market], zMin), zMax)
    self.zShort[market] = min(max(self.zShort[market], zMin), zMax)
    # EVENTS
    log MarketParamsSet(                                                        # 5
        market=market,
        baseMarginRatio=baseMarginRatio,
        zScore=zScore,
        liquidationHorizon=liquidationHorizon,
        impactCoefficient=impactCoefficient,
        liquidityDepth=liquidityDepth,
        breakerThreshold=breakerThreshold,
        breakerCooldown=breakerCooldown,
        breakerMultiplier=breakerMultiplier,
        garchBeta=garchBeta,
        garchAlpha=garchAlpha,
        garchOmega=garchOmega,
        oracleCadence=oracleCadence,
        depthFloor=depthFloor,
        zStep=zStep,
        zHeadroom=zHeadroom,
    )


# ---------------------------------------------------------------------------
# setCorrelation (operations/setCorrelation.md)
# ---------------------------------------------------------------------------

@external
def setCorrelation(marketA: uint256, marketB: uint256, correlation: int256):
    # ACCESS
    self.requireRole(self.owner)                                                # 1
    # CHECKS
    self.requireMarket(marketA)                                                 # 2
    self.requireMarket(marketB)                                                 # 3
    if marketA == marketB:                                                      # 4
        raw_revert(concat(method_id("InvalidCorrelationPair(uint256,uint256)"), abi_encode(marketA, marketB)))
    if correlation < -convert(WAD, int256) or correlation > convert(WAD, int256):   # 5
        raw_revert(concat(
            method_id("CorrelationOutOfBounds(uint256,uint256,int256)"),
            abi_encode(marketA, marketB, correlation),
        ))
    lo: uint256 = min(marketA, marketB)                                         # 6
    hi: uint256 = max(marketA, marketB)
    id: uint256 = CORRELATION_ID + 8 * lo + hi
    current: int256 = self.correlationMatrix[lo][hi]
    wasSet: bool = self.correlationPairSet[lo][hi]
    if wasSet and correlation != current:                                       # 7
        readyAt: uint256 = self.lastParamChange[id] + GUARDRAIL_COOLDOWN
        if block.timestamp < readyAt:
            self.raiseGuardrailCooldown(id, readyAt)
        allowed: uint256 = max(
            self.mulDown(self.abs(current), GUARDRAIL_MAX_CHANGE, WAD), CORRELATION_MIN_STEP
        )
        if self.abs(correlation - current) > allowed:
            raw_revert(concat(
                method_id("CorrelationGuardrailExceeded(uint256,uint256,int256,int256)"),
                abi_encode(marketA, marketB, current, correlation),
            ))
    # EFFECTS
    if not wasSet or correlation != current:                                    # 8
        self.lastParamChange[id] = block.timestamp
    self.correlationMatrix[marketA][marketB] = correlation                      # 9
    self.correlationMatrix[marketB][marketA] = correlation
    self.correlationPairSet[lo][hi] = True
    # EVENTS
    log CorrelationSet(marketA=marketA, marketB=marketB, correlation=correlation)   # 10


# ---------------------------------------------------------------------------
# setGlobalParams (operations/setGlobalParams.md)
# ---------------------------------------------------------------------------

@external
def setGlobalParams(
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
    # ACCESS
    self.requireRole(self.owner)                                                # 1
    # CHECKS
    values: uint256[11] = [
        nettingFloor, stressGamma, insuranceTarget, imBuffer, maxOracleAge, priceBand,
        feeRatio, closeFactor, deepUnderwaterRatio, penaltyRatio, liquidatorShare,
    ]
    current: uint256[11] = self.globalParamValues
    changed: bool[11] = empty(bool[11])
    for k: uint256 in range(GLOBAL_PARAM_COUNT):                                # 2
        changed[k] = self.checkGuardrail(
            k, current[k], values[k], GLOBAL_LO[k], GLOBAL_HI[k], GLOBAL_MIN_STEP[k]
        )
    # EFFECTS
    for k: uint256 in range(GLOBAL_PARAM_COUNT):                                # 3
        if changed[k]:
            self.globalParamValues[k] = values[k]
            self.lastParamChange[k] = block.timestamp
    # EVENTS
    log GlobalParamsSet(                                                        # 4
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
# setTierParams (operations/setTierParams.md)
# ---------------------------------------------------------------------------

@external
def setTierParams(maxTierDiscount: uint256, discount1: uint256, discount2: uint256, discount3: uint256):
    # ACCESS
    self.requireRole(self.owner)                                                # 1
    # CHECKS
    values: uint256[4] = [maxTierDiscount, discount1, discount2, discount3]
    current: uint256[4] = self.tierParamValues
    changed: bool[4] = empty(bool[4])
    for k: uint256 in range(TIER_PARAM_COUNT):                                  # 2
        changed[k] = self.checkGuardrail(
            TIER_ID + k, current[k], values[k], 0, MAX_TIER_DISCOUNT, TIER_MIN_STEP
        )
    for t: uint256 in range(1, TIER_PARAM_COUNT):                               # 3
        if values[t] > maxTierDiscount:
            raw_revert(concat(
                method_id("TierDiscountAboveCap(uint256,uint256,uint256)"),
                abi_encode(t, values[t], maxTierDiscount),
            ))
    # EFFECTS
    for k: uint256 in range(TIER_PARAM_COUNT):                                  # 4
        if changed[k]:
            self.tierParamValues[k] = values[k]
            self.lastParamChange[TIER_ID + k] = block.timestamp
    # EVENTS
    log TierParamsSet(                                                          # 5
        maxTierDiscount=maxTierDiscount, discount1=discount1, discount2=discount2, discount3=discount3
    )


# ---------------------------------------------------------------------------
# setAttestor (operations/setAttestor.md)
# ---------------------------------------------------------------------------

@external
def setAttestor(attestor: address):
    # ACCESS
    self.requireRole(self.owner)                                                # 1
    # CHECKS
    if attestor == self.owner or block.timestamp < self.attestationExpiry[attestor]:   # 2
        raw_revert(concat(method_id("InvalidAttestor(address)"), abi_encode(attestor)))
    # EFFECTS
    self.attestor = attestor                                                    # 3 zero: no attestor
    # EVENTS
    log AttestorSet(attestor=attestor)                                          # 4


# ---------------------------------------------------------------------------
# attest (operations/attest.md)
# ---------------------------------------------------------------------------

@external
def attest(account: address, tier: uint256, expiry: uint256):
    # ACCESS
    self.requireRole(self.attestor)                                             # 1
    # CHECKS
    if account == empty(address):                                               # 2
        self.raiseZeroAddress()
    if account == msg.sender:                                                   # 3
        raw_revert(concat(method_id("SelfAttestation(address)"), abi_encode(account)))
    if tier == 0 or tier > MAX_TIER:                                            # 4
        raw_revert(concat(method_id("InvalidTier(uint256)"), abi_encode(tier)))
    if expiry <= block.timestamp or expiry > block.timestamp + MAX_ATTESTATION_TERM:   # 5
        raw_revert(concat(
            method_id("InvalidExpiry(uint256,uint256)"), abi_encode(expiry, block.timestamp)
        ))
    # EFFECTS
    self.attestedTier[account] = tier                                           # 6
    self.attestationExpiry[account] = expiry
    # EVENTS
    log Attested(account=account, tier=tier, expiry=expiry)                     # 7


# ---------------------------------------------------------------------------
# revoke (operations/revoke.md)
# ---------------------------------------------------------------------------

@external
def revoke(account: address):
    # ACCESS
    self.requireRole(self.attestor)                                             # 1
    # EFFECTS
    self.attestedTier[account] = 0                                              # 2
    self.attestationExpiry[account] = 0
    # EVENTS
    log AttestationRevoked(account=account)                                     # 3
