/// A JUnit XML report, the format CI systems read test results from.
public struct JUnitReport {
    public struct TestCase {
        public var name: String
        public var className: String
        public var failure: (message: String, body: String)?
        /// The item could not be checked (a malformed file): JUnit's `error`.
        public var error: (message: String, body: String)?
        /// The item was not checked (a time budget spent): JUnit's `skipped`.
        public var skipped: String?
        /// Information that is not a failure (JUnit's `system-out`), e.g. audit findings.
        public var systemOut: String?
        public var seconds: Double = 0

        public init(name: String, className: String, failure: (message: String, body: String)? = nil,
                    error: (message: String, body: String)? = nil, skipped: String? = nil, seconds: Double = 0) {
            self.name = name
            self.className = className
            self.failure = failure
            self.error = error
            self.skipped = skipped
            self.seconds = seconds
        }
    }

    public var suiteName: String
    public var cases: [TestCase] = []

    public init(suiteName: String) { self.suiteName = suiteName }

    public var xml: String {
        let failures = cases.filter { $0.failure != nil }.count
        let errors = cases.filter { $0.error != nil && $0.failure == nil }.count
        let skipped = cases.filter { $0.skipped != nil && $0.error == nil && $0.failure == nil }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\">\n"
        out += "  <testsuite name=\"\(escape(suiteName))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\">\n"
        for c in cases {
            let time = FixedDecimal.text(c.seconds, digits: 3)
            out += "    <testcase classname=\"\(escape(c.className))\" name=\"\(escape(c.name))\" time=\"\(time)\""
            if let systemOut = c.systemOut {
                // The schema puts a failure before system-out.
                out += ">\n"
                if let failure = c.failure {
                    out += "      <failure message=\"\(escape(failure.message))\">\(escape(failure.body))</failure>\n"
                }
                out += "      <system-out>\(escape(systemOut))</system-out>\n    </testcase>\n"
            } else if let failure = c.failure {
                out += ">\n      <failure message=\"\(escape(failure.message))\">\(escape(failure.body))</failure>\n    </testcase>\n"
            } else if let error = c.error {
                out += ">\n      <error message=\"\(escape(error.message))\">\(escape(error.body))</error>\n    </testcase>\n"
            } else if let skipped = c.skipped {
                out += ">\n      <skipped message=\"\(escape(skipped))\"/>\n    </testcase>\n"
            } else {
                out += "/>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: out += " "  // not allowed in XML 1.0
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
