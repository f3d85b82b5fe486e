//! The command-line layer: parses arguments, reads input, formats output. The library does the work.

mod args;
mod output;

use anyhow::{Context, Result, bail};
use args::*;
use clap::{CommandFactory, Parser};
use newsdesk::batch;
use newsdesk::classify::{self, Columns, Example, TopicModel, TrainParams, Unit};
use newsdesk::error::Error as LibError;
use newsdesk::features::TfidfOptions;
use newsdesk::io::AtomicFile;
use newsdesk::summarize::{Length, Summarizer, SummaryOptions};
use newsdesk::text::{AnalyzerOptions, Article, Language, StopWordList, decode};
use output::*;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            if is_broken_pipe(&e) {
                return 0; // `newsdesk … | head` ends quietly
            }
            let usage = e.chain().any(|c| {
                matches!(
                    c.downcast_ref::<LibError>(),
                    Some(LibError::InvalidOption(_))
                )
            }) || e.downcast_ref::<UsageError>().is_some();
            eprintln!("newsdesk: error: {e:#}");
            if usage { 2 } else { 1 }
        }
    }
}

/// A usage error found after parsing (exit code 2).
#[derive(Debug)]
struct UsageError(String);
impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for UsageError {}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || matches!(c.downcast_ref::<LibError>(), Some(LibError::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Analyze(a) => analyze(a),
        Command::Classify(a) => classify_cmd(a),
        Command::Summarize(a) => summarize_cmd(a),
        Command::Train(a) => train(a),
        Command::Eval(a) => eval(a),
        Command::Cv(a) => cv(a),
        Command::Inspect(a) => inspect(a),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "newsdesk",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- inputs and outputs

/// Where text comes from.
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "-".into(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// Reads and decodes the whole input, warning about encoding fallbacks.
    fn read_text(&self, quiet: bool) -> Result<String> {
        let bytes = match self {
            Input::Stdin => {
                let mut b = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut b)
                    .context("cannot read standard input")?;
                b
            }
            Input::File(p) => {
                if p.is_dir() {
                    bail!("{}: is a directory, expected a file", p.display());
                }
                std::fs::read(p).map_err(|e| LibError::io(p, "cannot read", e))?
            }
        };
        let d = decode::decode_owned(bytes);
        if let (Some(w), false) = (d.warning(&self.name()), quiet) {
            eprintln!("newsdesk: {w}");
        }
        Ok(d.text)
    }

    fn reader(&self) -> Result<Box<dyn BufRead + Send>> {
        Ok(match self {
            Input::Stdin => Box::new(BufReader::with_capacity(1 << 16, std::io::stdin())),
            Input::File(p) => {
                if p.is_dir() {
                    bail!("{}: is a directory, expected a file", p.display());
                }
                Box::new(BufReader::with_capacity(
                    1 << 16,
                    std::fs::File::open(p).map_err(|e| LibError::io(p, "cannot read", e))?,
                ))
            }
        })
    }
}

/// Expands the command line's inputs: `-`/nothing is standard input, folders are searched.
fn collect_inputs(paths: &[PathBuf], glob: Option<&str>, default_glob: &str) -> Result<Vec<Input>> {
    if paths.is_empty() {
        return Ok(vec![Input::Stdin]);
    }
    let pattern = glob.unwrap_or(default_glob);
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            walk(p, pattern, &mut files).map_err(|e| LibError::io(p, "cannot read folder", e))?;
            files.sort();
            if files.is_empty() {
                bail!(
                    "{}: no files matching '{pattern}' in this folder (choose others with --glob)",
                    p.display()
                );
            }
            out.extend(files.into_iter().map(Input::File));
        } else if !p.exists() {
            bail!("{}: no such file", p.display());
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, pattern: &str, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, pattern, out)?;
        } else if path
            .file_name()
            .is_some_and(|n| glob_match(pattern, &n.to_string_lossy()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Matches `*` (any run) and `?` (one character).
fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// The inputs (text files, or `.jsonl` files with `--jsonl`) and the output of a command.
fn open_io(io: &IoArgs, jsonl: bool) -> Result<(Vec<Input>, Output)> {
    let default_glob = if jsonl { "*.jsonl" } else { "*.txt" };
    let inputs = collect_inputs(&io.inputs, io.glob.as_deref(), default_glob)?;
    Ok((inputs, Output::open(io.output.as_deref())?))
}

/// Standard output or an atomically written file.
enum Output {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(AtomicFile),
}

impl Output {
    fn open(path: Option<&Path>) -> Result<Output> {
        Ok(match path {
            None => Output::Stdout(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout(),
            )),
            Some(p) => Output::File(AtomicFile::create(p)?),
        })
    }

    fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush().context("cannot write to standard output")?,
            Output::File(f) => f.commit()?,
        }
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(f) => f.flush(),
        }
    }
}

