//! Summary styles: the weights of the sentence-scoring model, as a file.
//!
//! A style file is JSON naming its format and version, one weight per feature (by name, see
//! [`FEATURE_NAMES`]) and the redundancy penalty. Reading (at most [`MAX_STYLE_BYTES`], UTF-8
//! with or without a byte-order mark, or UTF-16) checks what the file says it is first, then
//! goes through [`RawStyle`], the fields as written, which [`SummaryStyle::try_from`] checks:
//! at least one weight, each within ±[`MAX_STYLE_NUMBER`] and named once, no unknown feature,
//! the version one this build reads. Features a file leaves out weigh 0.
//!
//! Two styles are compiled in and named ([`SummaryStyle::named`]): `learned`, the default
//! (`builtin_style.json`, fitted by `newsdesk train-summarizer` on the development data), and
//! `lead` (`lead_style.json`: the first eligible sentences in order, no MMR), the one to beat on
//! news whose summaries people write. `newsdesk train-summarizer` writes new ones.

use super::features::{FEATURE_NAMES, FeatureRow, N_FEATURES};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Identifies a newsdesk summary style file.
pub const STYLE_FORMAT_NAME: &str = "newsdesk-summary-style";
/// The style file format this build reads and writes.
pub const STYLE_FORMAT_VERSION: u32 = 1;

/// The built-in style's file, compiled in.
const BUILTIN: &str = include_str!("builtin_style.json");
/// The `lead` style's file, compiled in.
const LEAD: &str = include_str!("lead_style.json");

/// The names of the compiled-in styles, the default first.
pub const BUILTIN_STYLE_NAMES: [&str; 2] = ["learned", "lead"];

/// Where a style's weights came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StyleSource {
    /// The training file's name.
    pub name: String,
    /// Article–summary pairs used.
    pub pairs: usize,
}

/// A style file's fields as written.
#[derive(Debug, Serialize, Deserialize)]
pub struct RawStyle {
    /// Must be [`STYLE_FORMAT_NAME`].
    pub format: String,
    /// Must be [`STYLE_FORMAT_VERSION`].
    pub format_version: u32,
    /// Weight of each feature, by name (a name given twice is refused).
    #[serde(deserialize_with = "unique_weights")]
    pub weights: BTreeMap<String, f64>,
    /// MMR penalty on a candidate's similarity to the sentences already chosen.
    pub redundancy: f64,
    /// The training data, for the record.
    #[serde(default)]
    pub trained_on: Vec<StyleSource>,
}

/// Reads the weights object, refusing a feature named twice (JSON readers keep the last one
/// silently, so a hand-edited file would not say which weight it uses).
fn unique_weights<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, f64>, D::Error> {
    struct Unique;
    impl<'de> serde::de::Visitor<'de> for Unique {
        type Value = BTreeMap<String, f64>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of feature weights")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((name, w)) = m.next_entry::<String, f64>()? {
                if out.insert(name.clone(), w).is_some() {
                    return Err(serde::de::Error::custom(format!(
                        "the weight of '{name}' is given twice"
                    )));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique)
}

/// The largest weight or redundancy a style may have: far beyond any fit, small enough that
/// a score can never overflow.
pub const MAX_STYLE_NUMBER: f64 = 1e9;

/// The largest style file read: styles are under a kilobyte, so anything this large is not one.
pub const MAX_STYLE_BYTES: u64 = 16 << 20;

/// What a file says it is, read before the rest so the message can say what it is instead.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
}

/// A checked style: the scoring model's weights and the redundancy penalty.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryStyle {
    weights: FeatureRow,
    redundancy: f64,
    trained_on: Vec<StyleSource>,
}

impl TryFrom<RawStyle> for SummaryStyle {
    type Error = String;

    fn try_from(raw: RawStyle) -> std::result::Result<Self, String> {
        if raw.format != STYLE_FORMAT_NAME {
            return Err(format!("it does not say it is a {STYLE_FORMAT_NAME}"));
        }
        if raw.format_version != STYLE_FORMAT_VERSION {
            return Err(format!(
                "format version {} is not one this newsdesk reads ({STYLE_FORMAT_VERSION})",
                raw.format_version
            ));
        }
        if raw.weights.is_empty() {
            return Err("it has no weights: every sentence would score 0".into());
        }
        let mut weights = [0.0; N_FEATURES];
        for (name, &w) in &raw.weights {
            let Some(i) = FEATURE_NAMES.iter().position(|f| f == name) else {
                return Err(format!(
                    "unknown feature '{name}'; the features are: {}",
                    FEATURE_NAMES.join(", ")
                ));
            };
            if !(-MAX_STYLE_NUMBER..=MAX_STYLE_NUMBER).contains(&w) {
                return Err(format!(
                    "the weight of '{name}' is out of range (at most {MAX_STYLE_NUMBER:e} either way)"
                ));
            }
            weights[i] = w;
        }
        if !(0.0..=MAX_STYLE_NUMBER).contains(&raw.redundancy) {
            return Err(format!(
                "redundancy must be a number from 0 to {MAX_STYLE_NUMBER:e}"
            ));
        }
        Ok(SummaryStyle {
            weights,
            redundancy: raw.redundancy,
            trained_on: raw.trained_on,
        })
    }
}

