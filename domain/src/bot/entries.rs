//! Checking a knowledge-base entry, and its spreadsheet form: CSV in UTF-8
//! with a BOM (so spreadsheets open Chinese correctly), read back with a
//! report per row. Pure: the service stores what these return.

// Cells a spreadsheet would run as a formula get a leading `'` on export
// (formula injection); an import takes it off again.
use model::bot::{
    KbEntry, KbEntryInput, KbLang, KbRowError, ANSWER_MAX, CATEGORY_MAX, IMPORT_ROWS_MAX,
    QUESTION_MAX, SIMILAR_MAX,
};
use model::csv::{guard, unguard};
use model::FieldError;

use super::text::normalise;
use crate::error::{Error, Result};
use crate::validate::Check;

/// An entry as it will be stored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CleanEntry {
    pub question: String,
    /// The question normalised, unique among entries.
    pub key: String,
    pub similar: Vec<String>,
    pub answer: String,
    pub category: String,
    pub lang: KbLang,
    pub enabled: bool,
}

impl CleanEntry {
    /// What the console's search looks in, normalised like a search.
    pub fn search_text(&self) -> String {
        let mut all = vec![self.question.as_str(), self.answer.as_str(), &self.category];
        all.extend(self.similar.iter().map(String::as_str));
        normalise(&all.join("\n"))
    }
}

