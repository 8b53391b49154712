#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ContractIO
import MarginEngine

/// A frame read ahead, with its input already decoded as a MarginEngine
/// call (nil for a CREATE frame, whose input is init code).
public struct ReadFrame: Sendable {
    public let frame: TraceFrame
    public let call: Result<EngineCall, CalldataError>?

    public init(_ frame: TraceFrame) {
        self.frame = frame
        if frame.kind == .create {
            call = nil
        } else {
            do throws(CalldataError) { call = .success(try EngineCall(calldata: frame.input)) } catch { call = .failure(error) }
        }
    }
}

/// A `TraceReader` running on a second thread: it parses frames ahead, and
/// decodes their calldata, in batches, into a bounded queue while the
/// caller replays the earlier ones. The caller sees exactly what
/// `TraceReader.next()` would give, in the same order: the frames, then the
/// first failure or the end. Reading stops when the queue is full (memory
/// stays bounded) and when this object goes away (a replay that stops at
/// its first divergence reads no further).
public final class TraceReadAhead {
    public typealias Failure = FileFailure

    /// Frames handed over at once: one lock round trip per batch, not per frame.
    static let batchSize = 128
    /// Batches parsed ahead at most.
    static let depth = 8

    private let channel: Channel
    /// Nil when no thread could be started: the frames are then read here.
    private var thread: pthread_t?
    private var current = Batch()
    private var position = 0

    /// Opens `path` ("-" for standard input) here, so that a file that cannot
    /// be opened fails at once, and starts parsing it on a second thread.
    public init(path: String) throws(Failure) {
        channel = Channel(reader: try TraceReader(path: path))
        let context = Unmanaged.passRetained(channel).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            let channel = Unmanaged<Channel>.fromOpaque(context!).takeRetainedValue()
            channel.produce()
            return nil
        }, context)
        if started == 0 {
            self.thread = thread
        } else {
            Unmanaged<Channel>.fromOpaque(context).release()
            self.thread = nil
        }
    }

    deinit {
        guard let thread else { return }
        channel.stop()
        pthread_join(thread, nil)
    }

    /// The next frame, or nil at the end; the failure `TraceReader` would throw
    /// at the same place.
    public func next() throws(Failure) -> ReadFrame? {
        if thread == nil { return try channel.reader.next().map(ReadFrame.init) }
        while position == current.frames.count {
            if let failure = current.failure { throw failure }
            if current.atEnd { return nil }
            current = channel.take()
            position = 0
        }
        defer { position += 1 }
        return current.frames[position]
    }

    /// Frames read in a row, then possibly how the reading ended.
    struct Batch {
        var frames: [ReadFrame] = []
        var failure: Failure?
        var atEnd = false
    }

    /// The queue between the two threads, under one mutex.
    private final class Channel: @unchecked Sendable {
        let reader: TraceReader   // used by the reading thread only, if there is one
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private var queue: [Batch] = []   // at most `depth`: removeFirst is cheap
        private var stopped = false

        init(reader: TraceReader) {
            self.reader = reader
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(changed, nil)
        }

        deinit {
            pthread_cond_destroy(changed)
            pthread_mutex_destroy(mutex)
            mutex.deallocate()
            changed.deallocate()
        }

        /// The reading thread: batches until the end, a failure, or `stop()`.
        func produce() {
            while true {
                var batch = Batch()
                batch.frames.reserveCapacity(TraceReadAhead.batchSize)
                while batch.frames.count < TraceReadAhead.batchSize {
                    do {
                        guard let frame = try reader.next() else { batch.atEnd = true; break }
                        batch.frames.append(ReadFrame(frame))
                    } catch {
                        batch.failure = error
                        break
                    }
                }
                let last = batch.atEnd || batch.failure != nil
                guard put(batch), !last else { return }
            }
        }

        /// Queues a batch, waiting while `depth` are queued; false once stopped.
        private func put(_ batch: Batch) -> Bool {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            while queue.count >= TraceReadAhead.depth && !stopped { pthread_cond_wait(changed, mutex) }
            guard !stopped else { return false }
            queue.append(batch)
            pthread_cond_broadcast(changed)
            return true
        }

        /// The oldest queued batch, waiting for one.
        func take() -> Batch {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            while queue.isEmpty { pthread_cond_wait(changed, mutex) }
            let batch = queue.removeFirst()
            pthread_cond_broadcast(changed)
            return batch
        }

        func stop() {
            pthread_mutex_lock(mutex)
            stopped = true
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
    }
}
