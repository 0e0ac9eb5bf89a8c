//! The `portal` binary: reads configuration, builds the adapters, hands them to the domain
//! and serves. No business rule lives here.

mod commands;
mod config;
mod demo;
mod wiring;

use std::process::ExitCode;

use clap::Parser;

use crate::config::{Cli, Command, LogFormat, OfficerCommand};

/// mimalloc rather than the system allocator: a request allocates and frees many small
/// values across worker threads, where glibc's malloc spent about a third of the server's
/// time (docs/performance.md, decision 0018). The workspace builds it with `override`, so
/// the C code in the binary (SQLite above all) allocates through it as well.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.common.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            None | Some(Command::Serve) => wiring::serve(&cli.common, &cli.serve).await,
            Some(Command::Migrate) => commands::migrate(&cli.common).await,
            Some(Command::Demo) => demo::demo(&cli.common, &cli.serve).await,
            Some(Command::Seed(args)) => commands::seed(&cli.common, &cli.serve, &args).await,
            Some(Command::ExpireDrafts { today }) => {
                commands::expire_drafts(&cli.common, &cli.serve, today.as_deref()).await
            }
            Some(Command::Officer {
                command:
                    OfficerCommand::Create {
                        email,
                        given_name,
                        surname,
                        language,
                    },
            }) => {
                commands::create_officer(
                    &cli.common,
                    &cli.serve,
                    &email,
                    &given_name,
                    &surname,
                    &language,
                )
                .await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "portal stopped with an error");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to standard error, as text or JSON; `RUST_LOG` filters them (default `info`).
fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
