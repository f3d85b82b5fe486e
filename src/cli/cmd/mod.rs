//! One file per command. Each parses nothing itself: it turns arguments into library calls,
//! reads input through [`super::input`] and prints through [`super::format`].

pub mod analyze;
pub mod classify;
pub mod cv;
pub mod eval;
pub mod inspect;
mod labelled;
pub mod man;
mod status;
pub mod summarize;
pub mod train;

use super::args::ModelArg;
use anyhow::Result;
use newsdesk::classify::{self as lib, TopicModel};

/// The model of `-m`, or the built-in one.
fn load_model(arg: &ModelArg) -> Result<TopicModel> {
    Ok(match &arg.model {
        Some(p) => TopicModel::load(p)?,
        None => lib::builtin_model()?,
    })
}
