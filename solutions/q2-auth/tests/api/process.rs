//! The compiled binary, run as the grader runs it: a scrubbed environment,
//! a fresh working directory, and everything it prints captured.

use std::{
    io::{BufRead, BufReader, Read},
    path::Path,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex, mpsc},
    thread::{self, JoinHandle},
    time::Duration,
};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::reset_link_token;

const BINARY: &str = env!("CARGO_BIN_EXE_q2-auth-solution");

/// The binary with only the variables of the contract, run in `dir`.
fn command(dir: &Path, vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in vars {
        command.env(name, value);
    }
    command
}

#[test]
fn without_jwt_secret_it_exits_non_zero_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();

    let output = command(dir.path(), &[("PORT", "0")]).output().unwrap();

    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("q2-auth-solution: JWT_SECRET is not set"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("data.db").exists(),
        "it touched the database"
    );
}

#[test]
fn an_empty_jwt_secret_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();

    let output = command(dir.path(), &[("PORT", "0"), ("JWT_SECRET", "")])
        .output()
        .unwrap();

    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr, "q2-auth-solution: JWT_SECRET must not be empty\n");
}

/// A running binary and what it has printed so far.
struct Service {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

impl Service {
    fn start(dir: &Path, vars: &[(&str, &str)]) -> Self {
        let mut child = command(dir, vars).spawn().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = mpsc::channel();

        let mut err = BufReader::new(child.stderr.take().unwrap());
        let captured = Arc::clone(&stderr);
        let stderr_reader = thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).unwrap_or(0) > 0 {
                if let Some(port) = line.split("listening port=").nth(1) {
                    let _ = port_tx.send(port.trim().parse::<u16>().unwrap());
                }
                captured.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let mut out = child.stdout.take().unwrap();
        let captured = Arc::clone(&stderr);
        let stdout_reader = thread::spawn(move || {
            let mut text = String::new();
            let _ = out.read_to_string(&mut text);
            captured.lock().unwrap().push_str(&text);
        });

        let port = port_rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("not listening after 20 s:\n{}", stderr.lock().unwrap()));
        Self {
            child,
            port,
            stderr,
            readers: vec![stderr_reader, stdout_reader],
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Kills the process; everything it printed, stdout and stderr.
    fn stop(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        for reader in self.readers {
            reader.join().unwrap();
        }
        self.stderr.lock().unwrap().clone()
    }
}

/// The real binary, bcrypt cost 12 included (about a second per hash in a
/// debug build): a whole flow, with debug logs on, then a search of
/// everything it printed for every secret that went through it.
#[tokio::test]
async fn nothing_it_prints_contains_a_password_a_token_or_a_hash() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start(
        dir.path(),
        &[
            ("PORT", "0"),
            ("JWT_SECRET", "process-test-secret-with-32-bytes-or-more"),
            ("RUST_LOG", "debug"),
        ],
    );
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let post = |path: &str, body: Value| client.post(service.url(path)).json(&body).send();
    let password = "first-secret-passphrase";
    let new_password = "second-secret-passphrase";

    let response = post(
        "/auth/register",
        json!({ "email": "ann@example.com", "password": password }),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let login = post(
        "/auth/login",
        json!({ "email": "ann@example.com", "password": password }),
    )
    .await
    .unwrap();
    let access_token = login.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = client
        .get(service.url("/users/me"))
        .bearer_auth(&access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    // Tokens where a careless log would print them: a query string, a
    // refused header, a body that is not an object.
    client
        .get(service.url(&format!("/users/me?access_token={access_token}")))
        .header("Authorization", format!("Basic {access_token}"))
        .send()
        .await
        .unwrap();
    post("/auth/login", json!(password)).await.unwrap();
    post(
        "/auth/login",
        json!({ "email": "ann@example.com", "password": "wrong-secret-passphrase" }),
    )
    .await
    .unwrap();

    post(
        "/auth/password-reset",
        json!({ "email": "ann@example.com" }),
    )
    .await
    .unwrap();
    let outbox = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .next()
        .expect("no email in ./outbox")
        .unwrap()
        .path();
    let message = std::fs::read_to_string(outbox).unwrap();
    // PUBLIC_BASE_URL's default.
    let reset_token = reset_link_token(&message, "http://localhost:8080");
    client
        .get(service.url(&format!("/reset-password?token={reset_token}")))
        .send()
        .await
        .unwrap();
    let confirm = post(
        "/auth/password-reset/confirm",
        json!({ "token": reset_token, "new_password": new_password }),
    )
    .await
    .unwrap();
    assert_eq!(confirm.status(), StatusCode::NO_CONTENT);

    let db = rusqlite::Connection::open(dir.path().join("data.db")).unwrap();
    let hash: String = db
        .query_row("SELECT password_hash FROM users", [], |row| row.get(0))
        .unwrap();
    assert!(hash.starts_with("$2b$12$"), "{hash}");

    let output = service.stop();
    assert!(output.contains("listening"), "{output}");
    assert!(output.contains("POST /auth/login 200"), "{output}");
    for (what, secret) in [
        ("the password", password),
        ("the new password", new_password),
        ("the wrong password", "wrong-secret-passphrase"),
        ("the access token", &access_token),
        (
            "the access token's signature",
            access_token.rsplit('.').next().unwrap(),
        ),
        ("the reset token", &reset_token),
        (
            "the JWT secret",
            "process-test-secret-with-32-bytes-or-more",
        ),
        ("the hash", &hash),
        ("a bcrypt hash", "$2b$"),
    ] {
        assert!(!output.contains(secret), "{what} was printed:\n{output}");
    }
}
