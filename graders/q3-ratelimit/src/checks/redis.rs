//! The harder variant (advanced): limits kept in Redis and shared by every
//! instance pointing at it. The grader runs its own redis-server; on a
//! machine without one the check is skipped, never failed.

use std::time::Duration;

use kit_harness::{
    Ctx, Exit, Failure, Outcome, Overrides, Sidecar, StartError, ensure, find_program,
};

use crate::clients::{burst, client_of, expect_all_accepted, hit};

pub async fn shared_budget(cx: Ctx) -> Outcome {
    let Some(redis_server) = find_program("redis-server") else {
        return Err(Failure::skipped(
            "redis-server is not installed on this machine (e.g. `apt-get install redis-server`); the Redis variant was not graded",
        ));
    };
    let mut redis = Sidecar::start(
        &redis_server,
        &[
            "--port",
            "{port}",
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            "{dir}",
        ],
        Duration::from_secs(10),
    )
    .await?;
    let settings =
        Overrides::new().set("REDIS_URL", format!("redis://127.0.0.1:{}/", redis.port()));
    let result = async {
        let (first, _) = cx.start_fresh(&settings).await?;
        let (second, _) = cx.start_fresh(&settings).await?;
        let to_first = client_of(&cx, &first, 22, 1)?;
        let to_second = client_of(&cx, &second, 22, 1)?;
        expect_all_accepted(
            &burst(&to_first, 5).await?,
            "5 requests to the first instance",
        )?;
        expect_all_accepted(
            &burst(&to_second, 5).await?,
            "5 requests to the second instance (10 in all)",
        )?;
        hit(&to_first)
            .await?
            .expect_status(&[429], "an 11th request, to the first instance")?;
        hit(&to_second)
            .await?
            .expect_status(&[429], "a 12th request, to the second instance")?;
        Ok::<_, Failure>(
            "two instances sharing one Redis share one budget of 10 per client".to_owned(),
        )
    }
    .await;
    redis.stop().await;
    result
}

pub async fn unreachable_fails_fast(cx: Ctx) -> Outcome {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| Failure::error(format!("no free port: {error}")))?;
    let settings = Overrides::new().set("REDIS_URL", format!("redis://127.0.0.1:{port}/"));
    match cx.start_instance(&settings).await {
        Ok(_) => Err(Failure::fail(
            "with REDIS_URL pointing at no Redis, the service started anyway: it ignores REDIS_URL or silently falls back to memory",
        )),
        Err(StartError::Exited { exit, output }) => {
            ensure!(
                exit != Exit::Code(0),
                "with an unreachable Redis the service exited with code 0"
            );
            ensure!(
                output.to_lowercase().contains("redis"),
                "the service exited ({exit}) without saying why: its output does not mention Redis"
            );
            Ok(format!(
                "refused to start ({exit}) with a message about Redis"
            ))
        }
        Err(StartError::NeverReady { .. }) => Err(Failure::fail(
            "with an unreachable Redis the service neither started nor exited within 20 s: it hangs",
        )),
        Err(StartError::Spawn(message)) => Err(Failure::error(message)),
    }
}
