import ContractIO
import EVMArithmetic
import MarginEngine

/// `margin backtest --params FILE`: overrides of market and global
/// parameters, by their state-file names, as decimal strings of the raw
/// integers (WAD for ratios), e.g. {"marketParams": {"zScore": "2330000000000000000"}}.
enum BacktestParamsFile {
    static let marketNames = ParameterBounds.market.map(\.name)
    static let globalNames = ParameterBounds.global.map(\.name)

    static func apply(_ path: String, market: inout MarketParams, global: inout GlobalParams) throws(ToolFailure) {
        let name = DisplayText.escaped(InputSource.displayName(path))
        guard case let .object(members) = try InputFile.readJSON(path) else {
            throw .badInput("\(name): expected a JSON object with marketParams and/or globalParams")
        }
        for (key, value) in members {
            switch key {
            case "marketParams":
                var values = market.values
                try override(&values, names: marketNames, value, at: "\(name): marketParams")
                market = MarketParams(values: values) ?? market
            case "globalParams":
                var values = global.values
                try override(&values, names: globalNames, value, at: "\(name): globalParams")
                global = GlobalParams(values: values) ?? global
            default:
                throw .badInput("\(name): unknown key \(JSONNode.quote(key)), expected marketParams or globalParams")
            }
        }
    }

    static func override(_ values: inout [UInt256], names: [String], _ object: JSONValue, at place: String) throws(ToolFailure) {
        guard case let .object(members) = object else { throw .badInput("\(place): expected an object, found \(object.kind)") }
        for (key, value) in members {
            guard let k = names.firstIndex(of: key) else {
                throw .badInput("\(place).\(key): unknown parameter, expected one of \(names.joined(separator: ", "))")
            }
            guard case let .string(text) = value, JSONNode.isNumberSpelling(text, signed: false, hex: false),
                  let v = try? UInt256(parsing: text) else {
                throw .badInput("\(place).\(key): expected an unsigned decimal string (the raw integer, WAD for ratios)")
            }
            values[k] = v
        }
    }
}
