//! JSONL rows: one JSON object per line with a string field `"text"` (or `"html"`, a web page,
//! as crawlers write them; a row with both is refused, since which one to read is a guess), and, as the reader needs, a string `"label"` and any `"id"`. Other
//! fields are skipped without being stored.
//!
//! This is the one parser of input rows, for training data and for `--jsonl` input alike. A
//! row must be an object; a byte-order mark before it is skipped; an id is kept as the JSON
//! text it was written as, so it comes back unchanged (`12345678901234567890123` and `1.50`
//! are not turned into floating-point numbers).

use crate::error::{Error, Result};
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// One parsed row.
#[derive(Debug, Clone)]
pub struct Row {
    /// The `"text"` field, or the `"html"` field when the row has no `"text"`.
    pub text: String,
    /// True when `text` came from an `"html"` field: a web page to extract.
    pub html: bool,
    /// The `"label"` field; always present when the label was required.
    pub label: Option<String>,
    /// The `"id"` field as written (any JSON value, `null` included), if the row has one.
    pub id: Option<Box<RawValue>>,
}

/// The fields read; serde skips the rest without storing them.
#[derive(Deserialize)]
struct RawRow {
    text: Option<Value>,
    html: Option<Value>,
    label: Option<Value>,
    #[serde(default, deserialize_with = "raw_id")]
    id: Option<Box<RawValue>>,
}

/// An `"id"` that is there, `null` included (a plain `Option` would read `null` as absent).
fn raw_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Box<RawValue>>, D::Error> {
    Box::<RawValue>::deserialize(d).map(Some)
}

/// Parses `line`, line `number` of `source`. With `need_label` a missing or non-string
/// `"label"` is an error. Errors name the source, the line and the field.
pub fn parse_row(line: &str, source: &str, number: usize, need_label: bool) -> Result<Row> {
    let bad = |m: String| Error::input(source, number, m);
    let fields = if need_label {
        "\"text\" and \"label\""
    } else {
        "a \"text\" field"
    };
    let line = object_line(line, fields).map_err(bad)?;
    let raw: RawRow =
        serde_json::from_str(line).map_err(|e| bad(format!("not valid JSON: {}", unquoted(&e))))?;
    let (text, html) = match (raw.text, raw.html) {
        (Some(_), Some(_)) => {
            return Err(bad(
                "a row has both \"text\" and \"html\"; give one (\"html\" for a web page)".into(),
            ));
        }
        (None, Some(page)) => (string_field("html", Some(page)).map_err(bad)?, true),
        // serde reads `"html": null` as no field: say what the row holds.
        (None, None) if null_field(line, "html") => {
            return Err(bad("field \"html\" must be a string, found null".into()));
        }
        (text, _) => (string_field("text", text).map_err(bad)?, false),
    };
    let label = match raw.label {
        Some(v) if need_label => Some(string_field("label", Some(v)).map_err(bad)?),
        None if need_label => return Err(bad("missing field \"label\"".into())),
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    Ok(Row {
        text,
        html,
        label,
        id: raw.id,
    })
}

/// `line` without a byte-order mark, when it starts (past white space) as an object does;
/// else what it holds instead, in the words of every JSONL reader (`fields`: what a row must
/// have, as in `a JSON object with {fields}`).
fn object_line<'a>(line: &'a str, fields: &str) -> std::result::Result<&'a str, String> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let start = line.trim_start();
    if start.starts_with('{') {
        return Ok(line);
    }
    // serde would read an array as the fields in order (`["id", "text"]`): refused.
    let found = match start.as_bytes().first() {
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b'-' | b'0'..=b'9') => "a number",
        _ if start.starts_with("true") || start.starts_with("false") => "a boolean",
        _ if start.starts_with("null") => "null",
        _ => return Err(format!("not valid JSON: expected an object with {fields}")),
    };
    Err(format!(
        "a row must be a JSON object with {fields}, found {found}"
    ))
}

/// An article–summary row of `train-summarizer` and `eval-summaries`.
#[derive(Debug, Clone, PartialEq)]
pub struct PairRow {
    /// The `"text"` field, or `"article"` when the row has no `"text"`.
    pub text: String,
    /// The `"summary"` field.
    pub summary: String,
}

