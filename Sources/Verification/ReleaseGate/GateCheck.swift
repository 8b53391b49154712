/// One line of the verdict: a vector file, a trace or an invariant, or a
/// configured folder that could not be read.
public struct GateCheck: Sendable {
    public enum Status: String, Sendable {
        case pass
        case fail
        /// Could not be checked: a malformed file, a missing folder.
        case error
        /// Not reached within the time budget.
        case notRun = "not-run"
    }

    public let section: String
    public let name: String
    public let status: Status
    /// What failed and where, for a person who did not run anything.
    public let message: String
    public let file: String?
    public let line: Int?
    public let seconds: Double
    /// Numbers for the summary (calls replayed, runs, ...).
    public let count: Int
    /// Property runs completed, for the properties section.
    public var runs = 0
    /// Successful deleverages whose ranking was audited, and the findings among them.
    public var deleveragesAudited = 0
    public var adlFindings = 0
    /// What a passing check still reports (ADL ranking findings): JUnit's system-out.
    public var information = ""

    public init(section: String, name: String, status: Status, message: String, file: String?, line: Int?, seconds: Double, count: Int) {
        self.section = section
        self.name = name
        self.status = status
        self.message = message
        self.file = file
        self.line = line
        self.seconds = seconds
        self.count = count
    }

    public static func error(_ section: String, name: String, message: String, file: String?) -> GateCheck {
        GateCheck(section: section, name: name, status: .error, message: message, file: file, line: nil, seconds: 0, count: 0)
    }
}
