//! The `depeche` binary: parses the command line, runs it, prints the error chain once and picks
//! the exit code (0 found, 1 nothing found, 2 error, 3 indexed but some input could not be, 130
//! interrupted).

use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::{Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse_from(cli::excluded_words_as_query(std::env::args_os()));
    match cli::run(cli) {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Ok(Outcome::Partial) => ExitCode::from(3),
        Ok(Outcome::Failed) => ExitCode::from(2),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(error) => {
            eprintln!("depeche: {error:#}");
            ExitCode::from(2)
        }
    }
}
