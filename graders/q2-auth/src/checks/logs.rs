//! Nothing the service prints may contain a password, an access token or a
//! reset token. This check runs last and scans everything the shared
//! instance printed.

use std::time::Duration;

use kit_harness::{Ctx, Outcome, ensure};

use crate::accounts::{email, get_with, login, register};
use crate::checks::reset;
use crate::settings::PASSWORD;

pub async fn no_secrets(cx: Ctx) -> Outcome {
    let password = "log-scan-password-6619";
    let account = register(cx.http(), &email("log-scan"), password).await?;
    let token = login(cx.http(), &account.email, password).await?;
    get_with(cx.http(), "/users/me", Some(&format!("Bearer {token}"))).await?;
    let mut secrets = vec![
        ("a password", password.to_owned()),
        ("a password", PASSWORD.to_owned()),
        ("an access token", token),
    ];
    // The reset flow is a bonus: scanned when it exists, not required.
    if let Ok(reset_token) = reset::token_for(&cx, cx.http(), &account.email).await {
        let _ = reset::confirm(cx.http(), &reset_token, reset::NEW_PASSWORD).await;
        secrets.push(("a reset token", reset_token));
        secrets.push(("a password", reset::NEW_PASSWORD.to_owned()));
    }
    // Let the last log lines reach the pipe.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let output = cx.main().output().text();
    let leaked: Vec<&str> = secrets
        .iter()
        .filter(|(_, secret)| output.contains(secret.as_str()))
        .map(|(what, _)| *what)
        .collect();
    ensure!(
        leaked.is_empty(),
        "the service printed {} (stdout/stderr): logs are read by many more people than the database",
        leaked.join(", ")
    );
    cx.note(format!(
        "scanned {} bytes of output for {} secrets",
        output.len(),
        secrets.len()
    ));
    Ok("the service's output holds no password, access token or reset token".to_owned())
}
