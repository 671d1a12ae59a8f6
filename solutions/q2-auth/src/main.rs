//! Entry point: read settings, start logging, serve until SIGTERM.

use std::process::ExitCode;

use q2_auth_solution::{error::error_chain, settings::Settings, startup::Application, telemetry};

#[actix_web::main]
async fn main() -> ExitCode {
    telemetry::init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // e.g. "q2-auth-solution: JWT_SECRET is not set: ..."
            eprintln!("q2-auth-solution: {}", error_chain(err.as_ref()));
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let settings = Settings::from_env()?;
    let app = Application::build(settings)?;
    tracing::info!(port = app.port(), "listening");
    app.run_until_stopped().await?;
    Ok(())
}