impl SummaryStyle {
    /// A style from weights in the order of [`FEATURE_NAMES`].
    pub(crate) fn new(weights: FeatureRow, redundancy: f64, trained_on: Vec<StyleSource>) -> Self {
        SummaryStyle {
            weights,
            redundancy,
            trained_on,
        }
    }

    /// The built-in style.
    pub fn builtin() -> SummaryStyle {
        SummaryStyle::from_bytes(BUILTIN.as_bytes(), "built-in style")
            .expect("the built-in style is checked by a test")
    }

    /// A compiled-in style by name (see [`BUILTIN_STYLE_NAMES`]): `learned` is
    /// [`SummaryStyle::builtin`]; `lead` takes the first eligible sentences in document order,
    /// skipping near-duplicates only.
    pub fn named(name: &str) -> Option<SummaryStyle> {
        match name {
            "learned" => Some(SummaryStyle::builtin()),
            "lead" => Some(
                SummaryStyle::from_bytes(LEAD.as_bytes(), "lead style")
                    .expect("the lead style is checked by a test"),
            ),
            _ => None,
        }
    }

    /// Reads a style from JSON bytes (a UTF-8 byte-order mark is skipped); `source` names it
    /// in errors.
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<SummaryStyle> {
        let bad = |message: String| Error::Style {
            path: source.to_string(),
            message,
        };
        let decoded;
        let bytes = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            decoded = crate::text::decode(bytes).text;
            decoded.as_bytes()
        } else {
            bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(bad("the file is empty".into()));
        }
        // serde's messages quote names with backticks; users read quotes.
        let json_error = |e: serde_json::Error| {
            bad(format!(
                "not valid style JSON ({})",
                e.to_string().replace('`', "'")
            ))
        };
        let header: Header = serde_json::from_slice(bytes).map_err(json_error)?;
        check_header(&header).map_err(bad)?;
        let raw: RawStyle = serde_json::from_slice(bytes).map_err(json_error)?;
        SummaryStyle::try_from(raw).map_err(bad)
    }

    /// Reads a style file (at most [`MAX_STYLE_BYTES`]).
    pub fn load(path: &Path) -> Result<SummaryStyle> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, "cannot read", e))?;
        let bytes = read_style_bytes(file).map_err(|e| Error::io(path, "cannot read", e))?;
        SummaryStyle::from_bytes(&bytes, &path.display().to_string())
    }

    /// The style as a style file's JSON.
    pub fn to_json(&self) -> String {
        let raw = RawStyle {
            format: STYLE_FORMAT_NAME.into(),
            format_version: STYLE_FORMAT_VERSION,
            weights: self.weights().map(|(n, w)| (n.to_string(), w)).collect(),
            redundancy: self.redundancy,
            trained_on: self.trained_on.clone(),
        };
        serde_json::to_string_pretty(&raw).expect("a style serialises") + "\n"
    }

    /// Each feature's name and weight.
    pub fn weights(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        FEATURE_NAMES
            .iter()
            .copied()
            .zip(self.weights.iter().copied())
    }

    /// The MMR redundancy penalty.
    pub fn redundancy(&self) -> f64 {
        self.redundancy
    }

    /// The training data named in the file.
    pub fn trained_on(&self) -> &[StyleSource] {
        &self.trained_on
    }

    /// A sentence's score: the weighted sum of its features.
    pub(crate) fn score(&self, row: &FeatureRow) -> f64 {
        row.iter().zip(&self.weights).map(|(x, w)| x * w).sum()
    }
}

