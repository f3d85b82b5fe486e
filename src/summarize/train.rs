//! Learning a style from article–summary pairs, and scoring summaries against them.
//!
//! Labels: for a summary of `k` sentences, the lead (the first `k` eligible sentences) is the
//! default answer. For each lead sentence `j` and each later sentence `i`, the pair is labelled
//! 1 when putting `i` in `j`'s place raises ROUGE-1 + ROUGE-2 F1 against the summary (the
//! summary may be abstractive). A logistic regression without intercept (linfa-logistic, L2)
//! on the feature differences `x_i − x_j`, each pair also entered reversed with the opposite
//! label, gives one weight per feature: how much evidence a later sentence needs to displace a
//! lead sentence. Each source (input file) weighs the same, and each article the same within
//! its source: every source contributes the same number of pairs, spread evenly over its
//! articles.
//!
//! `k`: when the summary contains article sentences verbatim (an extractive reference), their
//! count; otherwise `StyleParams::sentences` (the length the style is for) or, without it,
//! the number of sentences of the summary. An abstractive reference is used at every length
//! from 1 to `k`, so a style also knows what a shorter summary should hold.

use super::features::{self, FeatureRow, N_FEATURES};
use super::rouge::{RougeScores, RougeTokenizer, ngram_counts, overlap_f1, scores};
use super::style::{StyleSource, SummaryStyle};
use super::vectors::SentenceVectors;
use super::{Length, Summarizer, SummaryOptions};
use crate::error::{Error, Result};
use crate::io::{
    LineLimit, PairRow, STDIN_LABEL, parse_pair_row, read_text_from, read_text_limited,
};
use crate::text::{Analyzer, Article, split_sentences};
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use std::path::Path;

/// An article and its reference summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryPair {
    /// The article (a first line followed by a blank line is its title).
    pub text: String,
    /// The reference summary.
    pub summary: String,
    /// 1-based line in its file.
    pub line: usize,
}

/// The pairs of one training file.
#[derive(Debug, Clone, PartialEq)]
pub struct SummarySource {
    /// The file's name.
    pub name: String,
    /// Its pairs.
    pub pairs: Vec<SummaryPair>,
}

/// Training controls.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleParams {
    /// Summary length for abstractive references (see the module documentation).
    pub sentences: Option<usize>,
    /// L2 penalty of the logistic regression (on standardised differences).
    pub alpha: f64,
    /// Most rows drawn from each source (every source gives as many as the largest has).
    pub pairs_per_source: usize,
    /// MMR redundancy penalty written to the style.
    pub redundancy: f64,
}

impl Default for StyleParams {
    fn default() -> Self {
        StyleParams {
            sentences: None,
            alpha: 1.0,
            pairs_per_source: 20_000,
            redundancy: 1.0,
        }
    }
}

/// Reads a JSONL file of `{"text": …, "summary": …}` rows (`"article"` is read as `"text"`)
/// as every JSONL input is read: `-` is standard input (named `standard input`), no line may
/// be longer than `max_line` bytes, a byte-order mark and UTF-16 are read, other bytes that
/// are not UTF-8 as Windows-1252 with a warning to `warn`.
pub fn read_pairs(
    path: &Path,
    max_line: usize,
    warn: &mut dyn FnMut(String),
) -> Result<SummarySource> {
    let (content, name) = if path.as_os_str() == "-" {
        let stdin = std::io::stdin().lock();
        let mut input = LineLimit::new(stdin, STDIN_LABEL, max_line).refusing_binary();
        let text = read_text_from(&mut input, STDIN_LABEL, warn)?;
        (text, STDIN_LABEL.to_string())
    } else {
        (
            read_text_limited(path, max_line, warn)?,
            path.display().to_string(),
        )
    };
    let pairs = parse_pairs(&content, &name)?;
    Ok(SummarySource { name, pairs })
}

/// Parses JSONL pairs; `name` names the file in errors.
pub(crate) fn parse_pairs(content: &str, name: &str) -> Result<Vec<SummaryPair>> {
    let mut pairs = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        pairs.push(parse_pair(line, name, i + 1)?);
    }
    if pairs.is_empty() {
        return Err(Error::Training(format!("{name}: no article–summary rows")));
    }
    Ok(pairs)
}

