//! Output formatting: JSON shapes, tables and bars.

use super::args::OutputFormat;
use newsdesk::classify::Report;
use newsdesk::classify::{ArticleTopics, ParagraphTopics, TopicModel, Topics};
use newsdesk::io::RowId;
use newsdesk::summarize::SummarySentence;
use newsdesk::text::{Article, BlockKind};
use serde_json::{Map, Value, json};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Scores rounded to 4 decimals, keyed by label.
fn scores_map(t: &Topics) -> Value {
    let mut m = Map::new();
    for s in &t.scores {
        m.insert(s.label.clone(), json!(round4(s.score)));
    }
    Value::Object(m)
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Collapses white space so a text fits on one line.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `n` characters of `s` on one line, with `…` when cut.
pub fn preview(s: &str, n: usize) -> String {
    let flat = one_line(s);
    match flat.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

fn paragraph_json(article: &Article, p: &ParagraphTopics) -> Value {
    json!({
        "index": p.index,
        "start": p.span.start,
        "end": p.span.end,
        "label": p.topics.label,
        "scores": scores_map(&p.topics),
        "tags": p.topics.tags,
        "terms": p.topics.terms,
        "text": p.span.slice(&article.text),
    })
}

/// One `classify --jsonl` result row.
pub fn write_row_topics(
    buf: &mut Vec<u8>,
    format: OutputFormat,
    id: &RowId,
    t: &Topics,
    paragraphs: Option<(&Article, &[ParagraphTopics])>,
) {
    if format == OutputFormat::Tsv {
        let score = t
            .scores
            .iter()
            .find(|s| s.label == t.label)
            .map_or(0.0, |s| s.score);
        let id = one_line(&id.text());
        let _ = writeln!(buf, "{id}\t{}\t{:.4}\t{}", t.label, score, t.tags.join(","));
        return;
    }
    // Written straight from the results (no intermediate JSON tree): this runs once per row of
    // a stream. Keys in sorted order, as a JSON object from `json!` would have them.
    #[derive(serde::Serialize)]
    struct Row<'a> {
        id: &'a RowId,
        label: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        paragraphs: Option<Vec<Value>>,
        scores: Scores<'a>,
        tags: &'a [String],
    }
    struct Scores<'a>(&'a Topics);
    impl serde::Serialize for Scores<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut sorted: Vec<_> = self.0.scores.iter().collect();
            sorted.sort_by(|a, b| a.label.cmp(&b.label));
            let mut m = s.serialize_map(Some(sorted.len()))?;
            for score in sorted {
                m.serialize_entry(&score.label, &round4(score.score))?;
            }
            m.end()
        }
    }
    let row = Row {
        id,
        label: &t.label,
        paragraphs: paragraphs
            .map(|(article, ps)| ps.iter().map(|p| paragraph_json(article, p)).collect()),
        scores: Scores(t),
        tags: &t.tags,
    };
    let _ = serde_json::to_writer(&mut *buf, &row);
    buf.push(b'\n');
}

/// The JSON form of an article's topics.
pub fn article_topics_json(source: &str, article: &Article, r: &ArticleTopics) -> Value {
    json!({
        "source": source,
        "title": article.title(),
        "label": r.topics.label,
        "scores": scores_map(&r.topics),
        "tags": r.topics.tags,
        "terms": r.topics.terms,
        "paragraphs": r.paragraphs.iter().map(|p| paragraph_json(article, p)).collect::<Vec<_>>(),
    })
}

