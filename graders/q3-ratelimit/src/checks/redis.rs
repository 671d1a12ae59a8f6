//! The harder variant (advanced): limits kept in Redis and shared by every
//! instance pointing at it. The grader runs its own redis-server; on a
//! machine without one these checks are skipped, never failed. What is in
//! Redis is read over a plain socket (RESP), so grading needs no Redis
//! client installed.

use std::time::Duration;

use futures_util::future::join_all;
use kit_harness::{
    Ctx, Exit, Failure, Outcome, Overrides, Sidecar, StartError, ensure, find_program,
};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::checks::limit::DEFAULT_LIMIT;
use crate::checks::load::SIMULTANEOUS;
use crate::clients::{burst, client_of, expect_all_accepted, hit};

/// A redis-server of the grader's own, on a free port, or `skipped`.
async fn start_redis() -> Result<Sidecar, Failure> {
    let Some(redis_server) = find_program("redis-server") else {
        return Err(Failure::skipped(
            "redis-server is not installed on this machine (e.g. `apt-get install redis-server`); the Redis variant was not graded",
        ));
    };
    Sidecar::start(
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
    .await
}

fn redis_settings(redis: &Sidecar) -> Overrides {
    Overrides::new().set("REDIS_URL", format!("redis://127.0.0.1:{}/", redis.port()))
}

/// Runs `check` with a redis-server of its own, stopped afterwards whatever
/// the outcome.
async fn with_redis<F, Fut>(check: F) -> Outcome
where
    F: FnOnce(Sidecar) -> Fut,
    Fut: std::future::Future<Output = (Sidecar, Outcome)>,
{
    let redis = start_redis().await?;
    let (mut redis, outcome) = check(redis).await;
    redis.stop().await;
    outcome
}

pub async fn shared_budget(cx: Ctx) -> Outcome {
    with_redis(|redis| async move {
        let settings = redis_settings(&redis);
        let outcome = async {
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
        (redis, outcome)
    })
    .await
}

/// 50 simultaneous requests of a fresh client, alternately to two instances
/// sharing one Redis: exactly 10 pass. Three rounds, because a GET-then-SET
/// only sometimes lets extra requests through.
pub async fn atomic_across_instances(cx: Ctx) -> Outcome {
    with_redis(|redis| async move {
        let settings = redis_settings(&redis);
        let outcome = async {
            let (first, _) = cx.start_fresh(&settings).await?;
            let (second, _) = cx.start_fresh(&settings).await?;
            for round in 1..=3u16 {
                let to_first = client_of(&cx, &first, 24, round)?;
                let to_second = client_of(&cx, &second, 24, round)?;
                let replies = join_all((0..SIMULTANEOUS).map(|index| {
                    hit(if index % 2 == 0 { &to_first } else { &to_second })
                }))
                .await;
                let mut statuses = Vec::with_capacity(SIMULTANEOUS);
                for reply in replies {
                    statuses.push(reply?.status);
                }
                let passed = statuses.iter().filter(|status| **status != 429).count();
                let errors = statuses.iter().filter(|status| **status >= 500).count();
                ensure!(
                    errors == 0,
                    "round {round}: {errors} of {SIMULTANEOUS} simultaneous requests (split across two instances sharing one Redis) got a 5xx"
                );
                ensure!(
                    passed == DEFAULT_LIMIT,
                    "round {round}: {passed} of {SIMULTANEOUS} simultaneous requests from one fresh client, split across two instances sharing one Redis, passed; expected exactly {DEFAULT_LIMIT} (the decision and the update must be one step in Redis: a Lua script or MULTI, not a read then a write)"
                );
            }
            Ok::<_, Failure>(format!(
                "3 rounds of {SIMULTANEOUS} simultaneous requests split across two instances: exactly {DEFAULT_LIMIT} passed each time"
            ))
        }
        .await;
        (redis, outcome)
    })
    .await
}

/// After a few clients' requests (one of them refused), every key in the
/// Redis the service used has a time to live: state in Redis expires by
/// itself, like the memory store's idle clients.
pub async fn keys_expire(cx: Ctx) -> Outcome {
    with_redis(|redis| async move {
        let settings = redis_settings(&redis);
        let port = redis.port();
        let outcome = async {
            let (instance, _) = cx.start_fresh(&settings).await?;
            let light = client_of(&cx, &instance, 25, 1)?;
            expect_all_accepted(&burst(&light, 3).await?, "3 requests of one client")?;
            let heavy = client_of(&cx, &instance, 25, 2)?;
            expect_all_accepted(
                &burst(&heavy, DEFAULT_LIMIT).await?,
                "10 requests of another client",
            )?;
            hit(&heavy)
                .await?
                .expect_status(&[429], "that client's 11th request")?;
            let mut store = Resp::connect(port).await?;
            let keys = store.keys().await?;
            ensure!(
                !keys.is_empty(),
                "after 14 requests from 2 clients the service's Redis holds no keys: limits are not kept in the Redis REDIS_URL names"
            );
            let mut longest = 0;
            for key in &keys {
                let ttl = store.integer(&[b"PTTL", key]).await?;
                ensure!(
                    ttl != -1,
                    "the Redis key `{}` has no expiry (PTTL -1): a client seen once stays in Redis forever; set a TTL (EXPIRE/PEXPIRE) on every key",
                    String::from_utf8_lossy(key)
                );
                longest = longest.max(ttl);
            }
            cx.note(format!(
                "{} keys in Redis, the longest time to live {} s",
                keys.len(),
                (longest + 999) / 1000
            ));
            Ok::<_, Failure>(format!(
                "every key the service wrote to Redis ({}) expires by itself",
                keys.len()
            ))
        }
        .await;
        (redis, outcome)
    })
    .await
}

/// A minimal RESP client: enough to list keys and read their TTLs.
struct Resp {
    stream: BufReader<TcpStream>,
}

/// Every exchange with the grader's own Redis is bounded.
const RESP_TIMEOUT: Duration = Duration::from_secs(5);

impl Resp {
    async fn connect(port: u16) -> Result<Resp, Failure> {
        let stream = tokio::time::timeout(RESP_TIMEOUT, TcpStream::connect(("127.0.0.1", port)))
            .await
            .map_err(|_| Failure::error("connecting to the grader's redis-server timed out"))?
            .map_err(|error| {
                Failure::error(format!(
                    "cannot connect to the grader's redis-server: {error}"
                ))
            })?;
        Ok(Resp {
            stream: BufReader::new(stream),
        })
    }

    /// Sends a command and reads its reply's first line (after the type byte).
    async fn send(&mut self, args: &[&[u8]]) -> Result<(u8, String), Failure> {
        let mut command = format!("*{}\r\n", args.len()).into_bytes();
        for arg in args {
            command.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
            command.extend_from_slice(arg);
            command.extend_from_slice(b"\r\n");
        }
        tokio::time::timeout(RESP_TIMEOUT, self.stream.get_mut().write_all(&command))
            .await
            .map_err(|_| Failure::error("writing to the grader's redis-server timed out"))?
            .map_err(|error| Failure::error(format!("writing to redis-server: {error}")))?;
        self.line().await
    }

    async fn line(&mut self) -> Result<(u8, String), Failure> {
        let mut line = String::new();
        let read = tokio::time::timeout(RESP_TIMEOUT, self.stream.read_line(&mut line))
            .await
            .map_err(|_| Failure::error("the grader's redis-server did not answer"))?
            .map_err(|error| Failure::error(format!("reading from redis-server: {error}")))?;
        let line = line.trim_end_matches("\r\n");
        match (read, line.as_bytes().first()) {
            (0, _) | (_, None) => Err(Failure::error("redis-server closed the connection")),
            (_, Some(b'-')) => Err(Failure::error(format!("redis-server answered {line}"))),
            (_, Some(&kind)) => Ok((kind, line[1..].to_owned())),
        }
    }

    async fn integer(&mut self, args: &[&[u8]]) -> Result<i64, Failure> {
        match self.send(args).await? {
            (b':', value) => value
                .parse()
                .map_err(|_| Failure::error(format!("redis-server answered :{value}"))),
            (kind, value) => Err(Failure::error(format!(
                "redis-server answered {}{value} where a number was expected",
                char::from(kind)
            ))),
        }
    }

    /// The text of `INFO <section>`.
    async fn info(&mut self, section: &str) -> Result<String, Failure> {
        let (kind, length) = self.send(&[b"INFO", section.as_bytes()]).await?;
        let length: usize = match (kind, length.parse()) {
            (b'$', Ok(length)) => length,
            _ => return Err(Failure::error("redis-server answered INFO with no text")),
        };
        let mut text = vec![0; length + 2];
        tokio::time::timeout(RESP_TIMEOUT, self.stream.read_exact(&mut text))
            .await
            .map_err(|_| Failure::error("the grader's redis-server did not answer"))?
            .map_err(|error| Failure::error(format!("reading from redis-server: {error}")))?;
        text.truncate(length);
        Ok(String::from_utf8_lossy(&text).into_owned())
    }

    /// The commands anyone but this client sent (the grader's own Redis:
    /// only the service's), by name, from `INFO commandstats`. This client
    /// sends INFO alone before asking.
    async fn commands_of_others(&mut self) -> Result<Vec<String>, Failure> {
        let stats = self.info("commandstats").await?;
        let mut names: Vec<String> = stats
            .lines()
            .filter_map(|line| line.strip_prefix("cmdstat_"))
            .filter_map(|line| line.split(':').next())
            .filter(|name| *name != "info")
            .map(str::to_owned)
            .collect();
        names.sort();
        Ok(names)
    }

    /// Every key of the database (the grader's own Redis: only the service's).
    async fn keys(&mut self) -> Result<Vec<Vec<u8>>, Failure> {
        let (kind, count) = self.send(&[b"KEYS", b"*"]).await?;
        let count: usize = match (kind, count.parse()) {
            (b'*', Ok(count)) => count,
            _ => return Err(Failure::error("redis-server answered KEYS with no list")),
        };
        let mut keys = Vec::with_capacity(count);
        for _ in 0..count {
            let (kind, length) = self.line().await?;
            let length: usize = match (kind, length.parse()) {
                (b'$', Ok(length)) => length,
                _ => {
                    return Err(Failure::error(
                        "redis-server answered KEYS with a non-string",
                    ));
                }
            };
            let mut key = vec![0; length + 2];
            tokio::time::timeout(RESP_TIMEOUT, self.stream.read_exact(&mut key))
                .await
                .map_err(|_| Failure::error("the grader's redis-server did not answer"))?
                .map_err(|error| Failure::error(format!("reading from redis-server: {error}")))?;
            key.truncate(length);
            keys.push(key);
        }
        Ok(keys)
    }
}

/// Failing at startup without Redis means something only for a service
/// that uses Redis: one that exits whenever REDIS_URL is set (a Redis client
/// it cannot load, say) would pass on the second half alone. So first, with
/// the grader's Redis reachable, the service must start, answer a request and
/// have sent Redis a command; then, with REDIS_URL naming a port nothing
/// listens on, it must exit, non-zero, saying why.
pub async fn unreachable_fails_fast(cx: Ctx) -> Outcome {
    with_redis(|redis| async move {
        let settings = redis_settings(&redis);
        let port = redis.port();
        let outcome = async {
            let (instance, _) = cx.start_fresh(&settings).await?;
            hit(&client_of(&cx, &instance, 26, 1)?).await?;
            let used = Resp::connect(port).await?.commands_of_others().await?;
            ensure!(
                !used.is_empty(),
                "with REDIS_URL naming the grader's Redis, the service started and answered a request without sending that Redis a single command: it does not keep limits in Redis, so how it fails without one was not judged"
            );
            cx.note(format!(
                "with a reachable Redis the service sent it: {}",
                used.join(", ")
            ));
            instance.stop().await;
            fails_without_redis(&cx).await
        }
        .await;
        (redis, outcome)
    })
    .await
}

async fn fails_without_redis(cx: &Ctx) -> Outcome {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| Failure::error(format!("no free port: {error}")))?;
    let settings = Overrides::new().set("REDIS_URL", format!("redis://127.0.0.1:{port}/"));
    match cx.start_instance(&settings).await {
        Ok(_) => Err(Failure::fail(
            "with REDIS_URL pointing at no Redis, the service started anyway: it silently falls back to memory (or connects only later, when a request needs it)",
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
                "uses Redis, and refused to start ({exit}) with a message about Redis when it was unreachable"
            ))
        }
        Err(StartError::NeverReady { .. }) => Err(Failure::fail(
            "with an unreachable Redis the service neither started nor exited within 20 s: it hangs",
        )),
        Err(StartError::Spawn(message)) => Err(Failure::error(message)),
    }
}
