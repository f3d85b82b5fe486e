//! Training: hyper-parameters → checked parameters → `fit` → a [`TopicModel`].
//!
//! This file orchestrates: examples → units → TF-IDF rows, then the naive Bayes parameters
//! (fitted by linfa-bayes, see `linfa_nb`) and, side by side, the softmax temperature (fitted
//! on held-out folds, see `calibration`).

use super::calibration::{HeldOut, calibrate};
use super::data::Example;
use super::linfa_nb::{fit_linfa, fit_linfa_complement};
use super::meta::{LabelCount, ModelMeta};
use super::model::{Decision, TopicModel};
use super::weighting::Weighting;
use crate::error::{Error, Result};
use crate::features::{SparseVec, TfidfOptions, Vectorizer};
use crate::text::{AnalyzerOptions, Document};
use std::collections::BTreeMap;

/// What one training unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Each file or row is one unit.
    Document,
    /// Each file or row is split into paragraphs that all carry its label.
    Paragraph,
    /// Each blank-line-separated block of a file or row is a unit, taken as written (a
    /// one-line headline is a unit too; nothing is dropped as a heading).
    Block,
}

impl Unit {
    /// The training or evaluation units of one file or row: the whole text (unless blank),
    /// its paragraphs as the structure parser finds them, or its blank-line-separated blocks.
    pub fn split(self, text: &str) -> Vec<&str> {
        match self {
            Unit::Document if text.trim().is_empty() => Vec::new(),
            Unit::Document => vec![text],
            Unit::Paragraph => Document::parse(text)
                .paragraphs()
                .map(|p| p.slice(text))
                .collect(),
            Unit::Block => blocks(text).collect(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Unit::Document => "document",
            Unit::Paragraph => "paragraph",
            Unit::Block => "block",
        }
    }
}

/// Training hyper-parameters (unchecked). Build, then [`TrainParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainParams {
    /// Additive (Laplace/Lidstone) smoothing, > 0.
    pub alpha: f64,
    /// How text becomes terms.
    pub analyzer: AnalyzerOptions,
    /// Vocabulary and weighting. `min_df` 0 means automatic: 1 below 100 units, 2 below
    /// 1000, else 3.
    pub tfidf: TfidfOptions,
    /// What one training unit is.
    pub unit: Unit,
    /// Held-out folds for the temperature: 0 for no calibration, else 2 to 20.
    pub calibration_folds: usize,
    /// Rows summed into one dense row for linfa-bayes at most; 0: all of a label's rows.
    pub chunk_rows: usize,
    /// Naive Bayes weighting.
    pub weighting: Weighting,
    /// The label given to text with fewer than two distinct known terms (none: the label with
    /// most units).
    pub catch_all: Option<String>,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            alpha: 0.05,
            analyzer: AnalyzerOptions {
                keep_numbers: true,
                ..AnalyzerOptions::default()
            },
            tfidf: TfidfOptions {
                min_df: 0,
                bigrams: true,
                ..TfidfOptions::default()
            },
            unit: Unit::Document,
            calibration_folds: 5,
            chunk_rows: 0,
            weighting: Weighting::default(),
            catch_all: None,
        }
    }
}

/// Checked training parameters, ready to [`ValidTrainParams::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidTrainParams(TrainParams);

impl TrainParams {
    /// Checks every value, naming the option at fault.
    pub fn check(self) -> Result<ValidTrainParams> {
        let bad = |m: String| Err(Error::InvalidOption(m));
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return bad(format!(
                "--alpha must be a positive number, got {}",
                self.alpha
            ));
        }
        if !(self.tfidf.max_df > 0.0 && self.tfidf.max_df <= 1.0) {
            return bad(format!(
                "--max-df must be in (0, 1], got {}",
                self.tfidf.max_df
            ));
        }
        let boost = self.tfidf.title_boost;
        if !(boost.is_finite() && (0.0..=100.0).contains(&boost)) {
            return bad(format!(
                "--title-boost must be between 0 and 100, got {boost}"
            ));
        }
        if self.tfidf.max_features == Some(0) {
            return bad("--max-features must be at least 1".into());
        }
        if self.calibration_folds == 1 || self.calibration_folds > 20 {
            return bad(format!(
                "--calibration-folds must be 0 (no calibration) or 2 to 20, got {}",
                self.calibration_folds
            ));
        }
        Ok(ValidTrainParams(self))
    }
}

impl ValidTrainParams {
    /// The parameters.
    pub fn params(&self) -> &TrainParams {
        &self.0
    }

