//! Command-line arguments (clap derive). The doc comments are the `--help` text.
//!
//! One grammar for every command: `--format` is always the output's format and
//! `--input-format` the format of labelled text; `-o FILE` writes a file (`-o -`: standard
//! output); `-` reads standard input wherever a file is read; `-q` silences standard error.
//! Options are grouped under the same headings in every command's help: Input, Output, then
//! the command's own (Model, Summary, Training). The examples after each command's help are run
//! by `tests/docs.rs`.

use super::values::{
    DataFormatArg, InputArg, OrderArg, UnitArg, WeightingArg, parse_alpha, parse_boost,
    parse_bytes, parse_language, parse_probability, parse_ratio,
};
use clap::{Args, Parser, Subcommand, ValueEnum};
use newsdesk::text::Language;
use std::path::{Path, PathBuf};

/// Tag news paragraphs by topic and write extractive summaries.
///
/// Every command but `completions` and `man` reads files, folders (*.txt files and web
/// pages by default) or standard input (`-` or no file), writes to standard output or `-o FILE`, and
/// prints warnings and progress on standard error (`-q` silences them). Numbers for people (text and TSV output) count from 1;
/// JSON counts from 0 and gives byte spans (`start`, `end`).
///
/// Exit codes: 0 success, 1 runtime error (unreadable file, bad data, bad model), 2 usage error.
#[derive(Debug, Parser)]
#[command(name = "newsdesk", version, propagate_version = true, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  newsdesk analyze article.txt                 title, topics per paragraph, summary
  newsdesk classify article.txt                topic of each paragraph and of the article
  newsdesk classify --jsonl rows.jsonl         one JSON result per input row, same order
  newsdesk summarize -n 3 article.txt          the three best sentences
  newsdesk extract page.html                   the article of a saved web page, as text
  newsdesk analyze page.html                   web pages work wherever text does
  newsdesk train data/ -o my.model             train on DIR/<label>/*.txt
  newsdesk eval -m my.model test.jsonl         accuracy, F1, confusion, calibration";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show an article's title, topics per paragraph, and summary (the main job).
    #[command(after_help = "Examples:
  newsdesk analyze article.txt
  cat article.txt | newsdesk analyze --format json -n 1")]
    Analyze(AnalyzeArgs),
    /// Tag each paragraph (or each text) with topics.
    #[command(after_help = "Examples:
  newsdesk classify article.txt
  newsdesk classify --level article --format json a.txt b.txt
  newsdesk classify --jsonl rows.jsonl --threads 2 -o tags.jsonl
  newsdesk classify --format tsv --glob '**/*.txt' articles/")]
    Classify(ClassifyArgs),
    /// Print the article of saved web pages: the body text, without navigation or comments.
    ///
    /// An input that is not a page (by name or content), or any input with `--input text`, is
    /// plain text: its paragraphs are printed as they are, title and date/byline lines apart.
    #[command(
        after_help = "Examples:\n  newsdesk extract page.html\n  newsdesk extract --format json page.html\n  newsdesk extract --jsonl crawl.jsonl        ({\"id\", \"html\"} rows in, one result row each)\n  newsdesk extract --input text article.txt   (plain text: its paragraphs)"
    )]
    Extract(ExtractArgs),
    /// Write an extractive summary: the best sentences of the article.
    #[command(after_help = "Examples:
  newsdesk summarize -n 2 article.txt
  newsdesk summarize --words 40 --format tsv article.txt
  newsdesk summarize --jsonl rows.jsonl -n 1
  newsdesk summarize --topic economics -n 1 article.txt")]
    Summarize(SummarizeArgs),
    /// Train a topic model from labelled text; the model file is written atomically.
    #[command(after_help = "Examples:
  newsdesk train data/ -o my.model                          (data/<label>/*.txt)
  newsdesk train rows.jsonl -o my.model                     ({\"text\":…, \"label\":…} per line)
  newsdesk train news.csv --text-column body --label-column topic -o my.model
  cat rows.ft | newsdesk train - --input-format fasttext -o my.model")]
    Train(TrainArgs),
    /// Evaluate a model on labelled text: accuracy, per-label F1, confusion, calibration.
    #[command(after_help = "Examples:
  newsdesk eval -m my.model test.jsonl --errors 3
  newsdesk eval -m my.model news.csv --text-column body --label-column topic --format json")]
    Eval(EvalArgs),
    /// Cross-validate training options on labelled text (stratified k-fold).
    #[command(after_help = "Example:
  newsdesk cv rows.jsonl --folds 3 --alpha 0.1")]
    Cv(CvArgs),
    /// Learn a summary style from article–summary pairs; the style file is written atomically.
    #[command(after_help = "Examples:
  newsdesk train-summarizer pairs.jsonl -n 3 -o house.style    ({\"text\":…, \"summary\":…} per line)
  newsdesk summarize --style house.style -n 3 article.txt")]
    TrainSummarizer(super::cmd::summary_style::TrainSummarizerArgs),
    /// Score summaries against reference summaries: ROUGE-1/2/L F1, and the lead's for comparison.
    #[command(after_help = "Examples:
  newsdesk eval-summaries pairs.jsonl -n 3
  newsdesk eval-summaries pairs.jsonl --style house.style")]
    EvalSummaries(super::cmd::summary_style::EvalSummariesArgs),
    /// Show a model's labels, priors, vocabulary, options and most indicative terms.
    #[command(after_help = "Examples:
  newsdesk inspect --top 5                     (the built-in model)
  newsdesk inspect -m my.model --top 3 --format json")]
    Inspect(InspectArgs),
    /// Print a shell completion script on standard output.
    #[command(after_help = "Example:
  mkdir -p ~/.local/share/bash-completion/completions
  newsdesk completions bash > ~/.local/share/bash-completion/completions/newsdesk")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page of newsdesk (roff), or write one page per command into a folder.
    #[command(after_help = "Examples:
  newsdesk man --dir man/                      newsdesk.1, newsdesk-classify.1, …
  newsdesk man classify > newsdesk-classify.1")]
    Man(ManArgs),
}

/// `--glob`: not empty; a leading `./` (the folder itself) is dropped, since patterns match
/// the path below the folder.
fn parse_glob(s: &str) -> Result<String, String> {
    let mut p = s;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.trim_start_matches('/');
    }
    if p.trim().is_empty() {
        return Err(
            "an empty pattern matches no file; give one such as '*.md' or '**/*.txt'".into(),
        );
    }
    Ok(p.to_string())
}

