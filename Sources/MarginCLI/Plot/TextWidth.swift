/// Widths of SVG text before any renderer sees it, for layout: DejaVu Sans
/// advance widths (the widest of the fonts the SVG asks for, and what most
/// Linux renderers fall back to), so the estimate errs wide.
enum TextWidth {
    /// Advance widths in thousandths of an em.
    private static let advance: [Character: Double] = {
        var table: [Character: Double] = [:]
        for c in "0123456789" { table[c] = 636 }
        for (c, w) in zip("abcdefghijklmnopqrstuvwxyz",
                          [613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974,
                           634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525] as [Double]) {
            table[c] = w
        }
        for (c, w) in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                          [684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
                           748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685] as [Double]) {
            table[c] = w
        }
        for (c, w) in [(" ", 318.0), (",", 318), (".", 318), (":", 337), (";", 337), ("-", 361), ("%", 950),
                       ("(", 390), (")", 390), ("…", 1000), ("×", 838), ("/", 337), ("'", 275)] as [(Character, Double)] {
            table[c] = w
        }
        return table
    }()

    /// The width of `text` at `fontSize` px; bold text is about 10 % wider.
    static func of(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        let ems = text.reduce(0.0) { $0 + (advance[$1] ?? 1000) } / 1000
        return ems * fontSize * (bold ? 1.1 : 1)
    }
}
