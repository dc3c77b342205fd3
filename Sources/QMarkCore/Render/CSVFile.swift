/// CSV as QMark writes it for other programs (CONTRACT §3): RFC 4180 — a field quoted when it holds
/// a comma, a quote or a line end, CRLF between records — in UTF-8 with a byte-order mark, so that
/// Excel on a Chinese Windows reads Chinese instead of guessing GBK.
///
/// A cell a spreadsheet would evaluate is neutralised as OWASP recommends: one that begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms, which some
/// spreadsheets in East Asian locales take as the same) gets a `'` in front, so a title such as
/// `=HYPERLINK("http://…")` opens as the text it is, still readable, never as a formula.
enum CSVFile {
    static let byteOrderMark = "\u{FEFF}"

    /// The first characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n", "＝", "＋", "－", "＠"]

    /// A whole file: the byte-order mark, then every row, each ended by CRLF.
    static func document(_ rows: [[String]]) -> String {
        byteOrderMark + rows.map(record).joined()
    }

    /// One row, ended by CRLF.
    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One cell: neutralised when a spreadsheet would evaluate it, quoted when RFC 4180 asks.
    static func field(_ text: String) -> String {
        let safe = text.first.map(formulaStarts.contains) == true ? "'" + text : text
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
