// The built-in example state of `margin eval --example`: three correlated
// markets (one with an active breaker), four accounts: a hedge, its
// counterparty, a long basket near liquidation, and a pair trade whose
// account holds identity tier 2 (a 10 % discount of its VaR).
enum ExampleState {
    static let json = #"""
{
  "accounts": [
    {
      "address": "0x1000000000000000000000000000000000000001",
      "attestation": {
        "expiry": "0",
        "tier": "0"
      },
      "cash": "-1250000000000000000",
      "collateral": [
        "5000000000",
        "1000000000000000000"
      ],
      "positions": [
        {
          "openNotional": "19500000000000000000000",
          "size": "10000000000000000000"
        },
        {
          "openNotional": "-20100000000000000000000",
          "size": "-500000000000000000"
        },
        {
          "openNotional": "0",
          "size": "0"
        }
      ]
    },
    {
      "address": "0x2000000000000000000000000000000000000002",
      "attestation": {
        "expiry": "0",
        "tier": "0"
      },
      "cash": "0",
      "collateral": [
        "9000000000",
        "0"
      ],
      "positions": [
        {
          "openNotional": "-39480000000000000000000",
          "size": "-20000000000000000000"
        },
        {
          "openNotional": "20100000000000000000000",
          "size": "500000000000000000"
        },
        {
          "openNotional": "-3280000000000000000000",
          "size": "-20000000000000000000"
        }
      ]
    },
    {
      "address": "0x3000000000000000000000000000000000000003",
      "attestation": {
        "expiry": "0",
        "tier": "0"
      },
      "cash": "-480000000000000000000",
      "collateral": [
        "1500000000",
        "0"
      ],
      "positions": [
        {
          "openNotional": "8040000000000000000000",
          "size": "4000000000000000000"
        },
        {
          "openNotional": "0",
          "size": "0"
        },
        {
          "openNotional": "15200000000000000000000",
          "size": "100000000000000000000"
        }
      ]
    },
    {
      "address": "0x4000000000000000000000000000000000000004",
      "attestation": {
        "expiry": "1700086400",
        "tier": "2"
      },
      "cash": "0",
      "collateral": [
        "2000000000",
        "500000000000000000"
      ],
      "positions": [
        {
          "openNotional": "11940000000000000000000",
          "size": "6000000000000000000"
        },
        {
          "openNotional": "0",
          "size": "0"
        },
        {
          "openNotional": "-11920000000000000000000",
          "size": "-80000000000000000000"
        }
      ]
    }
  ],
  "assets": [
    {
      "decimals": "6",
      "price": "1000000000000000000",
      "priceTime": "1700000000",
      "weight": "1000000000000000000"
    },
    {
      "decimals": "18",
      "price": "2000000000000000000000",
      "priceTime": "1700000300",
      "weight": "800000000000000000"
    }
  ],
  "correlations": [
    [
      "1000000000000000000",
      "800000000000000000",
      "600000000000000000"
    ],
    [
      "800000000000000000",
      "1000000000000000000",
      "500000000000000000"
    ],
    [
      "600000000000000000",
      "500000000000000000",
      "1000000000000000000"
    ]
  ],
  "globalParams": {
    "closeFactor": "500000000000000000",
    "deepUnderwaterRatio": "500000000000000000",
    "feeRatio": "500000000000000",
    "imBuffer": "500000000000000000",
    "insuranceTarget": "1000000000000000000000000",
    "liquidatorShare": "500000000000000000",
    "maxOracleAge": "3600",
    "nettingFloor": "300000000000000000",
    "penaltyRatio": "10000000000000000",
    "priceBand": "20000000000000000",
    "stressGamma": "1000000000000000000"
  },
  "insuranceFund": "250000000000000000000000",
  "markets": [
    {
      "breakerUntil": "0",
      "openInterest": "20000000000000000000",
      "params": {
        "baseMarginRatio": "10000000000000000",
        "breakerCooldown": "1800",
        "breakerMultiplier": "2000000000000000000",
        "breakerThreshold": "100000000000000000",
        "depthFloor": "1000000000000000000",
        "garchAlpha": "60000000000000000",
        "garchBeta": "940000000000000000",
        "garchOmega": "0",
        "impactCoefficient": "100000000000000000",
        "liquidationHorizon": "3600",
        "liquidityDepth": "5000000000000000000000000",
        "oracleCadence": "3600",
        "zHeadroom": "0",
        "zScore": "2330000000000000000",
        "zStep": "0"
      },
      "price": "2000000000000000000000",
      "priceTime": "1700000300",
      "variance": "2000000000",
      "zLong": "2330000000000000000",
      "zShort": "2330000000000000000"
    },
    {
      "breakerUntil": "1700001000",
      "openInterest": "500000000000000000",
      "params": {
        "baseMarginRatio": "10000000000000000",
        "breakerCooldown": "1800",
        "breakerMultiplier": "2000000000000000000",
        "breakerThreshold": "100000000000000000",
        "depthFloor": "1000000000000000000",
        "garchAlpha": "60000000000000000",
        "garchBeta": "940000000000000000",
        "garchOmega": "0",
        "impactCoefficient": "100000000000000000",
        "liquidationHorizon": "3600",
        "liquidityDepth": "20000000000000000000000000",
        "oracleCadence": "3600",
        "zHeadroom": "0",
        "zScore": "2330000000000000000",
        "zStep": "0"
      },
      "price": "40000000000000000000000",
      "priceTime": "1700000500",
      "variance": "1500000000",
      "zLong": "2330000000000000000",
      "zShort": "2330000000000000000"
    },
    {
      "breakerUntil": "0",
      "openInterest": "100000000000000000000",
      "params": {
        "baseMarginRatio": "10000000000000000",
        "breakerCooldown": "1800",
        "breakerMultiplier": "2000000000000000000",
        "breakerThreshold": "100000000000000000",
        "depthFloor": "1000000000000000000",
        "garchAlpha": "60000000000000000",
        "garchBeta": "940000000000000000",
        "garchOmega": "0",
        "impactCoefficient": "200000000000000000",
        "liquidationHorizon": "3600",
        "liquidityDepth": "2000000000000000000000000",
        "oracleCadence": "3600",
        "zHeadroom": "0",
        "zScore": "2330000000000000000",
        "zStep": "0"
      },
      "price": "150000000000000000000",
      "priceTime": "1700000550",
      "variance": "4000000000",
      "zLong": "2330000000000000000",
      "zShort": "2330000000000000000"
    }
  ],
  "specVersion": "1.1.0",
  "tierParams": {
    "discount1": "50000000000000000",
    "discount2": "100000000000000000",
    "discount3": "150000000000000000",
    "maxTierDiscount": "150000000000000000"
  },
  "timestamp": "1700000600"
}
"""#
}
