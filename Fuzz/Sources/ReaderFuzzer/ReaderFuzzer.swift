import ContractIO
import MarginEngine
import Verification

/// One fuzz input: the first byte picks a reader, the rest is its input.
/// Every reader must answer with a value or an error, never a trap, a hang
/// or unbounded memory.
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch selector % 5 {
    case 0:
        // The JSON parser alone.
        _ = try? JSONParser.parse(bytes)
    case 1:
        // A state file for `margin eval`, then its evaluation.
        if let json = try? JSONParser.parse(bytes), let file = try? StateFile(json: json) {
            for account in file.accounts { _ = try? file.state.marginBreakdown(account, now: file.timestamp) }
        }
    case 2:
        // Trace lines for `margin diff`, replayed on the model.
        var replayer = TraceReplayer()
        for line in bytes.split(separator: 0x0A) {
            guard let json = try? JSONParser.parse(Array(line)),
                  let frame = try? TraceFrame(json: json, line: 1) else { continue }
            _ = try? replayer.replay(frame)
        }
    case 3:
        // A vector case for `margin vectors check`.
        if let json = try? JSONParser.parse(bytes) {
            _ = try? VectorCheck.check(json: json, relativePath: "fuzz/case/input.json")
        }
    default:
        // Calldata decoding.
        _ = try? EngineCall(calldata: bytes)
    }
    return 0
}
