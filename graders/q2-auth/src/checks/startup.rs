//! Configuration the service must refuse to run without.

use kit_harness::{Ctx, Failure, Outcome, Overrides, StartError, ensure};

pub async fn requires_jwt_secret(cx: Ctx) -> Outcome {
    match cx
        .start_instance(&Overrides::new().unset("JWT_SECRET"))
        .await
    {
        Ok(_) => Err(Failure::fail(
            "the service started without JWT_SECRET: it would sign tokens with a default or empty secret that anyone can guess",
        )),
        Err(StartError::Exited { exit, output }) => {
            ensure!(
                exit != kit_harness::Exit::Code(0),
                "without JWT_SECRET the service exited with code 0; a refusal should be a non-zero exit"
            );
            ensure!(
                output.to_uppercase().contains("JWT_SECRET"),
                "without JWT_SECRET the service exited ({exit}) without saying why: its output does not name JWT_SECRET"
            );
            cx.note(format!(
                "its output: {}",
                output.lines().rev().take(3).collect::<Vec<_>>().join(" | ")
            ));
            Ok(format!("refused to start ({exit}), naming JWT_SECRET"))
        }
        Err(StartError::NeverReady { .. }) => Err(Failure::fail(
            "without JWT_SECRET the service neither started nor exited: it should exit at once with a clear message",
        )),
        Err(StartError::Spawn(message)) => Err(Failure::error(message)),
    }
}
