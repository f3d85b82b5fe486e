//! `newsdesk train`: a topic model from labelled text. Also the training options that `cv`
//! shares.

use super::labelled::{input_names, read_labelled};
use super::status::Status;
use crate::cli::args::{TrainArgs, TrainOptionArgs};
use crate::cli::values::UnitArg;
use anyhow::{Context, Result};
use newsdesk::classify::TrainParams;
use newsdesk::error::Error as LibError;
use newsdesk::features::TfidfOptions;
use newsdesk::text::{AnalyzerOptions, StopWordList, StopWords};
use std::io::Write;

/// Warns of rows that repeat an earlier row, and of texts given two labels (the model cannot
/// learn both: the user should look at them).
fn warn_duplicates(
    examples: &[newsdesk::classify::Example],
    found: newsdesk::classify::Duplicates,
    names: &str,
    status: &Status,
) {
    if found.repeated > 0 {
        status.println(&format!(
            "newsdesk: warning: {names}: {} duplicate row(s) in the training data (kept)",
            found.repeated
        ));
    }
    if let Some((first, labels)) = found.first_conflict {
        // Control characters from the data never reach the terminal.
        let clean: String = examples[first]
            .text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let words: Vec<&str> = clean.split_whitespace().collect();
        let more = if words.len() > 8 { "…" } else { "" };
        let quoted: Vec<String> = labels.iter().map(|l| format!("'{l}'")).collect();
        let (last, rest) = quoted
            .split_last()
            .expect("a conflict has two labels or more");
        status.println(&format!(
            "newsdesk: warning: {names}: {} text(s) appear under more than one label (kept), \
             e.g. \"{}{more}\" under {} and {last}; check their labels",
            found.conflicting,
            words[..words.len().min(8)].join(" "),
            rest.join(", "),
        ));
    }
}

pub fn run(a: TrainArgs) -> Result<()> {
    let params = train_params(&a.options, a.data.unit)?.check()?;
    if a.output.as_os_str() != "-" {
        super::refuse_data_as_output(
            Some(&a.output),
            &a.data.inputs,
            super::stop_words_file(&a.options.stop_words),
        )?;
    }
    let quiet = a.data.quiet;
    let status = Status::new(quiet);
    let examples = read_labelled(&a.data, &status)?.examples;
    // Messages about the data as a whole name the inputs they are about.
    let names = input_names(&a.data);
    status.phase(format!("training on {} labelled texts", examples.len()));
    let mut warn = |w: String| {
        if !quiet {
            let w = match w.strip_prefix("warning: ") {
                Some(rest) => format!("warning: {names}: {rest}"),
                None => format!("{names}: {w}"),
            };
            status.println(&format!("newsdesk: {w}"));
        }
    };
    // Repeated texts are looked for while the model is fitted (the fit has phases on one
    // core) and reported after it.
    let (model, found) = std::thread::scope(|scope| {
        let found = (!quiet).then(|| scope.spawn(|| newsdesk::classify::duplicates(&examples)));
        let model = params.fit(&examples, &mut warn);
        (model, found.and_then(|f| f.join().ok()))
    });
    let model = model.with_context(|| names.clone())?;
    status.finish();
    if let Some(found) = found {
        warn_duplicates(&examples, found, &names, &status);
    }
    let to_stdout = a.output.as_os_str() == "-";
    if to_stdout {
        let mut out = std::io::stdout().lock();
        out.write_all(&model.to_bytes())
            .and_then(|()| out.flush())
            .context("cannot write the model to standard output")?;
    } else {
        model.save(&a.output)?;
    }
    if !quiet {
        let labels: Vec<String> = model
            .meta()
            .labels
            .iter()
            .map(|l| format!("{} {}", l.label, l.count))
            .collect();
        eprintln!(
            "newsdesk: wrote {} ({} labels: {}; {} features)",
            if to_stdout {
                "the model to standard output".to_string()
            } else {
                a.output.display().to_string()
            },
            model.labels().len(),
            labels.join(", "),
            model.vectorizer().len()
        );
    }
    Ok(())
}

/// The library's training parameters from the command line's options (unchecked).
pub fn train_params(o: &TrainOptionArgs, unit: UnitArg) -> Result<TrainParams> {
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
        unit: unit.into(),
        calibration_folds: o.calibration_folds,
        chunk_rows: 0,
        weighting: o.weighting.into(),
        catch_all: o.catch_all.clone(),
    })
}
