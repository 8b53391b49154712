import EVMArithmetic

/// The 11 guardrailed global parameters, in table order (Spec/state.md).
public struct GlobalParams: Sendable, Hashable {
    public var nettingFloor: UInt256
    public var stressGamma: UInt256
    public var insuranceTarget: UInt256
    public var imBuffer: UInt256
    public var maxOracleAge: UInt256
    public var priceBand: UInt256
    public var feeRatio: UInt256
    public var closeFactor: UInt256
    public var deepUnderwaterRatio: UInt256
    public var penaltyRatio: UInt256
    public var liquidatorShare: UInt256

    public init(
        nettingFloor: UInt256, stressGamma: UInt256, insuranceTarget: UInt256, imBuffer: UInt256,
        maxOracleAge: UInt256, priceBand: UInt256, feeRatio: UInt256, closeFactor: UInt256,
        deepUnderwaterRatio: UInt256, penaltyRatio: UInt256, liquidatorShare: UInt256
    ) {
        self.nettingFloor = nettingFloor
        self.stressGamma = stressGamma
        self.insuranceTarget = insuranceTarget
        self.imBuffer = imBuffer
        self.maxOracleAge = maxOracleAge
        self.priceBand = priceBand
        self.feeRatio = feeRatio
        self.closeFactor = closeFactor
        self.deepUnderwaterRatio = deepUnderwaterRatio
        self.penaltyRatio = penaltyRatio
        self.liquidatorShare = liquidatorShare
    }

    /// The values in table order (id k = index).
    public var values: [UInt256] {
        [nettingFloor, stressGamma, insuranceTarget, imBuffer, maxOracleAge, priceBand,
         feeRatio, closeFactor, deepUnderwaterRatio, penaltyRatio, liquidatorShare]
    }

    /// From 11 values in table order; nil for another count.
    public init?(values v: [UInt256]) {
        guard v.count == 11 else { return nil }
        self.init(nettingFloor: v[0], stressGamma: v[1], insuranceTarget: v[2], imBuffer: v[3],
                  maxOracleAge: v[4], priceBand: v[5], feeRatio: v[6], closeFactor: v[7],
                  deepUnderwaterRatio: v[8], penaltyRatio: v[9], liquidatorShare: v[10])
    }
}
