//! Command-line arguments (clap derive). The doc comments are the `--help` text.

use super::values::{
    DataFormatArg, InputArg, OrderArg, UnitArg, parse_language, parse_probability, parse_ratio,
};
use clap::{Args, Parser, Subcommand, ValueEnum};
use newsdesk::text::Language;
use std::path::PathBuf;

/// Tag news paragraphs by topic and write extractive summaries.
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
    #[command(
        after_help = "Examples:\n  newsdesk analyze tests/fixtures/sample-article.txt\n  cat article.txt | newsdesk analyze --format json"
    )]
    Analyze(AnalyzeArgs),
    /// Tag each paragraph (or each text) with topics.
    #[command(
        after_help = "Examples:\n  newsdesk classify article.txt\n  newsdesk classify --level article --format json a.txt b.txt\n  newsdesk classify --jsonl rows.jsonl --threads 2 > tags.jsonl\n  newsdesk classify -m my.model --format tsv articles/"
    )]
    Classify(ClassifyArgs),
    /// Print the article of saved web pages: the body text, without navigation or comments.
    #[command(
        after_help = "Examples:\n  newsdesk extract page.html\n  newsdesk extract --format json page.html.gz\n  newsdesk extract --jsonl crawl.jsonl > articles.jsonl      ({\"id\", \"html\"} rows)\n  newsdesk extract pages/ -o bodies.jsonl --format jsonl"
    )]
    Extract(ExtractArgs),
    /// Write an extractive summary: the best sentences of the article.
    #[command(
        after_help = "Examples:\n  newsdesk summarize -n 3 article.txt\n  newsdesk summarize --words 80 --format json article.txt\n  newsdesk summarize --jsonl rows.jsonl -n 2 > summaries.jsonl\n  newsdesk summarize --topic economics article.txt"
    )]
    Summarize(SummarizeArgs),
    /// Train a topic model from labelled text.
    #[command(
        after_help = "Examples:\n  newsdesk train data/ -o my.model                     (data/<label>/*.txt)\n  newsdesk train rows.jsonl -o my.model                ({\"text\":…, \"label\":…} per line)\n  newsdesk train rows.csv --text-column body -o my.model\n  newsdesk train training-data --unit paragraph -o models/topics.json"
    )]
    Train(TrainArgs),
    /// Evaluate a model on labelled text: accuracy, per-label F1, confusion, calibration.
    #[command(after_help = "Example:\n  newsdesk eval -m my.model test.jsonl --format json")]
    Eval(EvalArgs),
    /// Cross-validate training options on labelled text (stratified k-fold).
    #[command(after_help = "Example:\n  newsdesk cv rows.jsonl --folds 5 --alpha 0.1")]
    Cv(CvArgs),
    /// Show a model's labels, priors, vocabulary, options and most indicative terms.
    #[command(
        after_help = "Examples:\n  newsdesk inspect              (the built-in model)\n  newsdesk inspect -m my.model --top 20"
    )]
    Inspect(InspectArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  newsdesk completions bash > /etc/bash_completion.d/newsdesk"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  newsdesk man > newsdesk.1 && man ./newsdesk.1")]
    Man,
}

/// Where input comes from and how results go out.
#[derive(Debug, Args)]
pub struct IoArgs {
    /// Input files or folders (searched recursively); `-` or nothing reads standard input.
    pub inputs: Vec<PathBuf>,
    /// In folders, read only files whose name matches this pattern (`*` and `?`).
    #[arg(long, value_name = "PATTERN")]
    pub glob: Option<String>,
    /// Write to this file instead of standard output (atomically: replaced only on success).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Worker threads for --jsonl input (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// No progress or warnings on standard error.
    #[arg(short, long)]
    pub quiet: bool,
    /// Read inputs as web pages or as text (default: web pages by name or content).
    #[arg(long, value_enum, default_value_t = InputArg::Auto, value_name = "KIND")]
    pub input: InputArg,
}