/// `--calibration-folds`: 0 (off) or 2 to 20; one fold would hold nothing out.
fn parse_folds(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(k) if k == 0 || (2..=20).contains(&k) => Ok(k),
        Ok(_) => Err("must be 0 (no calibration) or 2 to 20".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// `-o`: `None` (standard output) for no option or `-`.
pub fn output_path(output: &Option<PathBuf>) -> Option<&Path> {
    output.as_deref().filter(|p| p.as_os_str() != "-")
}

/// Where input comes from and how results go out.
#[derive(Debug, Args)]
pub struct IoArgs {
    /// Input files or folders; `-` or nothing reads standard input. Folders are searched
    /// recursively, hidden folders included, for *.txt files and web pages (*.html, *.htm,
    /// *.xhtml, *.html.gz, *.htm.gz); `extract` looks for the pages alone, --jsonl for *.jsonl
    /// files; --glob chooses others.
    pub inputs: Vec<PathBuf>,
    /// In folders, read the files matching this pattern: `*.md` matches file names,
    /// a pattern with `/` the path below the folder (`**/*.txt`, `2024/*/*.txt`). The default
    /// matches in any case (`.TXT`); a pattern given here is case-sensitive.
    #[arg(long, value_name = "PATTERN", value_parser = parse_glob, help_heading = "Input")]
    pub glob: Option<String>,
    /// Write to FILE instead of standard output (replaced only on success); `-o -` is
    /// standard output.
    #[arg(
        short = 'o',
        long,
        value_name = "FILE",
        help_heading = "Output",
        display_order = 998
    )]
    pub output: Option<PathBuf>,
    /// Worker threads for --jsonl input (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), help_heading = "Input")]
    pub threads: Option<u16>,
    /// Refuse input with a line longer than this (not text: /dev/zero, a binary file); K, M,
    /// G: KiB, MiB, GiB.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = parse_bytes, help_heading = "Input")]
    pub max_line_bytes: usize,
    /// No progress or warnings on standard error.
    #[arg(short, long, help_heading = "Output", display_order = 999)]
    pub quiet: bool,
    /// Read inputs as web pages or as text (default: web pages by name or content).
    #[arg(long, value_enum, default_value_t = InputArg::Auto, value_name = "KIND", help_heading = "Input")]
    pub input: InputArg,
}