/// Reads at most [`MAX_STYLE_BYTES`] from `r`; more is an error (a device such as
/// /dev/zero, or a file that is not a style).
pub fn read_style_bytes(r: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    r.take(MAX_STYLE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_STYLE_BYTES {
        return Err(std::io::Error::other(format!(
            "more than {} MiB, far more than any style file",
            MAX_STYLE_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// What the header says, checked: the style format, a version this build reads.
fn check_header(h: &Header) -> std::result::Result<(), String> {
    match h.format.as_ref().and_then(|f| f.as_str()) {
        Some(STYLE_FORMAT_NAME) => {}
        Some(crate::classify::FORMAT_NAME) => {
            return Err("it is a newsdesk topic model (for -m), not a summary style".into());
        }
        _ => return Err(format!("it does not say it is a {STYLE_FORMAT_NAME}")),
    }
    match h.format_version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if v > STYLE_FORMAT_VERSION as u64 => Err(format!(
            "it has format version {v}, newer than this newsdesk reads ({STYLE_FORMAT_VERSION}); upgrade newsdesk"
        )),
        Some(v) if v >= 1 => Ok(()),
        _ => Err(format!(
            "unsupported format version {}",
            h.format_version
                .as_ref()
                .map_or("(none)".into(), |v| v.to_string())
        )),
    }
}

impl Default for SummaryStyle {
    fn default() -> Self {
        SummaryStyle::builtin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_style_loads_and_round_trips() {
        let s = SummaryStyle::builtin();
        let back = SummaryStyle::from_bytes(s.to_json().as_bytes(), "x").unwrap();
        assert_eq!(back, s);
        assert!(s.weights().any(|(_, w)| w != 0.0));
    }

    #[test]
    fn reading_stops_past_the_size_limit() {
        let endless = std::io::repeat(b' ');
        let e = read_style_bytes(endless).unwrap_err().to_string();
        assert!(e.contains("more than 16 MiB"), "{e}");
        assert_eq!(read_style_bytes(&b"{}"[..]).unwrap(), b"{}");
    }

    #[test]
    fn every_name_gives_a_style_and_lead_ranks_by_position_alone() {
        for name in BUILTIN_STYLE_NAMES {
            assert!(SummaryStyle::named(name).is_some(), "{name}");
        }
        assert_eq!(
            SummaryStyle::named("learned"),
            Some(SummaryStyle::builtin())
        );
        assert!(SummaryStyle::named("house.style").is_none());
        let lead = SummaryStyle::named("lead").unwrap();
        assert_eq!(lead.redundancy(), 0.0);
        assert_eq!(
            lead.weights()
                .filter(|(_, w)| *w != 0.0)
                .collect::<Vec<_>>(),
            [("rank_decay_1", 1.0)]
        );
    }

    #[test]
    fn bad_style_files_are_refused_with_the_reason() {
        let err = |json: &str| {
            SummaryStyle::from_bytes(json.as_bytes(), "my.style")
                .unwrap_err()
                .to_string()
        };
        assert!(
            err("").contains("my.style: not a usable newsdesk summary style: the file is empty")
        );
        assert!(err("{\"format\": \"x\"").contains("not valid style JSON"));
        let ok = |w: &str| {
            format!(
                "{{\"format\":\"{STYLE_FORMAT_NAME}\",\"format_version\":1,\"weights\":{w},\"redundancy\":1.0}}"
            )
        };
        assert!(err(&ok("{\"lede\": 1.0}")).contains("unknown feature 'lede'"));
        assert!(
            err(&ok("{\"lead\": 1e999}")).contains("not valid style JSON")
                || err(&ok("{\"lead\": 1e999}")).contains("finite")
        );
        assert!(
            err(&ok("{}").replace("\"format_version\":1", "\"format_version\":9"))
                .contains("format version 9")
        );
        assert!(
            err(&ok("{}").replace(STYLE_FORMAT_NAME, "newsdesk-topic-model"))
                .contains("it is a newsdesk topic model (for -m), not a summary style")
        );
        assert!(err(&ok("{}").replace(STYLE_FORMAT_NAME, "other")).contains("does not say"));
        assert!(err("{\"weights\": {}}").contains("does not say"));
        assert!(
            err(&ok("{}").replace("\"format_version\":1", "\"format_version\":3"))
                .contains("upgrade newsdesk")
        );
        assert!(
            err(&ok("{}").replace("\"format_version\":1", "\"format_version\":0"))
                .contains("unsupported format version 0")
        );
        assert!(
            err(&ok("{\"lead\": 1.0, \"lead\": 2.0}"))
                .contains("the weight of 'lead' is given twice")
        );
        assert!(err(&ok("{\"lead\": 1e300}")).contains("the weight of 'lead' is out of range"));
        assert!(
            err(&ok("{\"lead\": 1.0}").replace("\"redundancy\":1.0", "\"redundancy\":1e300"))
                .contains("redundancy must be")
        );
        // serde's backticks are not shown to users.
        let missing = err(&ok("{}").replace(",\"redundancy\":1.0", ""));
        assert!(missing.contains("missing field 'redundancy'"), "{missing}");
        assert!(err(&ok("{}")).contains("it has no weights"));
        // UTF-16 is decoded.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                ok("{\"lead\": 2.0}")
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert!(SummaryStyle::from_bytes(&utf16, "x").is_ok());
        // A byte-order mark is skipped.
        let bom = format!("\u{feff}{}", ok("{\"lead\": 2.0}"));
        assert!(SummaryStyle::from_bytes(bom.as_bytes(), "x").is_ok());
        let partial = SummaryStyle::from_bytes(ok("{\"lead\": 2.0}").as_bytes(), "x").unwrap();
        assert_eq!(partial.weights().filter(|(_, w)| *w != 0.0).count(), 1);
    }
}