fn load_model(arg: &ModelArg) -> Result<TopicModel> {
    Ok(match &arg.model {
        Some(p) => TopicModel::load(p)?,
        None => classify::builtin_model()?,
    })
}

/// A row counter on standard error, shown only when it is a terminal and not `--quiet`.
struct Progress {
    enabled: bool,
    last: std::time::Instant,
    shown: bool,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            last: std::time::Instant::now(),
            shown: false,
        }
    }

    fn update(&mut self, rows: usize) {
        if self.enabled && self.last.elapsed().as_millis() >= 200 {
            eprint!("\rnewsdesk: {rows} rows");
            self.last = std::time::Instant::now();
            self.shown = true;
        }
    }

    fn finish(&self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}

fn threads(n: Option<u16>) -> usize {
    n.map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A JSONL input row: "text" (required string) and "id" (optional, any JSON value).
fn parse_row(line: &batch::Line, source: &str) -> Result<(serde_json::Value, String), LibError> {
    /// Only the two fields newsdesk reads; others are skipped without being stored.
    #[derive(serde::Deserialize)]
    struct Row {
        text: Option<serde_json::Value>,
        id: Option<serde_json::Value>,
    }
    let bad = |m: String| LibError::input(source, line.number, m);
    let row: Row = serde_json::from_str(line.text).map_err(|e| {
        if line.text.trim_start().starts_with('{') {
            bad(format!("not valid JSON: {e}"))
        } else {
            bad(format!(
                "not valid JSON: expected an object with a \"text\" field ({e})"
            ))
        }
    })?;
    let text = match row.text {
        Some(serde_json::Value::String(s)) => s,
        Some(other) => {
            return Err(bad(format!(
                "field \"text\" must be a string, found {}",
                classify::data::json_type(&other)
            )));
        }
        None => return Err(bad("missing field \"text\"".into())),
    };
    let id = row.id.unwrap_or(serde_json::Value::from(line.number));
    Ok((id, decode::normalise_string(text).text))
}

/// Streams JSONL rows of every input through `work` on the worker threads, in order, to `out`.
fn stream_jsonl<S>(
    inputs: &[Input],
    out: &mut Output,
    io: &IoArgs,
    make_state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &batch::Line, &str, &mut Vec<u8>) -> Result<(), LibError> + Sync,
) -> Result<()> {
    let mut progress = Progress::new(io.quiet);
    for input in inputs {
        let source = input.name();
        let mut reader = input.reader()?;
        batch::run_with_progress(
            &mut *reader,
            &source,
            out,
            threads(io.threads),
            &make_state,
            |state, line, buf| work(state, line, &source, buf),
            &mut |rows| progress.update(rows),
        )?;
    }
    progress.finish();
    Ok(())
}

// ---------------------------------------------------------------- classify

