//! Spreadsheet cells (CSV exports): guarded against formula injection, and
//! quoted. Shared by the server's exports and the console's, which are
//! built in the browser.

/// Characters a spreadsheet reads as the start of a formula.
const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet would run as a formula gets a leading `'`.
pub fn guard(cell: &str) -> String {
    if cell.starts_with(FORMULA) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// `guard` undone, for an import of what was exported.
pub fn unguard(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// One CSV line (RFC 4180, CRLF): each cell guarded, and quoted when it
/// holds a comma, a quote or a line break.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let cell = guard(cell.as_ref());
        if cell.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
    out
}

/// A number as a cell: never guarded (a negative number stays a number).
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n:.1}")
    }
}

/// The byte-order mark that makes spreadsheets read a file as UTF-8.
pub const BOM: &str = "\u{feff}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_guarded_and_unguarded() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            let g = guard(bad);
            assert_eq!(g, format!("'{bad}"));
            assert_eq!(unguard(&g), bad);
        }
        assert_eq!(guard("李雷"), "李雷");
        assert_eq!(guard("a=b"), "a=b");
        // A leading quote that guards nothing is kept.
        assert_eq!(unguard("'hello"), "'hello");
    }

    #[test]
    fn lines_quote_what_needs_it() {
        assert_eq!(
            line(&["a", "b,c", "say \"hi\"", "two\nlines"]),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(
            line(&["=HYPERLINK(\"x\")"]),
            "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
        assert_eq!(line(&["-5"]), "'-5\r\n");
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(12.345), "12.3");
        assert_eq!(number(-3.0), "-3");
    }
}
