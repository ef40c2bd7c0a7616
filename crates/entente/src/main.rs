//! The `entente` command: a thin layer that parses arguments, calls the
//! library crates and prints. Exit codes: 0 success; 1 nothing matched, or
//! some rows or files were skipped; 2 an error stopped the command. A
//! closed output pipe (`entente events | head`) is not an error.

mod cli;
mod commands;
mod demo;
mod output;
mod plot;
mod relations_commands;
mod text_commands;

use std::process::ExitCode;

use clap::Parser;

/// How a command ended, beyond success.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything worked.
    Ok,
    /// Worked, but nothing matched or some items were skipped.
    Partial,
}

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match commands::run(args) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("entente: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// mimalloc: events are allocated on the reading thread and freed on the
/// inserting thread, which glibc's allocator handles slowly.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