/// One row (see [`crate::io::parse_pair_row`]) whose article and summary have words, the
/// summary no more than the article.
fn parse_pair(line: &str, name: &str, number: usize) -> Result<SummaryPair> {
    let bad = |m: String| Error::input(name, number, m);
    let PairRow { text, summary } = parse_pair_row(line, name, number)?;
    let (tw, sw) = (words(&text), words(&summary));
    if tw == 0 {
        return Err(bad("empty text".into()));
    }
    if sw == 0 {
        return Err(bad("empty summary".into()));
    }
    if sw > tw {
        return Err(bad(format!(
            "the summary ({}) is longer than the article ({})",
            count_words(sw),
            count_words(tw)
        )));
    }
    Ok(SummaryPair {
        text,
        summary,
        line: number,
    })
}

/// `1 word`, `2 words`.
fn count_words(n: usize) -> String {
    format!("{n} word{}", if n == 1 { "" } else { "s" })
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// What a pair looks like to the summariser: its article, vectors and eligible sentences.
struct Prepared {
    article: Article,
    vectors: SentenceVectors,
    eligible: Vec<usize>,
    k: usize,
    /// The reference holds article sentences verbatim.
    extractive: bool,
}

fn prepare(
    analyzer: &mut Analyzer,
    pair: &SummaryPair,
    min_words: usize,
    sentences: Option<usize>,
) -> Prepared {
    let article = Article::parse(pair.text.clone());
    let vectors = SentenceVectors::of(analyzer, &article);
    let eligible = features::eligible(&vectors.words, min_words);
    let (k, extractive) = summary_sentences(&article, &pair.summary, sentences);
    Prepared {
        article,
        vectors,
        k: k.min(eligible.len().max(1)),
        eligible,
        extractive,
    }
}

/// The summary's length in sentences (see the module documentation), and whether the
/// reference is extractive.
fn summary_sentences(article: &Article, summary: &str, sentences: Option<usize>) -> (usize, bool) {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let reference = squash(summary);
    let verbatim = article
        .sentences
        .iter()
        .filter(|s| reference.contains(&squash(s.span.slice(&article.text))))
        .count();
    if verbatim > 0 {
        (verbatim, true)
    } else {
        (
            sentences
                .unwrap_or_else(|| split_sentences(summary).len())
                .max(1),
            false,
        )
    }
}

/// The labelled swap pairs of one article: (x_i − x_j, label).
fn swap_pairs(p: &Prepared, summary: &str, rouge: &mut RougeTokenizer) -> Vec<(FeatureRow, bool)> {
    let n = p.eligible.len();
    if n <= p.k {
        return Vec::new();
    }
    let feats = features::article_features(&p.article, &p.vectors, p.eligible.clone(), p.k);
    let toks: Vec<Vec<u32>> = p
        .eligible
        .iter()
        .map(|&i| rouge.tokens(p.article.sentences[i].span.slice(&p.article.text)))
        .collect();
    let reference = rouge.tokens(summary);
    let (r1, r2) = (ngram_counts(&reference, 1), ngram_counts(&reference, 2));
    let value = |chosen: &[usize]| {
        let cand: Vec<u32> = chosen
            .iter()
            .flat_map(|&c| toks[c].iter().copied())
            .collect();
        overlap_f1(&r1, &ngram_counts(&cand, 1)) + overlap_f1(&r2, &ngram_counts(&cand, 2))
    };
    let lead: Vec<usize> = (0..p.k).collect();
    let base = value(&lead);
    let mut out = Vec::with_capacity(p.k * (n - p.k));
    for j in 0..p.k {
        let mut swapped: Vec<usize> = lead.iter().copied().filter(|&x| x != j).collect();
        swapped.push(0);
        for i in p.k..n {
            *swapped.last_mut().expect("one slot") = i;
            let label = value(&swapped) > base + 1e-9;
            let mut d = [0.0; N_FEATURES];
            for (f, x) in d.iter_mut().enumerate() {
                *x = feats.rows[i][f] - feats.rows[j][f];
            }
            out.push((d, label));
        }
    }
    out
}

/// `quota` rows spread evenly over `rows` (cycling through them when there are fewer).
fn spread<T: Copy>(rows: &[T], quota: usize) -> impl Iterator<Item = T> + '_ {
    let n = rows.len();
    (0..quota).map(move |t| {
        if n >= quota {
            rows[t * n / quota]
        } else {
            rows[t % n]
        }
    })
}