/// The fields of a pair row; serde skips the rest and refuses one given twice.
#[derive(Deserialize)]
struct RawPair {
    text: Option<Value>,
    article: Option<Value>,
    summary: Option<Value>,
}

/// Parses the article–summary row `line`, line `number` of `source`, as [`parse_row`] parses
/// other rows: an object (a byte-order mark before it skipped), no field twice, string fields.
/// Errors name the source, the line and the field.
pub fn parse_pair_row(line: &str, source: &str, number: usize) -> Result<PairRow> {
    let bad = |m: String| Error::input(source, number, m);
    let line = object_line(line, "\"text\" and \"summary\"").map_err(bad)?;
    let raw: RawPair =
        serde_json::from_str(line).map_err(|e| bad(format!("not valid JSON: {}", unquoted(&e))))?;
    let text = match (raw.text, raw.article) {
        (Some(_), Some(_)) => {
            return Err(bad(
                "a row has both \"text\" and \"article\"; give one".into()
            ));
        }
        (None, Some(article)) => string_field("article", Some(article)),
        (None, None) => Err("missing field \"text\" (or \"article\")".into()),
        (text, None) => string_field("text", text),
    }
    .map_err(bad)?;
    let summary = string_field("summary", raw.summary).map_err(bad)?;
    Ok(PairRow { text, summary })
}

/// A row's id for output: its JSON text as written, or the row's line number when it has none.
#[derive(Debug, Clone)]
pub enum RowId {
    /// The id as written in the row.
    Raw(Box<RawValue>),
    /// The 1-based line number of a row without an id.
    Line(usize),
}

impl RowId {
    /// The id of `row`, on line `number`.
    pub fn of(row_id: Option<Box<RawValue>>, number: usize) -> RowId {
        row_id.map_or(RowId::Line(number), RowId::Raw)
    }

    /// The id as plain text: a string id without its quotes and escapes, any other as its JSON.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            RowId::Raw(raw) => match serde_json::from_str::<String>(raw.get()) {
                Ok(s) => Cow::Owned(s),
                Err(_) => Cow::Borrowed(raw.get()),
            },
            RowId::Line(n) => Cow::Owned(n.to_string()),
        }
    }
}

impl PartialEq for RowId {
    fn eq(&self, other: &RowId) -> bool {
        match (self, other) {
            (RowId::Raw(a), RowId::Raw(b)) => a.get() == b.get(),
            (RowId::Line(a), RowId::Line(b)) => a == b,
            _ => false,
        }
    }
}

impl serde::Serialize for RowId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RowId::Raw(raw) => raw.serialize(s),
            RowId::Line(n) => s.serialize_u64(*n as u64),
        }
    }
}

/// True when the object `line` has `key` set to null (only asked on the error path).
fn null_field(line: &str, key: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, Value>>(line)
        .is_ok_and(|m| m.get(key).is_some_and(Value::is_null))
}

fn string_field(key: &str, value: Option<Value>) -> std::result::Result<String, String> {
    match value {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(format!(
            "field \"{key}\" must be a string, found {}",
            json_type(&other)
        )),
        None if key == "text" => Err("missing field \"text\" (or \"html\" for a web page)".into()),
        None => Err(format!("missing field \"{key}\"")),
    }
}