/// How a question is compared with others: normalised, spaces collapsed.
pub(crate) fn question_key(text: &str) -> String {
    normalise(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An entry's problems as field errors (`question`, `similar`, `answer`,
/// `category`), or the entry as stored.
pub(crate) fn check_entry(
    input: &KbEntryInput,
) -> std::result::Result<CleanEntry, Vec<FieldError>> {
    let mut check = Check::new();
    let question = check.required_text("question", &input.question, QUESTION_MAX);
    let key = question_key(&question);
    if !question.is_empty() && !key.chars().any(char::is_alphanumeric) {
        // Emoji or punctuation only: nothing a visitor's words could match.
        check.fail("question", "no_words");
    }
    let mut similar: Vec<String> = vec![];
    let mut keys = vec![key.clone()];
    for s in &input.similar {
        let s = s.trim();
        if s.is_empty() {
            continue;
        }
        check.max_len("similar", s, QUESTION_MAX);
        let k = question_key(s);
        if !keys.contains(&k) {
            keys.push(k);
            similar.push(s.to_owned());
        }
    }
    if similar.len() > SIMILAR_MAX {
        check.fail("similar", "too_many");
    }
    let answer = check.required_text("answer", &input.answer, ANSWER_MAX);
    let category = check
        .optional_text("category", Some(&input.category), CATEGORY_MAX)
        .unwrap_or_default();
    match check.finish() {
        Ok(()) => Ok(CleanEntry {
            question,
            key,
            similar,
            answer,
            category,
            lang: input.lang,
            enabled: input.enabled,
        }),
        Err(Error::Invalid(errors)) => Err(errors),
        Err(_) => Err(vec![]),
    }
}

/// The columns of the spreadsheet, in order, as exported.
pub const COLUMNS: [&str; 6] = [
    "question", "similar", "answer", "category", "language", "enabled",
];

/// Which column a header names (English or Chinese, any case).
fn column_of(header: &str) -> Option<usize> {
    let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    let i = match h.as_str() {
        "question" | "standard question" | "问题" | "标准问题" => 0,
        "similar" | "similar questions" | "相似问题" | "相似问法" => 1,
        "answer" | "答案" => 2,
        "category" | "分类" => 3,
        "language" | "lang" | "语言" => 4,
        "enabled" | "启用" | "状态" => 5,
        _ => return None,
    };
    Some(i)
}

/// A row of an import, with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ImportRow {
    pub line: usize,
    pub input: KbEntryInput,
}

/// Read an import: the rows that parse, and the row errors of those that
/// do not. A file that cannot be read at all (not UTF-8, no `question` or
/// `answer` column, too many rows) is a `file` field error.
pub(crate) fn parse_csv(bytes: &[u8]) -> Result<(Vec<ImportRow>, Vec<KbRowError>)> {
    let text = std::str::from_utf8(bytes).map_err(|_| Error::field("file", "not_utf8"))?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(Error::field("file", "empty_file"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| Error::field("file", "csv_columns"))?
        .clone();
    let mut at = [None; 6];
    for (i, h) in headers.iter().enumerate() {
        if let Some(c) = column_of(h) {
            at[c].get_or_insert(i);
        }
    }
    if at[0].is_none() || at[2].is_none() {
        return Err(Error::field("file", "csv_columns"));
    }
    let mut rows = vec![];
    let mut errors = vec![];
    for (n, record) in reader.records().enumerate() {
        if n >= IMPORT_ROWS_MAX {
            return Err(Error::Invalid(vec![FieldError::with_limit(
                "file",
                "too_many_rows",
                IMPORT_ROWS_MAX as i64,
            )]));
        }
        // The file's own line (csv's count skips blank lines): what a
        // spreadsheet or an editor shows.
        let line_at = |byte: u64| {
            // The position may be before blank lines the reader skipped.
            let mut end = (byte as usize).min(text.len());
            while matches!(text.as_bytes().get(end), Some(b'\n' | b'\r')) {
                end += 1;
            }
            text.as_bytes()[..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1
        };
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(n + 2, |p| line_at(p.byte()));
                errors.push(row_error(line, "file", "csv_syntax"));
                continue;
            }
        };
        let line = record.position().map_or(n + 2, |p| line_at(p.byte()));
        let cell = |c: usize| {
            at[c]
                .and_then(|i| record.get(i))
                .map(unguard)
                .unwrap_or_default()
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let lang = match KbLang::from_key(&cell(4)) {
            Some(l) => l,
            None => {
                errors.push(row_error(line, "language", "invalid"));
                continue;
            }
        };
        let enabled = match parse_enabled(&cell(5)) {
            Some(e) => e,
            None => {
                errors.push(row_error(line, "enabled", "invalid"));
                continue;
            }
        };
        rows.push(ImportRow {
            line,
            input: KbEntryInput {
                question: cell(0),
                similar: split_similar(&cell(1)),
                answer: cell(2),
                category: cell(3),
                lang,
                enabled,
            },
        });
    }
    Ok((rows, errors))
}

pub(crate) fn row_error(row: usize, field: &str, code: &str) -> KbRowError {
    KbRowError {
        row,
        field: field.to_owned(),
        code: code.to_owned(),
    }
}

/// Similar phrasings in one cell: one per line, or separated by `|`.
fn split_similar(cell: &str) -> Vec<String> {
    cell.split(['\n', '|', '｜'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse_enabled(cell: &str) -> Option<bool> {
    match cell.trim().to_lowercase().as_str() {
        "" | "yes" | "y" | "true" | "1" | "是" | "启用" | "on" => Some(true),
        "no" | "n" | "false" | "0" | "否" | "停用" | "禁用" | "off" => Some(false),
        _ => None,
    }
}

/// The entries as a spreadsheet: BOM, header row, one row per entry.
pub(crate) fn export_csv(entries: &[KbEntry]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        // Writing to memory cannot fail.
        let _ = w.write_record(COLUMNS);
        for e in entries {
            let row = [
                guard(&e.question),
                guard(&e.similar.join("\n")),
                guard(&e.answer),
                guard(&e.category),
                e.lang.key().to_owned(),
                if e.enabled { "yes" } else { "no" }.to_owned(),
            ];
            let _ = w.write_record(&row);
        }
        let _ = w.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(q: &str, similar: &[&str], a: &str) -> KbEntryInput {
        KbEntryInput {
            question: q.into(),
            similar: similar.iter().map(|s| s.to_string()).collect(),
            answer: a.into(),
            category: String::new(),
            lang: KbLang::Both,
            enabled: true,
        }
    }

    #[test]
    fn entries_need_words_and_drop_repeated_phrasings() {
        let e = check_entry(&input(
            "怎么退款？",
            &["怎麼退款？", " ", "退款流程"],
            "三天到账",
        ))
        .unwrap();
        // The traditional form normalises to the question itself.
        assert_eq!(e.similar, vec!["退款流程".to_owned()]);
        let err = check_entry(&input("😀😀", &[], "")).unwrap_err();
        let codes: Vec<_> = err
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![("question", "no_words"), ("answer", "required")]
        );
        let long = "x".repeat(QUESTION_MAX + 1);
        let err = check_entry(&input("ok", &[&long], "a")).unwrap_err();
        assert_eq!(err[0].field, "similar");
    }

    #[test]
    fn questions_compare_across_width_case_and_script() {
        assert_eq!(
            question_key("Ｈｏｗ  to REFUND"),
            question_key("how to refund")
        );
        assert_eq!(question_key("發票"), question_key("发票"));
    }

    #[test]
    fn an_export_reads_back_with_its_bom_and_guarded_cells() {
        let entry = KbEntry {
            id: 1,
            question: "=1+1 发票怎么开".into(),
            similar: vec!["开发票".into(), "invoice, please".into()],
            answer: "在订单页点击\"申请发票\"。\n\n第二段".into(),
            category: "发票".into(),
            lang: KbLang::Zh,
            enabled: false,
            updated_at: chrono::Utc::now(),
        };
        let bytes = export_csv(std::slice::from_ref(&entry));
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        assert!(String::from_utf8_lossy(&bytes).contains("'=1+1"));
        let (rows, errors) = parse_csv(&bytes).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows.len(), 1);
        let got = &rows[0].input;
        assert_eq!(got.question, entry.question);
        assert_eq!(got.similar, entry.similar);
        assert_eq!(got.answer, entry.answer);
        assert_eq!((got.lang, got.enabled), (KbLang::Zh, false));
        assert_eq!(rows[0].line, 2);
    }

    #[test]
    fn imports_report_bad_rows_by_line_and_refuse_unknown_files() {
        let csv = "问题,答案,语言,启用\nA?,a,en,yes\nB?,b,klingon,yes\nC?,c,zh,maybe\n\nD?,d,,\n";
        let (rows, errors) = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 6]);
        assert_eq!(
            errors,
            vec![
                row_error(3, "language", "invalid"),
                row_error(4, "enabled", "invalid")
            ]
        );
        let wrong = parse_csv(b"name,email\nx,y\n").unwrap_err();
        assert!(matches!(wrong, Error::Invalid(ref e) if e[0].code == "csv_columns"));
        assert!(parse_csv(&[0xff, 0xfe, 0x00]).is_err());
        assert!(parse_csv(b"").is_err());
        let (rows, _) = parse_csv("question,similar,answer\nQ,\"a|b\nc\",x\n".as_bytes()).unwrap();
        assert_eq!(rows[0].input.similar, vec!["a", "b", "c"]);
    }
}