/// Fits a style on `sources` (see the module documentation).
pub fn train_style(sources: &[SummarySource], params: &StyleParams) -> Result<SummaryStyle> {
    let options = SummaryOptions::default();
    let mut analyzer = Analyzer::new(options.analyzer.clone());
    let mut rouge = RougeTokenizer::default();
    let mut per_source: Vec<Vec<Vec<(FeatureRow, bool)>>> = Vec::new();
    for source in sources {
        let per_article: Vec<Vec<(FeatureRow, bool)>> = source
            .pairs
            .iter()
            .map(|pair| {
                let mut p = prepare(&mut analyzer, pair, options.min_words, params.sentences);
                // An abstractive reference teaches every length up to its own: a style
                // fitted for three sentences also knows what one sentence should be.
                let lengths = if p.extractive { p.k..=p.k } else { 1..=p.k };
                let mut rows = Vec::new();
                for k in lengths {
                    p.k = k;
                    rows.extend(swap_pairs(&p, &pair.summary, &mut rouge));
                }
                rows
            })
            .filter(|v| !v.is_empty())
            .collect();
        if per_article.is_empty() {
            return Err(Error::Training(format!(
                "{}: no article has more eligible sentences than its summary; nothing to learn",
                source.name
            )));
        }
        per_source.push(per_article);
    }
    // Every source gives the same number of rows: as many as the largest has, at most
    // `pairs_per_source`.
    let largest = per_source
        .iter()
        .map(|s| s.iter().map(Vec::len).sum::<usize>())
        .max()
        .unwrap_or(0);
    let per_source_rows = params.pairs_per_source.min(largest);
    let mut rows: Vec<(FeatureRow, bool)> = Vec::new();
    for per_article in &per_source {
        let quota = per_source_rows.div_ceil(per_article.len());
        for a in per_article {
            rows.extend(spread(a, quota));
        }
    }
    let weights = fit(&rows, params.alpha)?;
    let trained_on = sources
        .iter()
        .map(|s| StyleSource {
            name: Path::new(&s.name)
                .file_name()
                .map_or(s.name.clone(), |f| f.to_string_lossy().into_owned()),
            pairs: s.pairs.len(),
        })
        .collect();
    Ok(SummaryStyle::new(weights, params.redundancy, trained_on))
}

/// Logistic regression without intercept on standardised differences, both orientations.
fn fit(rows: &[(FeatureRow, bool)], alpha: f64) -> Result<FeatureRow> {
    if rows.iter().all(|r| !r.1) {
        return Err(Error::Training(
            "no later sentence ever scores better against these summaries than the lead does, \
             so there is nothing to learn: give more pairs, or use the built-in `--style lead`"
                .into(),
        ));
    }
    if rows.iter().all(|r| r.1) {
        return Err(Error::Training(
            "every later sentence scores better against these summaries than the lead does, \
             so there is nothing to learn: give more pairs"
                .into(),
        ));
    }
    let m = rows.len() as f64;
    let mut sd = [0.0; N_FEATURES];
    for (f, s) in sd.iter_mut().enumerate() {
        // The differences are symmetric around 0 once reversed, so their sd is the RMS.
        *s = (rows.iter().map(|r| r.0[f] * r.0[f]).sum::<f64>() / m).sqrt();
        if *s < 1e-12 {
            *s = 1.0;
        }
    }
    let mut x = Array2::<f64>::zeros((2 * rows.len(), N_FEATURES));
    let mut y = Array1::<bool>::from_elem(2 * rows.len(), false);
    for (r, (d, label)) in rows.iter().enumerate() {
        for f in 0..N_FEATURES {
            x[[2 * r, f]] = d[f] / sd[f];
            x[[2 * r + 1, f]] = -d[f] / sd[f];
        }
        y[2 * r] = *label;
        y[2 * r + 1] = !*label;
    }
    let n_rows = y.len() as f64;
    let model = LogisticRegression::default()
        .alpha(alpha)
        .with_intercept(false)
        .max_iterations(500)
        // The loss is a sum over rows: stop when the gradient is small per row.
        .gradient_tolerance(1e-6 * n_rows)
        .fit(&Dataset::new(x, y))
        .map_err(|e| Error::Training(format!("the logistic regression failed: {e}")))?;
    // linfa-logistic's parameters predict its "positive" class: the more frequent label, or on
    // a tie (as here, every pair being entered both ways) the first one it meets. Orient them
    // so they predict `true`, "the later sentence displaces the lead sentence".
    let sign = if model.labels().pos.class { 1.0 } else { -1.0 };
    let mut w = [0.0; N_FEATURES];
    for f in 0..N_FEATURES {
        // Round so a refit on another machine writes the same file.
        w[f] = (sign * model.params()[f] / sd[f] * 1e6).round() / 1e6;
        if !(-super::style::MAX_STYLE_NUMBER..=super::style::MAX_STYLE_NUMBER).contains(&w[f]) {
            return Err(Error::Training(format!(
                "the fit did not settle (the weight of '{}' came out {:e}); give more pairs",
                features::FEATURE_NAMES[f],
                w[f]
            )));
        }
    }
    Ok(w)
}

