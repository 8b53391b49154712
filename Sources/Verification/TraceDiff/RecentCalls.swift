/// The last few replayed frames, the context shown before a divergence: a
/// ring written in place, so a frame costs one copy and nothing shifts;
/// the calls are put in order only when a divergence asks for them.
struct RecentCalls {
    private var ring: [(index: Int, read: ReadFrame)?]
    private var next = 0

    init(capacity: Int) {
        ring = Array(repeating: nil, count: capacity)
    }

    mutating func append(index: Int, _ read: ReadFrame) {
        guard !ring.isEmpty else { return }
        ring[next] = (index, read)
        next = next + 1 == ring.count ? 0 : next + 1
    }

    /// Oldest first.
    var calls: [ReplayedCall] {
        (ring[next...] + ring[..<next]).compactMap { entry in
            guard let (index, read) = entry else { return nil }
            return ReplayedCall(index: index, frame: read.frame, call: try? read.call?.get(),
                                observation: Observation(frame: read.frame))
        }
    }
}