fn classify_cmd(a: ClassifyArgs) -> Result<()> {
    let model = load_model(&a.model)?;
    let format = a.format.unwrap_or(if a.jsonl {
        OutputFormat::Jsonl
    } else {
        OutputFormat::Text
    });
    let (inputs, mut out) = open_io(&a.io, a.jsonl)?;
    if a.jsonl {
        if matches!(format, OutputFormat::Text | OutputFormat::Json) {
            return Err(UsageError("with --jsonl, --format must be jsonl or tsv".into()).into());
        }
        if format == OutputFormat::Tsv {
            writeln!(out, "id\tlabel\tscore\ttags")?;
        }
        stream_jsonl(
            &inputs,
            &mut out,
            &a.io,
            || {
                model
                    .classifier()
                    .with_terms(if a.paragraphs { 5 } else { 0 })
            },
            |classifier, line, source, buf| {
                let (id, text) = parse_row(line, source)?;
                if a.paragraphs {
                    let article = Article::parse(text);
                    let topics = classifier.classify_article(&article, a.min_score);
                    write_row_topics(
                        buf,
                        format,
                        &id,
                        &topics.topics,
                        Some((&article, &topics.paragraphs)),
                    );
                } else {
                    let topics = classifier.classify_text(&text, a.min_score);
                    write_row_topics(buf, format, &id, &topics, None);
                }
                Ok(())
            },
        )?;
        return out.finish();
    }
    let mut classifier = model.classifier();
    let mut docs = Vec::new();
    if format == OutputFormat::Tsv {
        writeln!(
            out,
            "source\tparagraph\tstart\tend\tlabel\tscore\ttags\ttext"
        )?;
    }
    for input in &inputs {
        let text = input.read_text(a.io.quiet)?;
        let article = Article::parse(text);
        let result = match a.level {
            Level::Paragraph => classifier.classify_article(&article, a.min_score),
            Level::Article => classify::ArticleTopics {
                topics: classifier.classify_text(&article.text, a.min_score),
                paragraphs: Vec::new(),
            },
        };
        let source = input.name();
        match format {
            OutputFormat::Text => {
                write_topics_text(&mut out, &source, &article, &result, &model.labels)?
            }
            OutputFormat::Tsv => write_topics_tsv(&mut out, &source, &article, &result)?,
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut out, &article_topics_json(&source, &article, &result))?;
                out.write_all(b"\n")?;
            }
            OutputFormat::Json => docs.push(article_topics_json(&source, &article, &result)),
        }
    }
    if format == OutputFormat::Json {
        write_json_docs(&mut out, docs)?;
    }
    out.finish()
}