/// Which model to use.
#[derive(Debug, Args)]
pub struct ModelArg {
    /// Model file from `newsdesk train`, `-` for standard input (default: the built-in
    /// security/diplomacy/economics/general model).
    #[arg(short, long, value_name = "MODEL", help_heading = "Model")]
    pub model: Option<PathBuf>,
}

/// `classify --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Per file: the article's topic, then a table of paragraphs (numbered from 1).
    Text,
    /// One JSON document per file (an array for several): article topic and each paragraph
    /// with its 0-based index and byte span.
    Json,
    /// The JSON of each file, or the result of each --jsonl row, as one line.
    Jsonl,
    /// Tab-separated, with a header row: one row per paragraph (numbered from 1) or per
    /// --jsonl row.
    Tsv,
}

/// `summarize --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// The chosen sentences, one per line.
    Text,
    /// One JSON document per file (an array for several): the summary and each sentence with
    /// its 0-based index, paragraph, byte span and score.
    Json,
    /// The JSON of each file, or the summary of each --jsonl row, as one line.
    Jsonl,
    /// Tab-separated, with a header row: source, sentence and paragraph (numbered from 1),
    /// byte span, score, text.
    Tsv,
}

/// `analyze --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// A report for people: title, topic bars, paragraphs (numbered from 1), summary.
    Text,
    /// One JSON object per file (an array for several): blocks, paragraphs and summary
    /// sentences with 0-based indexes and byte spans.
    Json,
    /// The JSON of each file, or the analysis of each --jsonl row, as one line.
    Jsonl,
}

/// `--format` of `eval`, `cv` and `inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A report for people.
    Text,
    /// The same figures as one JSON object.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Tag every paragraph, and the article from its paragraphs.
    Paragraph,
    /// Treat the whole text as one unit (its JSON has no "paragraphs").
    Article,
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    #[command(flatten)]
    pub io: IoArgs,
    #[command(flatten)]
    pub model: ModelArg,
    /// Input is JSONL: one {"text": …, "id": …} object per line; one result per row, same
    /// order. The row's label and scores are those of its whole text as one unit.
    #[arg(long, help_heading = "Input")]
    pub jsonl: bool,
    /// With --jsonl: also split each row into paragraphs and add each paragraph's own result
    /// as "paragraphs" (the row's own result does not change).
    #[arg(long, requires = "jsonl", help_heading = "Output")]
    pub paragraphs: bool,
    /// Unit of classification for plain-text input.
    #[arg(long, value_enum, default_value_t = Level::Paragraph, conflicts_with = "jsonl", help_heading = "Model")]
    pub level: Level,
    /// Output format (default: text, or jsonl with --jsonl, which takes jsonl or tsv).
    #[arg(short, long, value_enum, help_heading = "Output", display_order = 997)]
    pub format: Option<OutputFormat>,
    /// A label is listed in "tags" when its score is at least this.
    #[arg(long, default_value_t = 0.5, value_name = "P", value_parser = parse_probability, help_heading = "Model")]
    pub min_score: f64,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub io: IoArgs,
    /// Input is JSONL: one {"id": …, "html": …} object per line ("text" rows are plain text
    /// unless they look like a page); one result per row, same order.
    #[arg(long)]
    pub jsonl: bool,
    /// Output format (default: text for files, jsonl with --jsonl).
    #[arg(short, long, value_enum)]
    pub format: Option<ExtractFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// The article body: paragraphs separated by blank lines.
    Text,
    /// One JSON document: title, byline, date, site, language, url, paragraphs, text.
    Json,
    /// One compact JSON object per page or row.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct LengthArgs {
    /// Number of sentences (default 3).
    #[arg(short = 'n', long = "sentences", value_name = "N", conflicts_with_all = ["ratio", "words"], value_parser = clap::value_parser!(u32).range(1..), help_heading = "Summary")]
    pub sentences: Option<u32>,
    /// Share of the article's sentences, 0 < R ≤ 1.
    #[arg(long, value_name = "R", conflicts_with = "words", value_parser = parse_ratio, help_heading = "Summary")]
    pub ratio: Option<f64>,
    /// Word budget; sentences are never cut.
    #[arg(long, value_name = "W", value_parser = clap::value_parser!(u32).range(1..), help_heading = "Summary")]
    pub words: Option<u32>,
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    #[command(flatten)]
    pub io: IoArgs,
    #[command(flatten)]
    pub model: ModelArg,
    #[command(flatten)]
    pub length: LengthArgs,
    /// Input is JSONL: one {"text": …, "id": …} object per line; one summary per row, same order.
    #[arg(long, help_heading = "Input")]
    pub jsonl: bool,
    /// Order of the chosen sentences.
    #[arg(long, value_enum, default_value_t = OrderArg::Document, help_heading = "Summary")]
    pub order: OrderArg,
    /// Output format (default: text, or jsonl with --jsonl, which takes only jsonl).
    #[arg(short, long, value_enum, help_heading = "Output", display_order = 997)]
    pub format: Option<SummaryFormat>,
    /// Prefer sentences from paragraphs tagged with this topic.
    #[arg(long, value_name = "LABEL", help_heading = "Summary")]
    pub topic: Option<String>,
    /// Summary style: a file from `newsdesk train-summarizer`, or a built-in style: `learned`
    /// (the default: fitted on news with human-written highlights and on extractive digests)
    /// or `lead` (the first sentences, structure and fragments skipped: best for a few
    /// sentences of news whose summaries people write).
    #[arg(long, value_name = "STYLE", help_heading = "Summary")]
    pub style: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub io: IoArgs,
    #[command(flatten)]
    pub model: ModelArg,
    /// Input is JSONL: one {"text": …, "id": …} object per line; one JSON analysis per row,
    /// same order (one line each).
    #[arg(long, help_heading = "Input")]
    pub jsonl: bool,
    /// Output format (default: text, or jsonl with --jsonl, which takes only jsonl).
    #[arg(short, long, value_enum, help_heading = "Output", display_order = 997)]
    pub format: Option<AnalyzeFormat>,
    #[command(flatten)]
    pub length: LengthArgs,
    /// A label is listed in "tags" when its score is at least this.
    #[arg(long, default_value_t = 0.5, value_name = "P", value_parser = parse_probability, help_heading = "Model")]
    pub min_score: f64,
}

