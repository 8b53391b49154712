/// One line of the verdict: a vector file, a trace or an invariant, or a
/// configured folder that could not be read.
struct CICheck {
    enum Status: String {
        case pass
        case fail
        /// Could not be checked: a malformed file, a missing folder.
        case error
        /// Not reached within the time budget.
        case notRun = "not-run"
    }

    let section: String
    let name: String
    let status: Status
    /// What failed and where, for a person who did not run anything.
    let message: String
    let file: String?
    let line: Int?
    let seconds: Double
    /// Numbers for the summary (calls replayed, runs, ...).
    let count: Int

    static func error(_ section: String, name: String, message: String, file: String?) -> CICheck {
        CICheck(section: section, name: name, status: .error, message: message, file: file, line: nil, seconds: 0, count: 0)
    }
}