/// A readable table of an article's topics.
pub fn write_topics_text(
    out: &mut dyn Write,
    source: &str,
    article: &Article,
    r: &ArticleTopics,
    labels: &[String],
) -> std::io::Result<()> {
    let best = r
        .topics
        .scores
        .iter()
        .find(|s| s.label == r.topics.label)
        .map_or(0.0, |s| s.score);
    writeln!(
        out,
        "{source}: {} {:.2}  tags: {}",
        r.topics.label,
        best,
        if r.topics.tags.is_empty() {
            "-".to_string()
        } else {
            r.topics.tags.join(", ")
        }
    )?;
    if r.paragraphs.is_empty() {
        return Ok(());
    }
    let lw = labels.iter().map(|l| l.width()).max().unwrap_or(5).max(5);
    writeln!(
        out,
        "  {:>3}  {}  score  {:22}  paragraph",
        "#",
        pad("label", lw),
        "tags"
    )?;
    for p in &r.paragraphs {
        let score = p
            .topics
            .scores
            .iter()
            .find(|s| s.label == p.topics.label)
            .map_or(0.0, |s| s.score);
        let tags = if p.topics.tags.is_empty() {
            "-".to_string()
        } else {
            p.topics.tags.join(",")
        };
        writeln!(
            out,
            "  {:>3}  {}  {:.2}   {:22}  {}",
            p.index + 1,
            pad(&p.topics.label, lw),
            score,
            tags,
            preview(p.span.slice(&article.text), 60)
        )?;
    }
    Ok(())
}

/// TSV rows, one per paragraph (or one for the whole text with `--level article`).
pub fn write_topics_tsv(
    out: &mut dyn Write,
    source: &str,
    article: &Article,
    r: &ArticleTopics,
) -> std::io::Result<()> {
    let row =
        |out: &mut dyn Write, idx: String, start: usize, end: usize, t: &Topics, text: &str| {
            let score = t
                .scores
                .iter()
                .find(|s| s.label == t.label)
                .map_or(0.0, |s| s.score);
            writeln!(
                out,
                "{source}\t{idx}\t{start}\t{end}\t{}\t{score:.4}\t{}\t{}",
                t.label,
                t.tags.join(","),
                one_line(text)
            )
        };
    if r.paragraphs.is_empty() {
        return row(
            out,
            "-".into(),
            0,
            article.text.len(),
            &r.topics,
            &preview(&article.text, 200),
        );
    }
    for p in &r.paragraphs {
        row(
            out,
            (p.index + 1).to_string(),
            p.span.start,
            p.span.end,
            &p.topics,
            p.span.slice(&article.text),
        )?;
    }
    Ok(())
}

fn sentences_json(
    article: &Article,
    summary: &[SummarySentence],
    topics: Option<&ArticleTopics>,
) -> Vec<Value> {
    summary
        .iter()
        .map(|s| {
            let mut v = json!({
                "index": s.index,
                "paragraph": s.paragraph,
                "start": s.span.start,
                "end": s.span.end,
                "score": round4(s.score),
                "text": s.span.slice(&article.text),
            });
            if let Some(t) = topics.and_then(|t| t.paragraphs.get(s.paragraph)) {
                v["topic"] = json!(t.topics.label);
            }
            v
        })
        .collect()
}

