//! Entry point: read settings, start logging, serve until SIGTERM.

use std::process::ExitCode;

use q3_ratelimit_solution::{
    error::error_chain, settings::Settings, startup::Application, telemetry,
};

#[actix_web::main]
async fn main() -> ExitCode {
    telemetry::init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // e.g. "cannot bind 127.0.0.1:8080: Address already in use (os error 98)"
            eprintln!("q3-ratelimit-solution: {}", error_chain(err.as_ref()));
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let settings = Settings::from_env()?;
    let app = Application::build(settings).await?;
    tracing::info!(port = app.port(), "listening");
    app.run_until_stopped().await?;
    Ok(())
}
