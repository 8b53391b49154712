import EVMArithmetic
import Testing
import Verification

/// The CSV reader: prices to WAD digit for digit, dates in UTC, gaps kept.
@Suite struct BacktestPriceSeriesTests {
    @Test(arguments: [
        ("112017.21", "112017210000000000000000"), ("0.00000001", "10000000000"), ("10.9", "10900000000000000000"),
        ("7", "7000000000000000000"), ("0.000000000000000001", "1"), ("100000000", "100000000000000000000000000"),
    ])
    func decimalPricesBecomeExactWad(_ text: String, _ wad: String) {
        #expect(WadDecimal.parse(text)?.description == wad)
    }

    @Test(arguments: ["", ".", "1.", ".5", "-1", "+1", "1e5", "1.0000000000000000001", " 1", "0x10", "1,5", "nan"])
    func otherSpellingsAreRefused(_ text: String) {
        #expect(WadDecimal.parse(text) == nil, "\(text)")
    }

    @Test func datesRoundTripInUTC() {
        #expect(UTCDate.parse("2020-03-12") == 1_583_971_200)
        #expect(UTCDate.parse("2011-08-18 00:00:00") == 1_313_625_600)
        #expect(UTCDate.parse("2024-02-29T12:30:00Z") == 1_709_209_800)
        #expect(UTCDate.parse("2023-02-29") == nil && UTCDate.parse("2020-01-01 24:00:00") == nil)
        for days in stride(from: 0, to: 30_000, by: 37) {
            let t = UInt64(days) * 86400
            #expect(UTCDate.parse(UTCDate.text(t)) == t)
        }
    }

    @Test func nullRowsAreGapsAndColumnsAreFoundByName() throws {
        let csv = "Date,Open,Close\n2020-01-01,1,100.5\n2020-01-02,null,null\n2020-01-03,2,101\n"
        let series = try PriceSeries.parse(csv, name: "eth.csv")
        #expect(series.priceColumn == "Close" && series.timeColumn == "Date")
        #expect(series.observations.map(\.price) == [WadDecimal.parse("100.5"), WadDecimal.parse("101")])
        #expect(series.gaps.map(\.line) == [3] && series.gaps.map(\.time) == [1_577_923_200] && series.gaps.map(\.value) == ["null"])
        // The only interval left around the gap is two days: the most frequent one is the sampling.
        #expect(series.samplingInterval == 172_800)
        let open = try PriceSeries.parse(csv.replacingOccurrences(of: "null,null", with: "5,null"), name: "eth.csv", priceColumn: "open")
        #expect(open.observations.count == 3)
    }
}