/// Labelled text, read alike by `train`, `eval` and `cv`.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// Labelled text: folders (DIR/<label>/*.txt), .jsonl, .csv, .tsv or fastText files;
    /// `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Format of the labelled text (default: from each path; for standard input, from its
    /// first line: jsonl or fasttext).
    #[arg(long, value_enum, default_value_t = DataFormatArg::Auto, value_name = "FORMAT", help_heading = "Input")]
    pub input_format: DataFormatArg,
    /// CSV/TSV column holding the text.
    #[arg(
        long,
        default_value = "text",
        value_name = "NAME",
        help_heading = "Input"
    )]
    pub text_column: String,
    /// CSV/TSV column holding the label.
    #[arg(
        long,
        default_value = "label",
        value_name = "NAME",
        help_heading = "Input"
    )]
    pub label_column: String,
    /// What one unit is.
    #[arg(long, value_enum, default_value_t = UnitArg::Document, help_heading = "Input")]
    pub unit: UnitArg,
    /// In label folders, read the files matching this pattern instead of *.txt: `*.md`
    /// matches file names, a pattern with `/` the path below the folder (`*/2024-*.txt`).
    /// The default matches in any case; a pattern given here is case-sensitive; hidden folders
    /// are searched too.
    #[arg(long, value_name = "PATTERN", value_parser = parse_glob, help_heading = "Input")]
    pub glob: Option<String>,
    /// Refuse input with a line longer than this (not text: /dev/zero, a binary file); K, M,
    /// G: KiB, MiB, GiB.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = parse_bytes, help_heading = "Input")]
    pub max_line_bytes: usize,
    /// No progress or warnings on standard error.
    #[arg(short, long, help_heading = "Output", display_order = 999)]
    pub quiet: bool,
}