/// The JSON type name of a value, for messages.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde's message with its backticks as quotes, as users read them.
fn unquoted(e: &serde_json::Error) -> String {
    e.to_string().replace('`', "'")
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_rows_with_text_too_or_null_are_refused_by_name() {
        let e = |line: &str| {
            parse_row(line, "in.jsonl", 3, false)
                .unwrap_err()
                .to_string()
        };
        let both = e(r#"{"text": "a", "html": "<p>b</p>"}"#);
        assert!(
            both.contains("in.jsonl:3") && both.contains("both"),
            "{both}"
        );
        let null = e(r#"{"id": 1, "html": null}"#);
        assert!(
            null.contains("\"html\" must be a string, found null"),
            "{null}"
        );
    }

    use super::*;

    #[test]
    fn reads_the_fields_and_skips_others() {
        let r = parse_row(
            r#"{"id": 7, "extra": [1, 2], "text": "Rates rose", "label": "economics"}"#,
            "a.jsonl",
            3,
            true,
        )
        .unwrap();
        assert_eq!(r.text, "Rates rose");
        assert_eq!(r.label.as_deref(), Some("economics"));
        assert_eq!(r.id.map(|id| id.get().to_string()).as_deref(), Some("7"));
        let r = parse_row(r#"{"text": "x"}"#, "-", 1, false).unwrap();
        assert_eq!(r.label, None);
        assert!(r.id.is_none());
    }

    #[test]
    fn errors_name_line_and_field() {
        let err = |line: &str, need_label| {
            parse_row(line, "rows.jsonl", 4, need_label)
                .unwrap_err()
                .to_string()
        };
        let e = err(r#"{"text": "x"}"#, true);
        assert!(e.contains("rows.jsonl:4") && e.contains("\"label\""), "{e}");
        let e = err(r#"{"text": 5}"#, false);
        assert!(e.contains("\"text\"") && e.contains("a number"), "{e}");
        let e = err(r#"{"text": "x", "label": 3}"#, true);
        assert!(e.contains("\"label\"") && e.contains("a number"), "{e}");
        let e = err("{oops", false);
        assert!(
            e.contains("rows.jsonl:4") && e.contains("not valid JSON"),
            "{e}"
        );
        let e = err("plain text", false);
        assert!(e.contains("\"text\" field"), "{e}");
        let e = err(r#"["n1", "Rates rose"]"#, false);
        assert!(
            e.contains("rows.jsonl:4")
                && e.contains("must be a JSON object")
                && e.contains("an array"),
            "{e}"
        );
        let e = err(r#"  "Rates rose""#, true);
        assert!(e.contains("a string") && e.contains("\"label\""), "{e}");
    }

    #[test]
    fn pair_rows_are_read_and_refused_like_other_rows() {
        let pair = |line: &str| parse_pair_row(line, "p.jsonl", 2);
        let err = |line: &str| pair(line).unwrap_err().to_string();
        let row = pair("\u{feff}{\"id\": 1, \"article\": \"A b.\", \"summary\": \"A.\"}").unwrap();
        assert_eq!((row.text.as_str(), row.summary.as_str()), ("A b.", "A."));
        assert_eq!(
            err(r#"["A b.", "A."]"#),
            "p.jsonl:2: a row must be a JSON object with \"text\" and \"summary\", found an array"
        );
        assert!(err("42").ends_with("found a number"));
        assert_eq!(
            err(r#"{"text": "A b.", "text": "C", "summary": "A."}"#),
            "p.jsonl:2: not valid JSON: duplicate field 'text' at line 1 column 23"
        );
        // Null reads as absent, as in `parse_row`.
        assert_eq!(
            err(r#"{"text": null, "summary": "A."}"#),
            "p.jsonl:2: missing field \"text\" (or \"article\")"
        );
        assert_eq!(
            err(r#"{"text": "A b.", "summary": 3}"#),
            "p.jsonl:2: field \"summary\" must be a string, found a number"
        );
        assert_eq!(
            err(r#"{"text": "A b."}"#),
            "p.jsonl:2: missing field \"summary\""
        );
        assert!(err(r#"{"text": "A", "article": "B", "summary": "A"}"#).contains("both"));
    }

    #[test]
    fn a_byte_order_mark_before_a_row_is_skipped() {
        let r = parse_row("\u{feff}{\"text\": \"Rates rose\"}", "a.jsonl", 1, false).unwrap();
        assert_eq!(r.text, "Rates rose");
    }

    #[test]
    fn ids_come_back_as_written() {
        let ids = [
            "12345678901234567890123",
            "1.50",
            "-0",
            "1e400",
            "\"n\\u00e9 1\"",
            "null",
            "[1, {\"a\": 2.0}]",
        ];
        for id in ids {
            let line = format!("{{\"id\": {id}, \"text\": \"x\"}}");
            let row = parse_row(&line, "-", 1, false).unwrap();
            let id_out = RowId::of(row.id, 1);
            assert_eq!(serde_json::to_string(&id_out).unwrap(), id, "{line}");
        }
        let row = parse_row(r#"{"text": "x", "id": "a\tb"}"#, "-", 1, false).unwrap();
        assert_eq!(RowId::of(row.id, 1).text(), "a\tb");
        assert_eq!(RowId::of(None, 9).text(), "9");
        assert_eq!(serde_json::to_string(&RowId::of(None, 9)).unwrap(), "9");
    }
}
