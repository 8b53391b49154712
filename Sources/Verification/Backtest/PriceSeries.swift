import ContractIO
import EVMArithmetic
import MarginEngine

/// One observation of a price series: its time and its exact WAD price.
public struct PriceObservation: Sendable, Hashable {
    /// Unix seconds (UTC).
    public var time: UInt64
    /// WAD USD per whole unit.
    public var price: UInt256
    /// The line of the file it came from (0 for a synthetic series).
    public var line: Int

    public init(time: UInt64, price: UInt256, line: Int = 0) {
        self.time = time
        self.price = price
        self.line = line
    }
}

/// A daily (or any regular) price series read from CSV: the columns chosen
/// by name, prices converted to WAD exactly, gaps kept as visible skips.
public struct PriceSeries: Sendable {
    /// A row without a price (`null`, empty): skipped, never read as zero.
    public struct Gap: Sendable, Hashable {
        public var line: Int
        public var time: UInt64?
        public var value: String
    }

    public var name: String
    public var timeColumn: String
    public var priceColumn: String
    public var observations: [PriceObservation]
    public var gaps: [Gap]

    public init(name: String, observations: [PriceObservation], timeColumn: String = "time",
                priceColumn: String = "price", gaps: [Gap] = []) {
        self.name = name
        self.observations = observations
        self.timeColumn = timeColumn
        self.priceColumn = priceColumn
        self.gaps = gaps
    }

    /// Time columns tried in this order when none is named.
    public static let timeColumnGuesses = ["unix_timestamp", "timestamp", "date", "time"]
    /// Price columns tried in this order when none is named.
    public static let priceColumnGuesses = ["close", "price"]
    /// Cell values that mean "no observation".
    static let gapValues: Set<String> = ["", "null", "nan", "na", "n/a"]

    /// Reads a CSV file ("-" for standard input). Columns are found by name
    /// (case-insensitive); nil picks the first of the guesses present.
    public static func read(_ path: String, timeColumn: String? = nil, priceColumn: String? = nil) throws(FileFailure) -> PriceSeries {
        let reader = try LineReader(path: path, maximumLineLength: 1 << 16)
        var parser = Parser(name: reader.name, timeColumn: timeColumn, priceColumn: priceColumn)
        while let line = try reader.nextLine() {
            try parser.accept(line, number: reader.lineNumber)
        }
        return try parser.finish()
    }

    /// Parses CSV text (tests, embedded data) with the same rules as `read`.
    public static func parse(_ text: String, name: String, timeColumn: String? = nil, priceColumn: String? = nil) throws(FileFailure) -> PriceSeries {
        var parser = Parser(name: name, timeColumn: timeColumn, priceColumn: priceColumn)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 1 && lines.last == "" { lines.removeLast() }
        for (i, line) in lines.enumerated() {
            let number = i + 1
            var bytes = Array(line.utf8)
            if bytes.last == 0x0D { bytes.removeLast() }
            try parser.accept(bytes, number: number)
        }
        return try parser.finish()
    }

    /// The row-by-row rules, shared by files and text.
    struct Parser {
        let name: String
        let wantedTime: String?
        let wantedPrice: String?
        var header: [String] = []
        var timeIndex = 0, priceIndex = 0
        var observations: [PriceObservation] = []
        var gaps: [Gap] = []
        var lastTime: (time: UInt64, line: Int)?

        init(name: String, timeColumn: String?, priceColumn: String?) {
            self.name = name
            wantedTime = timeColumn
            wantedPrice = priceColumn
        }

        func failure(_ line: Int, _ message: String) -> FileFailure {
            FileFailure(file: name, line: line, message: message)
        }

        func column(_ wanted: String?, guesses: [String], role: String, line: Int) throws(FileFailure) -> Int {
            let lower = header.map { $0.lowercased() }
            for candidate in wanted.map({ [$0] }) ?? guesses {
                if let i = lower.firstIndex(of: candidate.lowercased()) { return i }
            }
            let columns = header.map { JSONNode.quote($0) }.joined(separator: ", ")
            let asked = wanted.map { "no \(role) column \(JSONNode.quote($0))" }
                ?? "no \(role) column (looked for \(guesses.joined(separator: ", ")))"
            throw failure(line, "\(asked) in the header; the columns are \(columns)")
        }

        mutating func accept(_ bytes: [UInt8], number: Int) throws(FileFailure) {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw failure(number, "not UTF-8 text, expected a CSV row")
            }
            let cells = text.split(separator: ",", omittingEmptySubsequences: false).map {
                String($0).trimmingSpaces.trimmingQuotes
            }
            if header.isEmpty {
                guard cells.count >= 2 else {
                    throw failure(number, "a header with \(cells.count) column, expected at least a time and a price column")
                }
                header = cells
                timeIndex = try column(wantedTime, guesses: PriceSeries.timeColumnGuesses, role: "time", line: number)
                priceIndex = try column(wantedPrice, guesses: PriceSeries.priceColumnGuesses, role: "price", line: number)
                return
            }
            guard cells.count == header.count else {
                throw failure(number, "\(cells.count) fields, expected \(header.count) as in the header")
            }
            let timeText = cells[timeIndex], priceText = cells[priceIndex]
            let timeName = header[timeIndex], priceName = header[priceIndex]
            let time: UInt64
            if let seconds = UInt64(timeText), timeText.first != "+" {
                time = seconds
            } else if let seconds = UTCDate.parse(timeText) {
                time = seconds
            } else {
                throw failure(number, "column \(JSONNode.quote(timeName)): \(JSONNode.quote(timeText)) is not a time, "
                              + "expected unix seconds, YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (UTC)")
            }
            if let last = lastTime, time <= last.time {
                throw failure(number, "column \(JSONNode.quote(timeName)): \(UTCDate.text(time)) is not after "
                              + "\(UTCDate.text(last.time)) on line \(last.line), expected rows in increasing time")
            }
            lastTime = (time, number)
            if PriceSeries.gapValues.contains(priceText.lowercased()) {
                gaps.append(Gap(line: number, time: time, value: priceText))
                return
            }
            guard let price = WadDecimal.parse(priceText) else {
                throw failure(number, "column \(JSONNode.quote(priceName)): \(JSONNode.quote(priceText)) is not a price, "
                              + "expected a decimal such as 112017.21 (at most 18 decimals, no sign or exponent) or null")
            }
            guard price >= Constants.minPrice, price <= Constants.maxPrice else {
                throw failure(number, "column \(JSONNode.quote(priceName)): \(priceText) is outside the contract's prices, "
                              + "expected a price from 0.000000000000000001 to 100000000 USD")
            }
            observations.append(PriceObservation(time: time, price: price, line: number))
        }

        func finish() throws(FileFailure) -> PriceSeries {
            if header.isEmpty { throw FileFailure(file: name, message: "empty, expected a CSV header and rows") }
            guard observations.count >= 2 else {
                throw FileFailure(file: name, message: "\(observations.count) price observation(s), expected at least 2")
            }
            return PriceSeries(name: name, observations: observations, timeColumn: header[timeIndex],
                               priceColumn: header[priceIndex], gaps: gaps)
        }
    }

    /// The sampling interval: the most frequent gap between consecutive
    /// observations (ties: the shortest).
    public var samplingInterval: UInt64 {
        var counts: [UInt64: Int] = [:]
        for (a, b) in zip(observations, observations.dropFirst()) { counts[b.time - a.time, default: 0] += 1 }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? 0
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }

    fileprivate var trimmingQuotes: String {
        count >= 2 && first == "\"" && last == "\"" ? String(dropFirst().dropLast()) : self
    }
}