    /// Splits examples into training units with label ids; returns (texts, label ids, labels).
    pub fn units<'a>(
        &self,
        examples: &'a [Example],
    ) -> Result<(Vec<&'a str>, Vec<usize>, Vec<String>)> {
        let mut labels: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
        labels.sort();
        labels.dedup();
        let index: BTreeMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let mut texts = Vec::new();
        let mut ids = Vec::new();
        for e in examples {
            let id = index[e.label.as_str()];
            for unit in self.0.unit.split(&e.text) {
                texts.push(unit);
                ids.push(id);
            }
        }
        let present: std::collections::BTreeSet<usize> = ids.iter().copied().collect();
        if present.len() < 2 {
            let with_text: Vec<&str> = present.iter().map(|&i| labels[i].as_str()).collect();
            let without: Vec<&str> = (0..labels.len())
                .filter(|i| !present.contains(i))
                .map(|i| labels[i].as_str())
                .collect();
            let list = |ls: &[&str]| match ls {
                [] => "none".to_string(),
                ls => ls.join(", "),
            };
            let mut message = format!(
                "training needs at least two labels with text; found {}",
                list(&with_text)
            );
            if !without.is_empty() {
                message.push_str(&format!(" (no text under {})", list(&without)));
            }
            return Err(Error::Training(message));
        }
        Ok((texts, ids, labels))
    }

    /// Fits a model on labelled examples. `warn` receives notes such as rare labels.
    pub fn fit(&self, examples: &[Example], warn: &mut dyn FnMut(String)) -> Result<TopicModel> {
        let p = &self.0;
        let (texts, y, labels) = self.units(examples)?;
        let counts = label_counts(&y, &labels, warn);
        let mut tfidf = p.tfidf.clone();
        if tfidf.min_df == 0 {
            tfidf.min_df = auto_min_df(texts.len());
        }
        // Short cuts of the units calibrate short texts; they are transformed along with the
        // units, by the analysers that have already seen their words.
        let cuts = if p.calibration_folds >= 2 {
            headline_cuts(&texts)
        } else {
            Vec::new()
        };
        let cut_texts: Vec<&str> = cuts.iter().map(|&(t, _)| t).collect();
        let (vectorizer, rows, cut_rows) =
            Vectorizer::fit_transform_extra(p.analyzer.clone(), tfidf, &texts, &cut_texts);
        let extra: Vec<(SparseVec, usize)> = cut_rows
            .into_iter()
            .zip(&cuts)
            .filter(|(row, _)| !row.indices.is_empty())
            .map(|(row, &(_, unit))| (row, unit))
            .collect();
        if vectorizer.is_empty() {
            return Err(Error::Training(
                "the training text has no usable words (after stop words and --min-df); add more text or lower --min-df".into(),
            ));
        }
        let catch_all = self.catch_all(&labels)?;
        let (l, v) = (labels.len(), vectorizer.len());
        let held_out = HeldOut {
            rows: &rows,
            extra: &extra,
            y: &y,
            n_labels: l,
            n_features: v,
            alpha: p.alpha,
            weighting: p.weighting,
        };
        // The linfa-bayes fit and the calibration folds are independent: run them side by side.
        let (nb, calibrated) = std::thread::scope(|scope| {
            let calibration = scope.spawn(|| calibrate(&held_out, p.calibration_folds));
            let nb = match p.weighting {
                Weighting::Multinomial => fit_linfa(&rows, &y, l, v, p.alpha, p.chunk_rows),
                Weighting::Complement => fit_linfa_complement(&rows, &y, l, v, p.alpha),
            };
            (nb, calibration.join())
        });
        let nb = nb?;
        let calibrated =
            calibrated.map_err(|_| Error::Training("the calibration thread failed".into()))?;
        let meta = ModelMeta {
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            labels: labels
                .iter()
                .zip(&counts)
                .map(|(l, &c)| LabelCount {
                    label: l.clone(),
                    count: c,
                })
                .collect(),
            alpha: p.alpha,
            unit: p.unit.name().to_string(),
            vocabulary_size: v,
            calibration: calibrated.info,
        };
        let decision = Decision {
            weighting: p.weighting,
            temperature: calibrated.temperature,
            evidence_exponent: calibrated.evidence_exponent,
            catch_all,
        };
        Ok(TopicModel::new(meta, vectorizer, labels, nb, decision))
    }

    /// The catch-all label, checked against the training labels.
    fn catch_all(&self, labels: &[String]) -> Result<Option<String>> {
        match &self.0.catch_all {
            Some(c) if !labels.contains(c) => Err(Error::InvalidOption(format!(
                "--catch-all {c}: no such label in the training data (labels: {})",
                labels.join(", ")
            ))),
            other => Ok(other.clone()),
        }
    }
}

/// The blank-line-separated blocks of `text`, trimmed, in order.
pub fn blocks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            rest = rest.trim_start_matches(['\n', '\r', ' ', '\t']);
            if rest.is_empty() {
                return None;
            }
            // The block ends at the first line that is blank (only spaces) or at the end.
            let mut end = rest.len();
            let mut pos = 0;
            while let Some(nl) = rest[pos..].find('\n') {
                let line_end = pos + nl;
                let next = &rest[line_end + 1..];
                let next_line = next.split('\n').next().unwrap_or("");
                if next_line.trim().is_empty() {
                    end = line_end;
                    break;
                }
                pos = line_end + 1;
            }
            let block = rest[..end].trim();
            rest = &rest[end..];
            if !block.is_empty() {
                return Some(block);
            }
        }
    })
}