fn write_json_docs(out: &mut Output, mut docs: Vec<serde_json::Value>) -> Result<()> {
    let doc = if docs.len() == 1 {
        docs.remove(0)
    } else {
        serde_json::Value::Array(docs)
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")?;
    Ok(())
}

// ---------------------------------------------------------------- summarize

fn summary_length(l: &LengthArgs, default: Length) -> Length {
    match (l.sentences, l.ratio, l.words) {
        (Some(n), _, _) => Length::Sentences(n as usize),
        (_, Some(r), _) => Length::Ratio(r),
        (_, _, Some(w)) => Length::Words(w as usize),
        _ => default,
    }
}

/// Per-paragraph weights for `--topic`: each paragraph's probability of that label.
fn topic_focus(
    classifier: &mut classify::Classifier<'_>,
    article: &Article,
    label: &str,
) -> Vec<f64> {
    let li = classifier
        .model()
        .labels
        .iter()
        .position(|l| l == label)
        .unwrap_or(0);
    article
        .paragraphs
        .iter()
        .map(|p| classifier.score(p.slice(&article.text)).probabilities[li])
        .collect()
}

fn summarize_cmd(a: SummarizeArgs) -> Result<()> {
    let options = SummaryOptions {
        length: summary_length(&a.length, Length::Sentences(3)),
        order: a.order,
        ..Default::default()
    };
    options.check().map_err(UsageError)?;
    let format = a.format.unwrap_or(if a.jsonl {
        OutputFormat::Jsonl
    } else {
        OutputFormat::Text
    });
    let needs_model = a.topic.is_some() || (!a.jsonl && format == OutputFormat::Json);
    let model = if needs_model {
        Some(load_model(&a.model)?)
    } else {
        None
    };
    if let (Some(t), Some(m)) = (&a.topic, &model)
        && !m.labels.contains(t)
    {
        return Err(UsageError(format!(
            "--topic '{t}' is not a label of the model; its labels are: {}",
            m.labels.join(", ")
        ))
        .into());
    }
    let (inputs, mut out) = open_io(&a.io, a.jsonl)?;
    if a.jsonl {
        if !matches!(format, OutputFormat::Jsonl) {
            return Err(UsageError("with --jsonl, --format must be jsonl".into()).into());
        }
        stream_jsonl(
            &inputs,
            &mut out,
            &a.io,
            || {
                (
                    Summarizer::new(options.clone()),
                    model.as_ref().map(|m| m.classifier()),
                )
            },
            |(summarizer, classifier), line, source, buf| {
                let (id, text) = parse_row(line, source)?;
                let article = Article::parse(text);
                let focus = match (classifier.as_mut(), &a.topic) {
                    (Some(c), Some(t)) => Some(topic_focus(c, &article, t)),
                    _ => None,
                };
                let summary = summarizer.summarize(&article, focus.as_deref());
                write_summary_row(buf, &id, &article, &summary);
                Ok(())
            },
        )?;
        return out.finish();
    }
    let mut summarizer = Summarizer::new(options);
    let mut classifier = model.as_ref().map(|m| m.classifier());
    let mut docs = Vec::new();
    let many = inputs.len() > 1;
    for (i, input) in inputs.iter().enumerate() {
        let article = Article::parse(input.read_text(a.io.quiet)?);
        let focus = match (classifier.as_mut(), &a.topic) {
            (Some(c), Some(t)) => Some(topic_focus(c, &article, t)),
            _ => None,
        };
        let summary = summarizer.summarize(&article, focus.as_deref());
        match format {
            OutputFormat::Text | OutputFormat::Tsv => {
                if many {
                    writeln!(
                        out,
                        "{}==> {} <==",
                        if i > 0 { "\n" } else { "" },
                        input.name()
                    )?;
                }
                for s in &summary {
                    let text = s.span.slice(&article.text);
                    if format == OutputFormat::Tsv {
                        writeln!(
                            out,
                            "{}\t{}\t{}\t{}",
                            input.name(),
                            s.index,
                            s.paragraph,
                            one_line(text)
                        )?;
                    } else {
                        writeln!(out, "{}", one_line(text))?;
                    }
                }
            }
            OutputFormat::Json | OutputFormat::Jsonl => {
                let topics = classifier
                    .as_mut()
                    .map(|c| c.classify_article(&article, 0.5));
                let doc = summary_json(&input.name(), &article, &summary, topics.as_ref());
                if format == OutputFormat::Jsonl {
                    serde_json::to_writer(&mut out, &doc)?;
                    out.write_all(b"\n")?;
                } else {
                    docs.push(doc);
                }
            }
        }
    }
    if format == OutputFormat::Json {
        write_json_docs(&mut out, docs)?;
    }
    out.finish()
}

// ---------------------------------------------------------------- analyze

fn analyze(a: AnalyzeArgs) -> Result<()> {
    let model = load_model(&a.model)?;
    let options = SummaryOptions {
        length: summary_length(&a.length, Length::Sentences(3)),
        ..Default::default()
    };
    options.check().map_err(UsageError)?;
    let (inputs, mut out) = open_io(&a.io, a.jsonl)?;
    if a.jsonl {
        stream_jsonl(
            &inputs,
            &mut out,
            &a.io,
            || (model.classifier(), Summarizer::new(options.clone())),
            |(classifier, summarizer), line, source, buf| {
                let (id, text) = parse_row(line, source)?;
                let article = Article::parse(text);
                let topics = classifier.classify_article(&article, a.min_score);
                let summary = summarizer.summarize(&article, None);
                let mut doc = analysis_json(source, &article, &topics, &summary);
                doc["id"] = id;
                let _ = serde_json::to_writer(&mut *buf, &doc);
                buf.push(b'\n');
                Ok(())
            },
        )?;
        return out.finish();
    }
    let mut classifier = model.classifier();
    let mut summarizer = Summarizer::new(options);
    let color = a.io.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let mut docs = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let article = Article::parse(input.read_text(a.io.quiet)?);
        let topics = classifier.classify_article(&article, a.min_score);
        let summary = summarizer.summarize(&article, None);
        match a.format {
            AnalyzeFormat::Json => {
                docs.push(analysis_json(&input.name(), &article, &topics, &summary))
            }
            AnalyzeFormat::Text => {
                if inputs.len() > 1 {
                    writeln!(
                        out,
                        "{}==> {} <==",
                        if i > 0 { "\n" } else { "" },
                        input.name()
                    )?;
                }
                write_analysis_text(&mut out, &article, &topics, &summary, &model.labels, color)?;
            }
        }
    }
    if a.format == AnalyzeFormat::Json {
        write_json_docs(&mut out, docs)?;
    }
    out.finish()
}

