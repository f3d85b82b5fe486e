//! Summary styles: the weights of the sentence-scoring model, as a file.
//!
//! A style file is JSON naming its format and version, one weight per feature (by name, see
//! [`FEATURE_NAMES`]) and the redundancy penalty. Reading goes through [`RawStyle`], the
//! fields as written, which [`SummaryStyle::try_from`] checks: every weight finite, no unknown
//! feature, the version one this build reads. Features a file leaves out weigh 0.
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
    /// Weight of each feature, by name.
    pub weights: BTreeMap<String, f64>,
    /// MMR penalty on a candidate's similarity to the sentences already chosen.
    pub redundancy: f64,
    /// The training data, for the record.
    #[serde(default)]
    pub trained_on: Vec<StyleSource>,
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
        let mut weights = [0.0; N_FEATURES];
        for (name, &w) in &raw.weights {
            let Some(i) = FEATURE_NAMES.iter().position(|f| f == name) else {
                return Err(format!(
                    "unknown feature '{name}'; the features are: {}",
                    FEATURE_NAMES.join(", ")
                ));
            };
            if !w.is_finite() {
                return Err(format!("the weight of '{name}' is not a finite number"));
            }
            weights[i] = w;
        }
        if !(raw.redundancy.is_finite() && raw.redundancy >= 0.0) {
            return Err("redundancy must be a finite number ≥ 0".into());
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

    /// Reads a style from JSON bytes; `source` names it in errors.
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<SummaryStyle> {
        let bad = |message: String| Error::Style {
            path: source.to_string(),
            message,
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(bad("the file is empty".into()));
        }
        let raw: RawStyle = serde_json::from_slice(bytes)
            .map_err(|e| bad(format!("not valid style JSON ({e})")))?;
        SummaryStyle::try_from(raw).map_err(bad)
    }

    /// Reads a style file.
    pub fn load(path: &Path) -> Result<SummaryStyle> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, "cannot read", e))?;
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
                .contains("does not say")
        );
        let partial = SummaryStyle::from_bytes(ok("{\"lead\": 2.0}").as_bytes(), "x").unwrap();
        assert_eq!(partial.weights().filter(|(_, w)| *w != 0.0).count(), 1);
    }
}