/// Units longer than a headline, cut to their first 5 to 12 words (the count cycles with the
/// unit's index): short texts for calibration, each with the index of the unit it was cut from.
fn headline_cuts<'a>(texts: &[&'a str]) -> Vec<(&'a str, usize)> {
    const LONGER_THAN: usize = 16;
    texts
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let words = 5 + i % 8;
            let end = t
                .split_whitespace()
                .nth(LONGER_THAN)
                .and_then(|_| word_end(t, words))?;
            Some((&t[..end], i))
        })
        .collect()
}

/// Byte offset of the end of the `n`-th whitespace-separated word of `text`.
fn word_end(text: &str, n: usize) -> Option<usize> {
    let mut count = 0;
    let mut in_word = false;
    for (i, ch) in text.char_indices() {
        if ch.is_whitespace() {
            if in_word {
                count += 1;
                if count == n {
                    return Some(i);
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    (in_word && count + 1 == n).then_some(text.len())
}

/// Training units per label; labels with fewer than five are reported to `warn`.
fn label_counts(y: &[usize], labels: &[String], warn: &mut dyn FnMut(String)) -> Vec<usize> {
    let mut counts = vec![0usize; labels.len()];
    y.iter().for_each(|&c| counts[c] += 1);
    for (l, &n) in labels.iter().zip(&counts) {
        if n < 5 {
            warn(format!(
                "warning: label '{l}' has only {n} training unit(s); its scores will be unreliable"
            ));
        }
    }
    counts
}

/// The automatic minimum document frequency for a corpus of `units` training units.
pub fn auto_min_df(units: usize) -> usize {
    match units {
        0..100 => 1,
        100..1000 => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(text: &str, label: &str) -> Example {
        Example {
            text: text.into(),
            label: label.into(),
        }
    }

    #[test]
    fn check_rejects_bad_values_naming_the_option() {
        let e = TrainParams {
            alpha: -1.0,
            ..Default::default()
        }
        .check()
        .unwrap_err()
        .to_string();
        assert!(e.contains("--alpha"));
        let mut p = TrainParams::default();
        p.tfidf.max_df = 1.5;
        assert!(p.check().unwrap_err().to_string().contains("--max-df"));
    }

    #[test]
    fn a_single_label_is_refused() {
        let p = TrainParams::default().check().unwrap();
        let e = p
            .fit(
                &[ex("Rates rose", "economics"), ex("Rates fell", "economics")],
                &mut |_| {},
            )
            .unwrap_err();
        assert!(e.to_string().contains("at least two labels"), "{e}");
    }

    #[test]
    fn block_units_keep_one_line_headlines() {
        let p = TrainParams {
            unit: Unit::Block,
            ..Default::default()
        }
        .check()
        .unwrap();
        let exs = [
            ex(
                "Central Bank Raises Rates\n\n  \nBanks lent more.\nThe lead line.\n",
                "economics",
            ),
            ex("TROOPS MASS AT BORDER", "security"),
        ];
        let (texts, y, _) = p.units(&exs).unwrap();
        assert_eq!(
            texts,
            [
                "Central Bank Raises Rates",
                "Banks lent more.\nThe lead line.",
                "TROOPS MASS AT BORDER"
            ]
        );
        assert_eq!(y, [0, 0, 1]);
    }

    #[test]
    fn word_end_finds_the_nth_word() {
        assert_eq!(word_end("a bb  ccc d", 3), Some(9));
        assert_eq!(word_end("a bb", 2), Some(4));
        assert_eq!(word_end("a bb", 3), None);
    }

    #[test]
    fn an_unknown_catch_all_label_is_refused() {
        let p = TrainParams {
            catch_all: Some("sport".into()),
            calibration_folds: 0,
            ..Default::default()
        }
        .check()
        .unwrap();
        let e = p
            .fit(
                &[
                    ex("Rates rose", "economics"),
                    ex("Troops moved", "security"),
                ],
                &mut |_| {},
            )
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("--catch-all sport") && e.contains("economics, security"),
            "{e}"
        );
    }

    #[test]
    fn paragraph_units_split_examples() {
        let p = TrainParams {
            unit: Unit::Paragraph,
            ..Default::default()
        }
        .check()
        .unwrap();
        let exs = [
            ex("Rates rose.\n\nBanks lent more.", "economics"),
            ex("Troops moved.", "security"),
        ];
        let (texts, y, labels) = p.units(&exs).unwrap();
        assert_eq!(texts, ["Rates rose.", "Banks lent more.", "Troops moved."]);
        assert_eq!(y, [0, 0, 1]);
        assert_eq!(labels, ["economics", "security"]);
    }
}