// ---------------------------------------------------------------- train, eval, cv, inspect

fn train_params(o: &TrainOptionArgs) -> Result<TrainParams> {
    let language: Language = o.language.parse().map_err(UsageError)?;
    let stop_words = match o.stop_words.as_str() {
        "english" => StopWordList::English,
        "none" => StopWordList::None,
        path => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| LibError::io(path, "cannot read stop-word list", e))?;
            StopWordList::Custom(newsdesk::text::stop_words::StopWords::parse(&text).sorted())
        }
    };
    Ok(TrainParams {
        alpha: o.alpha,
        analyzer: AnalyzerOptions {
            language,
            stop_words,
            keep_numbers: !o.drop_numbers,
            ..AnalyzerOptions::default()
        },
        tfidf: TfidfOptions {
            min_df: o.min_df.unwrap_or(0),
            max_df: o.max_df,
            max_features: o.max_features,
            bigrams: !o.no_bigrams,
            use_idf: !o.no_idf,
            sublinear_tf: !o.raw_tf,
            title_boost: o.title_boost,
        },
        unit: o.unit,
        calibration_folds: o.calibration_folds,
        chunk_rows: 0,
    })
}

fn read_training(o: &TrainOptionArgs, format: classify::DataFormat) -> Result<Vec<Example>> {
    let columns = Columns {
        text: o.text_column.clone(),
        label: o.label_column.clone(),
    };
    let quiet = o.quiet;
    let examples = classify::read_examples(&o.inputs, format, &columns, &mut |w| {
        if !quiet {
            eprintln!("newsdesk: {w}");
        }
    })?;
    if !quiet {
        let mut seen = rustc_hash::FxHashSet::default();
        let dups = examples
            .iter()
            .filter(|e| !seen.insert((&e.text, &e.label)))
            .count();
        if dups > 0 {
            eprintln!("newsdesk: warning: {dups} duplicate row(s) in the training data (kept)");
        }
    }
    Ok(examples)
}

fn warn_fn(quiet: bool) -> impl FnMut(String) {
    move |w| {
        if !quiet {
            eprintln!("newsdesk: {w}");
        }
    }
}

fn train(a: TrainArgs) -> Result<()> {
    let params = train_params(&a.options)?.check()?;
    let examples = read_training(&a.options, a.options.format)?;
    let progress = !a.options.quiet && std::io::stderr().is_terminal();
    if progress {
        eprint!("newsdesk: training on {} example(s)…", examples.len());
    }
    let model = params.fit(&examples, &mut warn_fn(a.options.quiet))?;
    if progress {
        eprintln!(" done");
    }
    model.save(&a.output)?;
    if !a.options.quiet {
        let labels: Vec<String> = model
            .meta
            .labels
            .iter()
            .map(|l| format!("{} {}", l.label, l.count))
            .collect();
        eprintln!(
            "newsdesk: wrote {} ({} labels: {}; {} features)",
            a.output.display(),
            model.labels.len(),
            labels.join(", "),
            model.vectorizer.len()
        );
    }
    Ok(())
}

/// Evaluation units of labelled examples: whole texts, or paragraphs.
fn eval_units(examples: &[Example], unit: Unit) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in examples {
        match unit {
            Unit::Document => out.push((e.text.clone(), e.label.clone())),
            Unit::Paragraph => {
                for p in newsdesk::text::Document::parse(&e.text).paragraphs() {
                    out.push((p.slice(&e.text).to_string(), e.label.clone()));
                }
            }
        }
    }
    out
}