/// Which model to use.
#[derive(Debug, Args)]
pub struct ModelArg {
    /// Model file from `newsdesk train` (default: the built-in security/diplomacy/economics/general model).
    #[arg(short, long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A readable table.
    Text,
    /// One JSON document (an array when there are several inputs).
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// Tab-separated values with a header row.
    Tsv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Tag every paragraph, and the article from its paragraphs.
    Paragraph,
    /// Treat the whole text as one unit.
    Article,
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    #[command(flatten)]
    pub io: IoArgs,
    #[command(flatten)]
    pub model: ModelArg,
    /// Input is JSONL: one {"text": …, "id": …} object per line; one result per row, same order.
    #[arg(long)]
    pub jsonl: bool,
    /// With --jsonl: split each row into paragraphs and add "paragraphs" to its result.
    #[arg(long)]
    pub paragraphs: bool,
    /// Unit of classification for plain-text input.
    #[arg(long, value_enum, default_value_t = Level::Paragraph)]
    pub level: Level,
    /// Output format (default: text for files, jsonl with --jsonl).
    #[arg(short, long, value_enum)]
    pub format: Option<OutputFormat>,
    /// A label is listed in "tags" when its score is at least this.
    #[arg(long, default_value_t = 0.5, value_name = "P", value_parser = parse_probability)]
    pub min_score: f64,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub io: IoArgs,
    /// Input is JSONL: one {"id": …, "html": …} object per line; one result per row, same order.
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
    /// Number of sentences.
    #[arg(short = 'n', long = "sentences", value_name = "N", conflicts_with_all = ["ratio", "words"], value_parser = clap::value_parser!(u32).range(1..))]
    pub sentences: Option<u32>,
    /// Share of the article's sentences, 0 < R ≤ 1.
    #[arg(long, value_name = "R", conflicts_with = "words", value_parser = parse_ratio)]
    pub ratio: Option<f64>,
    /// Word budget; sentences are never cut.
    #[arg(long, value_name = "W", value_parser = clap::value_parser!(u32).range(1..))]
    pub words: Option<u32>,
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    #[command(flatten)]
    pub io: IoArgs,
    #[command(flatten)]
    pub length: LengthArgs,
    /// Input is JSONL: one {"text": …, "id": …} object per line; one summary per row, same order.
    #[arg(long)]
    pub jsonl: bool,
    /// Order of the chosen sentences.
    #[arg(long, value_enum, default_value_t = OrderArg::Document)]
    pub order: OrderArg,
    /// Output format (default: text, or jsonl with --jsonl). text prints one sentence per line.
    #[arg(short, long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Prefer sentences from paragraphs tagged with this topic.
    #[arg(long, value_name = "LABEL")]
    pub topic: Option<String>,
    #[command(flatten)]
    pub model: ModelArg,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub io: IoArgs,
    #[command(flatten)]
    pub model: ModelArg,
    /// Input is JSONL: one {"text": …, "id": …} object per line; one JSON analysis per row, same order.
    #[arg(long)]
    pub jsonl: bool,
    /// Output format: text (a table for people) or json (for programs; with --jsonl, one
    /// compact object per line).
    #[arg(short, long, value_enum, default_value_t = AnalyzeFormat::Text)]
    pub format: AnalyzeFormat,
    #[command(flatten)]
    pub length: LengthArgs,
    /// A label is listed in "tags" when its score is at least this.
    #[arg(long, default_value_t = 0.5, value_name = "P", value_parser = parse_probability)]
    pub min_score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// A compact report for a terminal.
    Text,
    /// One JSON object.
    Json,
}

/// Options shared by `train` and `cv`.
#[derive(Debug, Args)]
pub struct TrainOptionArgs {
    /// Labelled text: folders (DIR/<label>/*.txt), .jsonl, .csv, .tsv or fastText files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Input format (default: from each path).
    #[arg(long, value_enum, default_value_t = DataFormatArg::Auto)]
    pub format: DataFormatArg,
    /// CSV/TSV column holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_column: String,
    /// CSV/TSV column holding the label.
    #[arg(long, default_value = "label", value_name = "NAME")]
    pub label_column: String,
    /// What one training unit is.
    #[arg(long, value_enum, default_value_t = UnitArg::Document)]
    pub unit: UnitArg,
    /// Smoothing of the naive Bayes counts (> 0).
    #[arg(
        long,
        default_value_t = 0.05,
        value_name = "A",
        allow_negative_numbers = true
    )]
    pub alpha: f64,
    /// Keep terms found in at least this many units (default: 1 below 100 units, 2 below 1000, else 3).
    #[arg(long, value_name = "N")]
    pub min_df: Option<usize>,
    /// Drop terms found in more than this share of units (0 < F ≤ 1).
    #[arg(
        long,
        default_value_t = 1.0,
        value_name = "F",
        allow_negative_numbers = true
    )]
    pub max_df: f64,
    /// Keep at most this many terms.
    #[arg(long, value_name = "N")]
    pub max_features: Option<usize>,
    /// Use single words only, without adjacent word pairs as features.
    #[arg(long)]
    pub no_bigrams: bool,
    /// Stemming language (english, french, german, …, none).
    #[arg(long, default_value = "english", value_name = "LANG", value_parser = parse_language)]
    pub language: Language,
    /// Stop words: english, none, or a file with one word per line.
    #[arg(long, default_value = "english", value_name = "LIST|FILE")]
    pub stop_words: String,
    /// Weight terms by raw frequency only, without inverse document frequency.
    #[arg(long)]
    pub no_idf: bool,
    /// Use raw term counts instead of 1 + ln(count).
    #[arg(long)]
    pub raw_tf: bool,
    /// Extra weight for the terms of a leading title line (0: none).
    #[arg(long, default_value_t = 0.0, value_name = "W")]
    pub title_boost: f64,
    /// Drop numbers (years, scores, amounts) instead of keeping them as terms.
    #[arg(long)]
    pub drop_numbers: bool,
    /// Held-out folds used to calibrate scores (0 turns calibration off).
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub calibration_folds: usize,
    /// No progress or warnings on standard error.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub options: TrainOptionArgs,
    /// Where to write the model (atomically).
    #[arg(short, long, value_name = "MODEL", required = true)]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The model to evaluate (default: built-in).
    #[command(flatten)]
    pub model: ModelArg,
    /// Labelled text, as for `train`.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Input format (default: from each path).
    #[arg(long, value_enum, default_value_t = DataFormatArg::Auto)]
    pub data_format: DataFormatArg,
    /// Report format.
    #[arg(short, long, value_enum, default_value_t = AnalyzeFormat::Text)]
    pub format: AnalyzeFormat,
    /// Evaluate each paragraph instead of each document.
    #[arg(long, value_enum, default_value_t = UnitArg::Document)]
    pub unit: UnitArg,
}

#[derive(Debug, Args)]
pub struct CvArgs {
    #[command(flatten)]
    pub options: TrainOptionArgs,
    /// Number of folds.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=50))]
    pub folds: u16,
    /// Report format.
    #[arg(short = 'F', long = "report-format", value_enum, default_value_t = AnalyzeFormat::Text)]
    pub report_format: AnalyzeFormat,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Indicative terms to show per label.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = AnalyzeFormat::Text)]
    pub format: AnalyzeFormat,
}