/// Training options, shared by `train` and `cv`.
#[derive(Debug, Args)]
pub struct TrainOptionArgs {
    /// Smoothing of the naive Bayes counts (0 < A ≤ 1000).
    #[arg(
        long,
        default_value_t = 0.05,
        value_name = "A",
        allow_negative_numbers = true,
        value_parser = parse_alpha,
        help_heading = "Training"
    )]
    pub alpha: f64,
    /// Keep terms found in at least this many units (default: 1 below 100 units, 2 below 1000, else 3).
    #[arg(long, value_name = "N", help_heading = "Training")]
    pub min_df: Option<usize>,
    /// Drop terms found in more than this share of units (0 < F ≤ 1).
    #[arg(
        long,
        default_value_t = 1.0,
        value_name = "F",
        allow_negative_numbers = true,
        value_parser = parse_ratio,
        help_heading = "Training"
    )]
    pub max_df: f64,
    /// Keep at most this many terms.
    #[arg(long, value_name = "N", help_heading = "Training")]
    pub max_features: Option<usize>,
    /// Use single words only, without adjacent word pairs as features.
    #[arg(long, help_heading = "Training")]
    pub no_bigrams: bool,
    /// Stemming language (english, french, german, …, none).
    #[arg(long, default_value = "english", value_name = "LANG", value_parser = parse_language, help_heading = "Training")]
    pub language: Language,
    /// Stop words: english, none, or a file with one word per line.
    #[arg(
        long,
        default_value = "english",
        value_name = "LIST|FILE",
        help_heading = "Training"
    )]
    pub stop_words: String,
    /// Weight terms by raw frequency only, without inverse document frequency.
    #[arg(long, help_heading = "Training")]
    pub no_idf: bool,
    /// Use raw term counts instead of 1 + ln(count).
    #[arg(long, help_heading = "Training")]
    pub raw_tf: bool,
    /// Extra weight for the terms of a leading title line (0: none; at most 100).
    #[arg(
        long,
        default_value_t = 0.0,
        value_name = "W",
        allow_negative_numbers = true,
        value_parser = parse_boost,
        help_heading = "Training"
    )]
    pub title_boost: f64,
    /// Drop numbers (years, scores, amounts) instead of keeping them as terms.
    #[arg(long, help_heading = "Training")]
    pub drop_numbers: bool,
    /// Naive Bayes weighting: multinomial, or complement (TWCNB).
    #[arg(long, value_enum, default_value_t = WeightingArg::Multinomial)]
    pub weighting: WeightingArg,
    /// Label given to text with fewer than two distinct known terms (default: the label with
    /// most units).
    #[arg(long, value_name = "LABEL")]
    pub catch_all: Option<String>,
    /// Held-out folds used to calibrate scores: 2 to 20, or 0 to turn calibration off.
    #[arg(long, default_value_t = 5, value_name = "K", value_parser = parse_folds, help_heading = "Training")]
    pub calibration_folds: usize,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub options: TrainOptionArgs,
    /// Write the model to MODEL (replaced only on success); `-o -` is standard output.
    #[arg(
        short,
        long,
        value_name = "MODEL",
        required = true,
        help_heading = "Output"
    )]
    pub output: PathBuf,
}

/// How `eval` and `cv` report.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text, help_heading = "Output", display_order = 997)]
    pub format: ReportFormat,
    /// Also list up to N misclassified units: id, gold and predicted label, score, text start.
    #[arg(long, value_name = "N", help_heading = "Output")]
    pub errors: Option<usize>,
    /// Write to FILE instead of standard output (replaced only on success); `-o -` is
    /// standard output.
    #[arg(
        short = 'o',
        long,
        value_name = "FILE",
        help_heading = "Output",
        display_order = 998
    )]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub model: ModelArg,
}

#[derive(Debug, Args)]
pub struct CvArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub options: TrainOptionArgs,
    /// Number of folds.
    #[arg(long, default_value_t = 5, value_name = "K", value_parser = clap::value_parser!(u16).range(2..=50), help_heading = "Training")]
    pub folds: u16,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Indicative terms to show per label.
    #[arg(long, default_value_t = 15, value_name = "N", help_heading = "Output")]
    pub top: usize,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text, help_heading = "Output", display_order = 997)]
    pub format: ReportFormat,
    /// Write to FILE instead of standard output (replaced only on success); `-o -` is
    /// standard output.
    #[arg(
        short = 'o',
        long,
        value_name = "FILE",
        help_heading = "Output",
        display_order = 998
    )]
    pub output: Option<PathBuf>,
    /// No progress or warnings on standard error (inspect prints none; accepted as everywhere).
    #[arg(short, long, help_heading = "Output", display_order = 999)]
    #[allow(dead_code)]
    pub quiet: bool,
    #[command(flatten)]
    pub model: ModelArg,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (default: the top-level page).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
    /// Write every page (newsdesk.1 and newsdesk-<command>.1 for each command) into this
    /// folder, creating it if needed.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}