fn evaluate(
    model: &TopicModel,
    units: &[(String, String)],
    labels: &[String],
    gold: &mut Vec<usize>,
    pred: &mut Vec<usize>,
    conf: &mut Vec<f64>,
) {
    let mut c = model.classifier();
    for (text, label) in units {
        let s = c.score(text);
        let best = s.best();
        let name = &model.labels[best];
        gold.push(labels.iter().position(|l| l == label).unwrap_or(0));
        pred.push(labels.iter().position(|l| l == name).unwrap_or(0));
        conf.push(s.probabilities[best]);
    }
}

fn all_labels(model_labels: &[String], units: &[(String, String)]) -> Vec<String> {
    let mut labels: Vec<String> = model_labels.to_vec();
    for (_, l) in units {
        if !labels.contains(l) {
            labels.push(l.clone());
        }
    }
    labels
}

fn eval(a: EvalArgs) -> Result<()> {
    let model = load_model(&a.model)?;
    let examples = classify::read_examples(
        &a.inputs,
        a.data_format,
        &Columns::default(),
        &mut warn_fn(false),
    )?;
    let units = eval_units(&examples, a.unit);
    if units.is_empty() {
        bail!("no labelled text to evaluate");
    }
    let labels = all_labels(&model.labels, &units);
    let (mut gold, mut pred, mut conf) = (Vec::new(), Vec::new(), Vec::new());
    evaluate(&model, &units, &labels, &mut gold, &mut pred, &mut conf);
    print_report(
        &classify::metrics::report(&labels, &gold, &pred, &conf),
        a.format,
    )
}

fn print_report(r: &classify::metrics::Report, format: AnalyzeFormat) -> Result<()> {
    let mut out = Output::open(None)?;
    match format {
        AnalyzeFormat::Text => out.write_all(r.to_text().as_bytes())?,
        AnalyzeFormat::Json => {
            serde_json::to_writer_pretty(&mut out, r)?;
            out.write_all(b"\n")?;
        }
    }
    out.finish()
}

fn cv(a: CvArgs) -> Result<()> {
    let params = train_params(&a.options)?.check()?;
    let examples = read_training(&a.options, a.options.format)?;
    let mut labels: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
    labels.sort();
    labels.dedup();
    let y: Vec<usize> = examples
        .iter()
        .map(|e| labels.binary_search(&e.label).unwrap_or(0))
        .collect();
    let k = a.folds as usize;
    let folds = classify::train::stratified_folds(&y, labels.len(), k);
    let (mut gold, mut pred, mut conf) = (Vec::new(), Vec::new(), Vec::new());
    for fold in 0..k {
        let train: Vec<Example> = examples
            .iter()
            .zip(&folds)
            .filter(|(_, f)| **f != fold)
            .map(|(e, _)| e.clone())
            .collect();
        let test: Vec<Example> = examples
            .iter()
            .zip(&folds)
            .filter(|(_, f)| **f == fold)
            .map(|(e, _)| e.clone())
            .collect();
        if test.is_empty() {
            continue;
        }
        let model = params
            .fit(&train, &mut warn_fn(true))
            .with_context(|| format!("fold {}", fold + 1))?;
        let units = eval_units(&test, a.options.unit);
        evaluate(&model, &units, &labels, &mut gold, &mut pred, &mut conf);
    }
    print_report(
        &classify::metrics::report(&labels, &gold, &pred, &conf),
        a.report_format,
    )
}

fn inspect(a: InspectArgs) -> Result<()> {
    let model = load_model(&a.model)?;
    let mut out = Output::open(None)?;
    let top = model.top_terms(a.top);
    match a.format {
        AnalyzeFormat::Json => {
            let doc = inspect_json(&model, &top);
            serde_json::to_writer_pretty(&mut out, &doc)?;
            out.write_all(b"\n")?;
        }
        AnalyzeFormat::Text => write_inspect_text(&mut out, &model, &top)?,
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn glob_patterns() {
        assert!(glob_match("*.txt", "a.txt"));
        assert!(!glob_match("*.txt", "a.txt.bak"));
        assert!(glob_match("art-??.jsonl", "art-01.jsonl"));
        assert!(glob_match("*", "anything"));
        assert!(!glob_match("a*b", "acc"));
    }
}
