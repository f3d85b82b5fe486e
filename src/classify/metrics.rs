//! Evaluation figures: accuracy, macro-F1, per-label precision/recall/F1, confusion matrix,
//! expected calibration error.

use serde::Serialize;

/// Figures for one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelReport {
    /// The label.
    pub label: String,
    /// Of the units predicted as this label, the share that were.
    pub precision: f64,
    /// Of the units with this label, the share found.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Units with this gold label.
    pub support: usize,
}

/// An evaluation report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Units evaluated.
    pub n: usize,
    /// Share predicted correctly.
    pub accuracy: f64,
    /// Mean F1 over labels.
    pub macro_f1: f64,
    /// Per-label figures.
    pub labels: Vec<LabelReport>,
    /// `confusion[gold][predicted]`, in `labels` order.
    pub confusion: Vec<Vec<usize>>,
    /// Expected calibration error of the top score (10 equal-width bins).
    pub calibration_error: f64,
    /// Accuracy and calibration error per text length (headline, snippet, paragraph and longer).
    pub by_length: Vec<LengthReport>,
}

/// Figures for the units of one length bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthReport {
    /// The bucket's word counts, such as `1-12`.
    pub words: String,
    /// Units in it.
    pub n: usize,
    /// Share predicted correctly.
    pub accuracy: f64,
    /// Expected calibration error of the top score in it.
    pub calibration_error: f64,
}

/// Length buckets in words (inclusive upper bounds): headline-length, snippet-length,
/// paragraph-length, longer.
const LENGTHS: [(usize, usize); 4] = [(1, 12), (13, 40), (41, 150), (151, usize::MAX)];

/// Accuracy and calibration per length bucket; `words[i]` is unit i's word count.
fn by_length(words: &[usize], pairs: &[(f64, bool)]) -> Vec<LengthReport> {
    LENGTHS
        .iter()
        .filter_map(|&(lo, hi)| {
            let inside: Vec<(f64, bool)> = words
                .iter()
                .zip(pairs)
                .filter(|(w, _)| (lo..=hi).contains(*w))
                .map(|(_, p)| *p)
                .collect();
            (!inside.is_empty()).then(|| LengthReport {
                words: if hi == usize::MAX {
                    format!("{lo}+")
                } else {
                    format!("{lo}-{hi}")
                },
                n: inside.len(),
                accuracy: inside.iter().filter(|p| p.1).count() as f64 / inside.len() as f64,
                calibration_error: expected_calibration_error(&inside),
            })
        })
        .collect()
}

/// Builds a report from gold and predicted label ids, the predicted label's probability and
/// each unit's length in words.
pub fn report(
    labels: &[String],
    gold: &[usize],
    pred: &[usize],
    confidence: &[f64],
    words: &[usize],
) -> Report {
    let l = labels.len();
    let mut confusion = vec![vec![0usize; l]; l];
    for (&g, &p) in gold.iter().zip(pred) {
        confusion[g][p] += 1;
    }
    let n = gold.len();
    let correct: usize = (0..l).map(|i| confusion[i][i]).sum();
    let per: Vec<LabelReport> = (0..l)
        .map(|i| {
            let tp = confusion[i][i] as f64;
            let predicted: usize = (0..l).map(|g| confusion[g][i]).sum();
            let support: usize = confusion[i].iter().sum();
            let precision = if predicted > 0 {
                tp / predicted as f64
            } else {
                0.0
            };
            let recall = if support > 0 {
                tp / support as f64
            } else {
                0.0
            };
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            LabelReport {
                label: labels[i].clone(),
                precision,
                recall,
                f1,
                support,
            }
        })
        .collect();
    let with_support: Vec<&LabelReport> = per.iter().filter(|r| r.support > 0).collect();
    let macro_f1 = if with_support.is_empty() {
        0.0
    } else {
        with_support.iter().map(|r| r.f1).sum::<f64>() / with_support.len() as f64
    };
    let pairs: Vec<(f64, bool)> = confidence
        .iter()
        .zip(gold.iter().zip(pred))
        .map(|(&c, (g, p))| (c, g == p))
        .collect();
    Report {
        n,
        accuracy: if n > 0 {
            correct as f64 / n as f64
        } else {
            0.0
        },
        macro_f1,
        labels: per,
        confusion,
        calibration_error: expected_calibration_error(&pairs),
        by_length: by_length(words, &pairs),
    }
}

