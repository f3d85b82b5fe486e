//! `newsdesk man`: the man pages, one for newsdesk and one per command (clap_mangen).

use crate::cli::args::{Cli, ManArgs};
use anyhow::{Context, Result, bail};
use clap::CommandFactory;
use newsdesk::io::write_atomically;

pub fn run(a: ManArgs) -> Result<()> {
    let pages = pages();
    if let Some(dir) = &a.dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create folder", dir.display()))?;
        for (name, page) in &pages {
            write_atomically(&dir.join(format!("{name}.1")), page)?;
        }
        return Ok(());
    }
    let want = match &a.command {
        Some(c) => format!("newsdesk-{c}"),
        None => "newsdesk".to_string(),
    };
    let Some((_, page)) = pages.iter().find(|(name, _)| *name == want) else {
        let names: Vec<&str> = pages
            .iter()
            .filter_map(|(n, _)| n.strip_prefix("newsdesk-"))
            .collect();
        bail!(crate::cli::UsageError(format!(
            "no command '{}'; choose one of: {}",
            a.command.unwrap_or_default(),
            names.join(", ")
        )));
    };
    crate::cli::output::write_stdout(page)
}

/// Every page as (name, roff): `newsdesk`, then `newsdesk-<command>` for each command.
fn pages() -> Vec<(String, Vec<u8>)> {
    let mut cli = Cli::command();
    cli.build();
    let mut pages = vec![("newsdesk".to_string(), render(cli.clone()))];
    for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("newsdesk-{}", sub.get_name());
        let page = sub
            .clone()
            .name(name.clone())
            .bin_name(format!("newsdesk {}", sub.get_name()));
        pages.push((name, render(page)));
    }
    pages
}

fn render(cmd: clap::Command) -> Vec<u8> {
    let mut buf = Vec::new();
    // Rendering into memory cannot fail.
    let _ = clap_mangen::Man::new(cmd).render(&mut buf);
    buf
}