/// Mean ROUGE F1 of a style's summaries and of the lead against the references.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairEval {
    /// The style's summaries.
    pub style: RougeScores,
    /// The first k eligible sentences.
    pub lead: RougeScores,
    /// Pairs scored.
    pub pairs: usize,
}

/// Summarises every pair at its length (see the module documentation) and scores it.
pub fn evaluate_pairs(
    pairs: &[SummaryPair],
    options: &SummaryOptions,
    sentences: Option<usize>,
) -> PairEval {
    let mut summarizer = Summarizer::new(options.clone());
    let mut rouge = RougeTokenizer::default();
    let (mut style, mut lead) = (RougeScores::default(), RougeScores::default());
    for pair in pairs {
        let p = prepare(
            summarizer.analyzer_mut(),
            pair,
            options.min_words,
            sentences,
        );
        summarizer.options.length = Length::Sentences(p.k);
        let chosen = summarizer.summarize(&p.article, None);
        let text = |idx: &mut dyn Iterator<Item = usize>| {
            idx.map(|i| p.article.sentences[i].span.slice(&p.article.text))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let ours = text(&mut chosen.iter().map(|s| s.index));
        let first = text(&mut p.eligible.iter().copied().take(p.k));
        let reference = rouge.tokens(&pair.summary);
        style.add(&scores(&reference, &rouge.tokens(&ours)));
        lead.add(&scores(&reference, &rouge.tokens(&first)));
    }
    PairEval {
        style: style.mean_of(pairs.len()),
        lead: lead.mean_of(pairs.len()),
        pairs: pairs.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAIRS: &str = include_str!("../../tests/examples/pairs.jsonl");

    #[test]
    fn bad_rows_are_refused_naming_the_line() {
        let err = |rows: &str| parse_pairs(rows, "p.jsonl").unwrap_err().to_string();
        let ok = r#"{"text": "One two three four five six.", "summary": "One two."}"#;
        assert_eq!(
            err(&format!("{ok}\n{{\"text\": \"One two three.\"}}")),
            "p.jsonl:2: missing field \"summary\""
        );
        assert_eq!(
            err(&format!(
                "{ok}\n\n{{\"text\": \"One two three.\", \"summary\": \"  \"}}"
            )),
            "p.jsonl:3: empty summary"
        );
        assert!(
            err(r#"{"text": "Short text.", "summary": "A summary that runs on longer than it."}"#)
                .starts_with(
                    "p.jsonl:1: the summary (8 words) is longer than the article (2 words)"
                )
        );
        assert!(err(r#"{"summary": "x"}"#).contains("missing field \"text\""));
        assert!(err("not json").starts_with("p.jsonl:1: not valid JSON"));
        assert!(err("").contains("no article–summary rows"));
    }

    #[test]
    fn empty_texts_and_word_counts_are_worded_plainly() {
        let err = |rows: &str| parse_pairs(rows, "p.jsonl").unwrap_err().to_string();
        assert_eq!(
            err(r#"{"text": " ", "summary": "Lock"}"#),
            "p.jsonl:1: empty text"
        );
        assert_eq!(
            err(r#"{"text": "Gates", "summary": "Lock gates"}"#),
            "p.jsonl:1: the summary (2 words) is longer than the article (1 word)"
        );
        // The shared row parser: a row that is not an object, a field given twice.
        assert!(
            err("[1, 2]")
                .ends_with("must be a JSON object with \"text\" and \"summary\", found an array")
        );
        assert!(
            err(r#"{"text": "Gates open now.", "summary": "Gates.", "summary": "x"}"#)
                .contains("duplicate field 'summary'")
        );
    }

    /// Writes `bytes` to a file and reads it with `read_pairs`: the pairs, or the error, and
    /// the warnings.
    fn read_file(bytes: &[u8], max_line: usize) -> (Result<SummarySource>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.jsonl");
        std::fs::write(&path, bytes).unwrap();
        let mut warnings = Vec::new();
        let read = read_pairs(&path, max_line, &mut |w| warnings.push(w));
        (read, warnings)
    }

    #[test]
    fn pairs_files_are_decoded_like_other_inputs() {
        let row = "{\"text\": \"Caf\u{e9} owners on the quay agreed.\", \"summary\": \"Caf\u{e9} owners agreed.\"}\n";
        let expect = "Caf\u{e9} owners on the quay agreed.";
        // A byte-order mark, UTF-16 and Windows-1252 (with the usual warning).
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(row.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(row.encode_utf16().flat_map(u16::to_le_bytes));
        let cp1252 = row.replace('\u{e9}', "\u{1}").into_bytes();
        let cp1252: Vec<u8> = cp1252
            .iter()
            .map(|&b| if b == 1 { 0xE9 } else { b })
            .collect();
        for (bytes, warned) in [(bom, false), (utf16, false), (cp1252, true)] {
            let (read, warnings) = read_file(&bytes, 1 << 20);
            assert_eq!(read.unwrap().pairs[0].text, expect);
            assert_eq!(warnings.len(), usize::from(warned), "{warnings:?}");
            if warned {
                assert!(
                    warnings[0].contains("p.jsonl: not valid UTF-8; read as Windows-1252"),
                    "{warnings:?}"
                );
            }
        }
    }

    #[test]
    fn a_line_longer_than_the_limit_is_refused_with_its_number() {
        let row = r#"{"text": "Gates open now on the canal.", "summary": "Gates open."}"#;
        let (read, _) = read_file(format!("{row}\n{row}{row}\n").as_bytes(), row.len() + 1);
        let e = read.unwrap_err().to_string();
        assert!(e.contains("p.jsonl:2: line longer than"), "{e}");
    }

    #[test]
    fn the_length_comes_from_verbatim_sentences_or_the_option() {
        let a = Article::parse(
            "First sentence of the story is here. Second one follows it now. Third.".into(),
        );
        assert_eq!(
            summary_sentences(&a, "Second one follows  it now.", Some(3)),
            (1, true)
        );
        assert_eq!(
            summary_sentences(&a, "Something else. Entirely.", Some(3)),
            (3, false)
        );
        assert_eq!(
            summary_sentences(&a, "Something else. Entirely new.", None),
            (2, false)
        );
    }

    /// The committed example style is what `train-summarizer` fits on the committed pairs
    /// (`newsdesk train-summarizer tests/examples/pairs.jsonl -n 2 -o tests/examples/house.style`),
    /// the same way the README's command refits the built-in style on the development data.
    #[test]
    fn a_committed_style_equals_a_refit() {
        let source = SummarySource {
            name: "pairs.jsonl".into(),
            pairs: parse_pairs(PAIRS, "pairs.jsonl").unwrap(),
        };
        let params = StyleParams {
            sentences: Some(2),
            ..Default::default()
        };
        let fitted = train_style(std::slice::from_ref(&source), &params).unwrap();
        let committed = SummaryStyle::from_bytes(
            include_bytes!("../../tests/examples/house.style"),
            "house.style",
        )
        .unwrap();
        assert_eq!(fitted, committed);
    }

    #[test]
    fn weights_predict_displacement_whichever_label_comes_first() {
        // One feature decides: a positive difference means the later sentence wins.
        let rows = |first: bool| -> Vec<(FeatureRow, bool)> {
            let mut r: Vec<(FeatureRow, bool)> = (0..40)
                .map(|t| {
                    let mut d = [0.0; N_FEATURES];
                    d[0] = if t % 2 == 0 { 1.0 } else { -1.0 } * (1.0 + t as f64 / 40.0);
                    d[1] = (t % 3) as f64 - 1.0;
                    (d, d[0] > 0.0)
                })
                .collect();
            if r[0].1 != first {
                r.swap(0, 1);
            }
            r
        };
        for first in [true, false] {
            let w = fit(&rows(first), 1.0).unwrap();
            assert!(w[0] > 0.5, "first label {first}: {w:?}");
        }
    }

    #[test]
    fn training_learns_which_sentences_a_style_wants() {
        // Summaries that always restate the article's last sentence: the learned style must
        // prefer late sentences where the built-in one keeps the lead.
        let mut pairs = parse_pairs(PAIRS, "pairs.jsonl").unwrap();
        for p in &mut pairs {
            let a = Article::parse(p.text.clone());
            let last = a.sentences.last().unwrap().span.slice(&a.text).to_string();
            p.summary = last;
        }
        let source = SummarySource {
            name: "late".into(),
            pairs: pairs.clone(),
        };
        let style = train_style(&[source], &StyleParams::default()).unwrap();
        let late = SummaryOptions {
            style,
            ..Default::default()
        };
        let e = evaluate_pairs(&pairs, &late, None);
        let builtin = evaluate_pairs(&pairs, &SummaryOptions::default(), None);
        assert!(
            e.style.rouge1 > builtin.style.rouge1 + 0.2,
            "{e:?} {builtin:?}"
        );
    }
}