/// Expected calibration error: the bin-weighted gap between confidence and accuracy, over 10
/// equal-width confidence bins. `pairs` holds (confidence, was it right).
pub fn expected_calibration_error(pairs: &[(f64, bool)]) -> f64 {
    if pairs.is_empty() {
        return 0.0;
    }
    let mut bins = [(0.0f64, 0.0f64, 0usize); 10];
    for &(c, ok) in pairs {
        let b = ((c * 10.0) as usize).min(9);
        bins[b].0 += c;
        bins[b].1 += if ok { 1.0 } else { 0.0 };
        bins[b].2 += 1;
    }
    bins.iter()
        .filter(|b| b.2 > 0)
        // Each bin weighs n/N and holds sums, so n/N · |Σconf/n − Σacc/n| = |Σconf − Σacc| / N.
        .map(|(conf, acc, _)| (conf - acc).abs() / pairs.len() as f64)
        .sum()
}

impl Report {
    /// A readable table.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "units {}  accuracy {:.4}  macro-F1 {:.4}  calibration error {:.4}\n\n",
            self.n, self.accuracy, self.macro_f1, self.calibration_error
        );
        let w = self
            .labels
            .iter()
            .map(|r| r.label.len())
            .max()
            .unwrap_or(5)
            .max(5);
        s += &format!("{:w$}  precision  recall  f1      support\n", "label");
        for r in &self.labels {
            s += &format!(
                "{:w$}  {:.4}     {:.4}  {:.4}  {}\n",
                r.label, r.precision, r.recall, r.f1, r.support
            );
        }
        s += &format!("\nconfusion (rows: gold, columns: predicted)\n{:w$}", "");
        for r in &self.labels {
            s += &format!("  {:>8}", truncate(&r.label, 8));
        }
        s.push('\n');
        for (r, row) in self.labels.iter().zip(&self.confusion) {
            s += &format!("{:w$}", r.label);
            for n in row {
                s += &format!("  {n:>8}");
            }
            s.push('\n');
        }
        s += "\nby length     units  accuracy  calibration error\n";
        for b in &self.by_length {
            s += &format!(
                "{:<12}  {:>5}  {:.4}    {:.4}\n",
                format!("{} words", b.words),
                b.n,
                b.accuracy,
                b.calibration_error
            );
        }
        s
    }
}

fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_match_a_hand_computed_case() {
        let labels = vec!["a".to_string(), "b".to_string()];
        // gold a a a b ; pred a a b b
        let r = report(
            &labels,
            &[0, 0, 0, 1],
            &[0, 0, 1, 1],
            &[0.9, 0.8, 0.6, 0.7],
            &[8, 30, 9, 200],
        );
        assert_eq!(r.confusion, vec![vec![2, 1], vec![0, 1]]);
        assert!((r.accuracy - 0.75).abs() < 1e-12);
        assert!((r.labels[0].precision - 1.0).abs() < 1e-12);
        assert!((r.labels[0].recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((r.labels[1].precision - 0.5).abs() < 1e-12);
        let f1a = 2.0 * (2.0 / 3.0) / (1.0 + 2.0 / 3.0);
        assert!((r.macro_f1 - (f1a + 2.0 / 3.0) / 2.0).abs() < 1e-12);
        assert!(r.to_text().contains("accuracy 0.7500"));
        // Headline-length units 0 and 2: one right at 0.9, one wrong at 0.6.
        let head = &r.by_length[0];
        assert_eq!((head.words.as_str(), head.n), ("1-12", 2));
        assert!((head.accuracy - 0.5).abs() < 1e-12);
        assert!((head.calibration_error - (0.1 + 0.6) / 2.0).abs() < 1e-12);
        let words: Vec<&str> = r.by_length.iter().map(|b| b.words.as_str()).collect();
        assert_eq!(words, ["1-12", "13-40", "151+"]);
    }

    #[test]
    fn calibration_error_is_zero_when_confidence_matches_accuracy() {
        let pairs: Vec<(f64, bool)> = (0..10).map(|i| (0.75, i % 4 != 0)).collect::<Vec<_>>();
        // 0.75 confidence, 7 of 10 right (i = 0, 4, 8 wrong): gap 0.05.
        assert!((expected_calibration_error(&pairs) - 0.05).abs() < 1e-12);
        let perfect: Vec<(f64, bool)> = (0..4).map(|i| (0.5, i % 2 == 0)).collect();
        assert!(expected_calibration_error(&perfect).abs() < 1e-12);
    }
}
