//! JSONL rows: one JSON object per line with a string field `"text"` (or `"html"`, a web page,
//! as crawlers write them), and, as the reader needs, a string `"label"` and any `"id"`. Other
//! fields are skipped without being stored.
//!
//! This is the one parser of input rows, for training data and for `--jsonl` input alike.

use crate::error::{Error, Result};
use serde_json::Value;

/// One parsed row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The `"text"` field, or the `"html"` field when the row has no `"text"`.
    pub text: String,
    /// True when `text` came from an `"html"` field: a web page to extract.
    pub html: bool,
    /// The `"label"` field; always present when the label was required.
    pub label: Option<String>,
    /// The `"id"` field, any JSON value, if the row has one.
    pub id: Option<Value>,
}

/// The fields read; serde skips the rest without storing them.
#[derive(serde::Deserialize)]
struct RawRow {
    text: Option<Value>,
    html: Option<Value>,
    label: Option<Value>,
    id: Option<Value>,
}

/// Parses `line`, line `number` of `source`. With `need_label` a missing or non-string
/// `"label"` is an error. Errors name the source, the line and the field.
pub fn parse_row(line: &str, source: &str, number: usize, need_label: bool) -> Result<Row> {
    let bad = |m: String| Error::input(source, number, m);
    let raw: RawRow = serde_json::from_str(line).map_err(|e| {
        if line.trim_start().starts_with('{') {
            bad(format!("not valid JSON: {e}"))
        } else if need_label {
            bad(format!(
                "not valid JSON: expected an object with \"text\" and \"label\" ({e})"
            ))
        } else {
            bad(format!(
                "not valid JSON: expected an object with a \"text\" field ({e})"
            ))
        }
    })?;
    let (text, html) = match (raw.text, raw.html) {
        (None, Some(page)) => (string_field("html", Some(page)).map_err(bad)?, true),
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

#[cfg(test)]
mod tests {
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
        assert_eq!(r.id, Some(Value::from(7)));
        let r = parse_row(r#"{"text": "x"}"#, "-", 1, false).unwrap();
        assert_eq!((r.label, r.id, r.html), (None, None, false));
        let r = parse_row(r#"{"id": "a", "html": "<p>x</p>"}"#, "-", 1, false).unwrap();
        assert_eq!((r.text.as_str(), r.html), ("<p>x</p>", true));
        let e = parse_row(r#"{"html": 3}"#, "rows.jsonl", 2, false).unwrap_err();
        assert!(e.to_string().contains("\"html\""), "{e}");
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
    }
}
