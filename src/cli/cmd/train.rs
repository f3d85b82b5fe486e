//! `newsdesk train`: a topic model from labelled text. Also the options and data reading that
//! `cv` shares.

use crate::cli::args::{TrainArgs, TrainOptionArgs};
use crate::cli::input::warn_fn;
use anyhow::Result;
use newsdesk::classify::{self, Columns, Example, TrainParams};
use newsdesk::error::Error as LibError;
use newsdesk::features::TfidfOptions;
use newsdesk::text::{AnalyzerOptions, StopWordList, StopWords};
use std::io::IsTerminal;

pub fn run(a: TrainArgs) -> Result<()> {
    let params = train_params(&a.options)?.check()?;
    let examples = read_training(&a.options)?;
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
            .meta()
            .labels
            .iter()
            .map(|l| format!("{} {}", l.label, l.count))
            .collect();
        eprintln!(
            "newsdesk: wrote {} ({} labels: {}; {} features)",
            a.output.display(),
            model.labels().len(),
            labels.join(", "),
            model.vectorizer().len()
        );
    }
    Ok(())
}

/// The library's training parameters from the command line's options (unchecked).
pub fn train_params(o: &TrainOptionArgs) -> Result<TrainParams> {
    let stop_words = match o.stop_words.as_str() {
        "english" => StopWordList::English,
        "none" => StopWordList::None,
        path => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| LibError::io(path, "cannot read stop-word list", e))?;
            StopWordList::Custom(StopWords::parse(&text).sorted())
        }
    };
    Ok(TrainParams {
        alpha: o.alpha,
        analyzer: AnalyzerOptions {
            language: o.language,
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
        unit: o.unit.into(),
        calibration_folds: o.calibration_folds,
        chunk_rows: 0,
    })
}

/// The labelled examples of the command line's inputs, with a warning about duplicate rows.
pub fn read_training(o: &TrainOptionArgs) -> Result<Vec<Example>> {
    let columns = Columns {
        text: o.text_column.clone(),
        label: o.label_column.clone(),
    };
    let examples =
        classify::read_examples(&o.inputs, o.format.into(), &columns, &mut warn_fn(o.quiet))?;
    if !o.quiet {
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
