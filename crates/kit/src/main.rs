//! `kit`: grade interview exercises. Thin on purpose: parse the command line,
//! run the command, turn its result into an exit code.

mod batch;
mod cli;
mod commands;
mod dependency_cache;
mod private_network;
mod progress;
mod repo;
mod review;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("kit: {error:#}");
            ExitCode::from(commands::EXIT_ERROR)
        }
    }
}