fn summary_text(article: &Article, summary: &[SummarySentence]) -> String {
    summary
        .iter()
        .map(|s| one_line(s.span.slice(&article.text)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One `summarize --jsonl` result row.
pub fn write_summary_row(
    buf: &mut Vec<u8>,
    id: &RowId,
    article: &Article,
    summary: &[SummarySentence],
) {
    // A struct, not `json!`: the id is written as given, not through a JSON number.
    #[derive(serde::Serialize)]
    struct Row<'a> {
        id: &'a RowId,
        sentences: Vec<Value>,
        summary: String,
    }
    let row = Row {
        id,
        sentences: sentences_json(article, summary, None),
        summary: summary_text(article, summary),
    };
    let _ = serde_json::to_writer(&mut *buf, &row);
    buf.push(b'\n');
}

/// The JSON form of a summary.
pub fn summary_json(
    source: &str,
    article: &Article,
    summary: &[SummarySentence],
    topics: Option<&ArticleTopics>,
) -> Value {
    json!({
        "source": source,
        "title": article.title(),
        "summary": summary_text(article, summary),
        "sentences": sentences_json(article, summary, topics),
    })
}

fn kind_name(k: BlockKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// The JSON form of `analyze`.
pub fn analysis_json(
    source: &str,
    article: &Article,
    topics: &ArticleTopics,
    summary: &[SummarySentence],
) -> Value {
    let mut doc = article_topics_json(source, article, topics);
    doc["summary"] = Value::Array(sentences_json(article, summary, Some(topics)));
    doc["blocks"] = Value::Array(
        article
            .document
            .blocks
            .iter()
            .map(|b| {
                json!({
                    "kind": kind_name(b.kind),
                    "start": b.span.start,
                    "end": b.span.end,
                    "text": b.span.slice(&article.text),
                })
            })
            .collect(),
    );
    doc
}

/// A bar of `width` cells for a value in [0, 1], with eighth-cell resolution.
pub fn bar(value: f64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = (value.clamp(0.0, 1.0) * (width * 8) as f64).round() as usize;
    let mut s: String = "█".repeat(eighths / 8);
    if eighths / 8 < width {
        s.push(PARTS[eighths % 8]);
        s.push_str(&" ".repeat(width - eighths / 8 - 1));
    }
    s
}

/// The `analyze` report for a terminal.
pub fn write_analysis_text(
    out: &mut dyn Write,
    article: &Article,
    topics: &ArticleTopics,
    summary: &[SummarySentence],
    labels: &[String],
    color: bool,
) -> std::io::Result<()> {
    let (b, r) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    writeln!(
        out,
        "{b}{}{r}",
        article
            .title()
            .map(one_line)
            .unwrap_or_else(|| "(untitled)".into())
    )?;
    for blk in article
        .document
        .blocks
        .iter()
        .filter(|x| x.kind == BlockKind::Metadata)
    {
        writeln!(out, "{}", one_line(blk.span.slice(&article.text)))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{b}Topics{r}  (article: {}{})",
        topics.topics.label,
        if topics.topics.tags.is_empty() {
            ", no confident topic".to_string()
        } else {
            format!("; tags: {}", topics.topics.tags.join(", "))
        }
    )?;
    let lw = labels.iter().map(|l| l.width()).max().unwrap_or(5);
    for s in &topics.topics.scores {
        writeln!(
            out,
            "  {}  {}  {:.2}",
            pad(&s.label, lw),
            bar(s.score, 20),
            s.score
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{b}Paragraphs{r}")?;
    write!(out, "  {:>3} ", "#")?;
    for l in labels {
        write!(out, " {}", pad(&cut_to_width(l, 6), 6))?;
    }
    writeln!(out, "  tag")?;
    for p in &topics.paragraphs {
        write!(out, "  {:>3} ", p.index + 1)?;
        for s in &p.topics.scores {
            write!(out, " {}", bar(s.score, 6))?;
        }
        let tag = p.topics.tags.first().cloned().unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "  {}  {}",
            pad(&tag, lw),
            preview(p.span.slice(&article.text), 50)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{b}Summary{r}")?;
    for s in summary {
        writeln!(out, "  • {}", one_line(s.span.slice(&article.text)))?;
    }
    Ok(())
}

/// The JSON form of `inspect`.
pub fn inspect_json(model: &TopicModel, top: &[Vec<(String, f64)>]) -> Value {
    json!({
        "format_version": model.format_version(),
        "crate_version": model.meta().crate_version,
        "labels": model.labels().iter().enumerate().map(|(i, l)| json!({
            "label": l,
            "count": model.meta().labels.get(i).map(|c| c.count),
            "prior": round4(model.log_priors()[i].exp()),
            "top_terms": top[i].iter().map(|(t, _)| t).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "vocabulary_size": model.vectorizer().len(),
        "unit": model.meta().unit,
        "alpha": model.meta().alpha,
        "weighting": model.weighting().name(),
        "catch_all": model.catch_all(),
        "temperature": model.temperature(),
        "evidence_exponent": model.evidence_exponent(),
        "calibration": model.meta().calibration,
        "analyzer": model.vectorizer().analyzer(),
        "tfidf": model.vectorizer().options(),
    })
}

/// The `inspect` report for a terminal.
pub fn write_inspect_text(
    out: &mut dyn Write,
    model: &TopicModel,
    top: &[Vec<(String, f64)>],
) -> std::io::Result<()> {
    let v = model.vectorizer();
    writeln!(
        out,
        "model format {} (newsdesk {})",
        model.format_version(),
        model.meta().crate_version
    )?;
    writeln!(
        out,
        "vocabulary {} terms; unit {}; alpha {}; language {}; bigrams {}; min_df {}; max_df {}",
        v.len(),
        model.meta().unit,
        model.meta().alpha,
        v.analyzer().language,
        v.options().bigrams,
        v.options().min_df,
        v.options().max_df
    )?;
    writeln!(
        out,
        "weighting {}; catch-all label {}; evidence exponent {}",
        model.weighting().name(),
        model
            .catch_all()
            .unwrap_or("(none: the label with most units)"),
        model.evidence_exponent()
    )?;
    match &model.meta().calibration {
        Some(c) => writeln!(
            out,
            "temperature {:.4} (held-out calibration error {:.4} → {:.4} over {} folds)",
            model.temperature(),
            c.ece_before,
            c.ece_after,
            c.folds
        )?,
        None => writeln!(
            out,
            "temperature {:.4} (not calibrated)",
            model.temperature()
        )?,
    }
    writeln!(out)?;
    for (i, l) in model.labels().iter().enumerate() {
        let count = model.meta().labels.get(i).map_or(0, |c| c.count);
        writeln!(
            out,
            "{l}  (units {count}, prior {:.3})",
            model.log_priors()[i].exp()
        )?;
        let terms: Vec<&str> = top[i].iter().map(|(t, _)| t.as_str()).collect();
        writeln!(out, "  {}", terms.join(", "))?;
    }
    Ok(())
}

/// `s` followed by spaces up to `width` terminal columns (wide characters take two).
pub fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// Spaces up to `width` terminal columns, then `s`.
fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}

/// The longest start of `s` that fits in `width` terminal columns.
fn cut_to_width(s: &str, width: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if out.width() > width {
            out.pop();
            break;
        }
    }
    out
}

/// A misclassified unit, for `eval --errors`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Misclassified {
    /// `INPUT#K` (the K-th labelled unit of that input), `.P` for its P-th paragraph.
    pub id: String,
    /// The gold label.
    pub gold: String,
    /// The model's label.
    pub predicted: String,
    /// The model's score for its label.
    pub score: f64,
    /// The start of the text.
    pub text: String,
}

/// Above this many labels, the confusion matrix is shown as a list of the top confusions.
pub const MATRIX_MAX_LABELS: usize = 20;

/// The evaluation report for people: figures, per-label table, confusion matrix (or the top
/// confusions with many labels), and the misclassified units when asked for.
pub fn write_report_text(
    out: &mut dyn Write,
    r: &Report,
    errors: Option<&[&Misclassified]>,
) -> std::io::Result<()> {
    writeln!(
        out,
        "units {}  accuracy {:.4}  macro-F1 {:.4}  calibration error {:.4}\n",
        r.n, r.accuracy, r.macro_f1, r.calibration_error
    )?;
    let names: Vec<&str> = r.labels.iter().map(|l| l.label.as_str()).collect();
    let w = names.iter().map(|l| l.width()).max().unwrap_or(5).max(5);
    writeln!(
        out,
        "{}  precision  recall  f1      support",
        pad("label", w)
    )?;
    for l in &r.labels {
        writeln!(
            out,
            "{}  {:.4}     {:.4}  {:.4}  {}",
            pad(&l.label, w),
            l.precision,
            l.recall,
            l.f1,
            l.support
        )?;
    }
    writeln!(out)?;
    if names.len() <= MATRIX_MAX_LABELS {
        write_confusion_matrix(out, &names, &r.confusion)?;
    } else {
        write_top_confusions(out, &names, &r.confusion, MATRIX_MAX_LABELS)?;
    }
    write_by_length(out, r)?;
    if let Some(errors) = errors {
        write_errors(out, errors)?;
    }
    Ok(())
}

/// Accuracy and calibration error per length bucket.
fn write_by_length(out: &mut dyn Write, r: &Report) -> std::io::Result<()> {
    writeln!(out, "\nby length     units  accuracy  calibration error")?;
    for b in &r.by_length {
        writeln!(
            out,
            "{}  {:>5}  {:.4}    {:.4}",
            pad(&format!("{} words", b.words), 12),
            b.n,
            b.accuracy,
            b.calibration_error
        )?;
    }
    Ok(())
}

/// The confusion matrix with full label names; each column as wide as its name or count.
fn write_confusion_matrix(
    out: &mut dyn Write,
    names: &[&str],
    confusion: &[Vec<usize>],
) -> std::io::Result<()> {
    writeln!(out, "confusion (rows: gold, columns: predicted)")?;
    let w = names.iter().map(|l| l.width()).max().unwrap_or(0);
    let cols: Vec<usize> = (0..names.len())
        .map(|c| {
            let most = confusion.iter().map(|row| row[c]).max().unwrap_or(0);
            names[c].width().max(most.to_string().len())
        })
        .collect();
    write!(out, "{}", pad("", w))?;
    for (name, cw) in names.iter().zip(&cols) {
        write!(out, "  {}", pad_left(name, *cw))?;
    }
    writeln!(out)?;
    for (name, row) in names.iter().zip(confusion) {
        write!(out, "{}", pad(name, w))?;
        for (n, cw) in row.iter().zip(&cols) {
            write!(out, "  {}", pad_left(&n.to_string(), *cw))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The `top` most frequent confusions, gold → predicted, most first.
fn write_top_confusions(
    out: &mut dyn Write,
    names: &[&str],
    confusion: &[Vec<usize>],
    top: usize,
) -> std::io::Result<()> {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (g, row) in confusion.iter().enumerate() {
        for (p, &n) in row.iter().enumerate() {
            if g != p && n > 0 {
                pairs.push((n, g, p));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let total = pairs.len();
    pairs.truncate(top);
    if total == 0 {
        return writeln!(out, "no confusions ({} labels)", names.len());
    }
    writeln!(
        out,
        "top confusions ({} labels; {} of {total} gold → predicted pairs)",
        names.len(),
        pairs.len()
    )?;
    let gw = pairs.iter().map(|p| names[p.1].width()).max().unwrap_or(0);
    for (n, g, p) in pairs {
        writeln!(out, "{:>7}  {} → {}", n, pad(names[g], gw), names[p])?;
    }
    Ok(())
}

/// The misclassified units: id, gold, predicted, score and the start of the text.
fn write_errors(out: &mut dyn Write, errors: &[&Misclassified]) -> std::io::Result<()> {
    writeln!(out, "\nmisclassified (most confident first)")?;
    if errors.is_empty() {
        return writeln!(out, "  none");
    }
    let col = |f: &dyn Fn(&Misclassified) -> &str, head: &str| {
        errors
            .iter()
            .map(|e| f(e).width())
            .max()
            .unwrap_or(0)
            .max(head.width())
    };
    let iw = col(&|e| &e.id, "id");
    let gw = col(&|e| &e.gold, "gold");
    let pw = col(&|e| &e.predicted, "predicted");
    writeln!(
        out,
        "{}  {}  {}  score   text",
        pad("id", iw),
        pad("gold", gw),
        pad("predicted", pw)
    )?;
    for e in errors {
        writeln!(
            out,
            "{}  {}  {}  {:.4}  {}",
            pad(&e.id, iw),
            pad(&e.gold, gw),
            pad(&e.predicted, pw),
            e.score,
            e.text
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_with_value() {
        assert_eq!(bar(0.0, 4).chars().count(), 4);
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.5, 4), "██  ");
        assert_eq!(bar(0.0625, 2), "▏ ");
    }
}
