//! What the service leaves in its database, read as the grader reads it.

use std::collections::HashSet;

use reqwest::StatusCode;
use rusqlite::types::ValueRef;
use serde_json::json;
use tokio::task::JoinSet;

use crate::helpers::{PASSWORD, TestApp, json_body};

/// Asserts that no cell of any table contains `needle`.
pub fn assert_in_no_cell(app: &TestApp, needle: &str) {
    let db = app.db();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables {
        let mut select = db.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = select.column_count();
        let mut rows = select.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for column in 0..columns {
                let cell = match row.get_ref(column).unwrap() {
                    ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
                        String::from_utf8_lossy(bytes).into_owned()
                    }
                    _ => continue,
                };
                assert!(
                    !cell.contains(needle),
                    "`{needle}` found in table {table}, column {column}"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_password_is_stored_as_a_bcrypt_hash_at_the_configured_cost() {
    let app = TestApp::spawn_with(|settings| settings.bcrypt_cost = 10).await;
    app.create_user("ann@example.com").await;

    let hash: String = app
        .db()
        .query_row("SELECT password_hash FROM users", [], |row| row.get(0))
        .unwrap();

    assert!(hash.starts_with("$2b$10$"), "{hash}");
    assert_eq!(hash.len(), 60);
}

#[tokio::test]
async fn no_password_appears_in_any_cell_after_a_full_flow() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;
    app.login("ann@example.com", "a wrong password").await;
    let token = app.reset_token_for("ann@example.com").await;
    app.confirm_reset(&token, "a brand new passphrase").await;

    for secret in [
        PASSWORD,
        "a wrong password",
        "a brand new passphrase",
        &token,
    ] {
        assert_in_no_cell(&app, secret);
    }
}

#[tokio::test]
async fn the_database_enforces_email_uniqueness() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    let db = rusqlite::Connection::open(&app.settings.database_path).unwrap();
    let duplicate = db.execute(
        "INSERT INTO users (email, password_hash, created_at)
         SELECT email, password_hash, created_at FROM users",
        [],
    );

    let err = duplicate.expect_err("a second row with the same email was accepted");
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ConstraintViolation)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_concurrent_registrations_of_one_email_give_one_201_and_nine_409() {
    let app = TestApp::spawn().await;
    let mut requests = JoinSet::new();
    for i in 0..10 {
        // The same account, spelt differently.
        let email = if i % 2 == 0 {
            "ann@example.com"
        } else {
            " ANN@example.com"
        };
        let request = app
            .client
            .post(app.url("/auth/register"))
            .json(&json!({ "email": email, "password": PASSWORD }));
        requests.spawn(async move {
            let response = request.send().await.expect("the request did not complete");
            response.status()
        });
    }

    let mut statuses = Vec::new();
    while let Some(status) = requests.join_next().await {
        statuses.push(status.expect("a request task panicked"));
    }
    statuses.sort();
    let mut expected = vec![StatusCode::CREATED];
    expected.extend([StatusCode::CONFLICT; 9]);
    assert_eq!(statuses, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_registrations_of_different_emails_all_succeed() {
    let app = TestApp::spawn().await;
    let mut requests = JoinSet::new();
    for i in 0..20 {
        let request = app
            .client
            .post(app.url("/auth/register"))
            .json(&json!({ "email": format!("user{i}@example.com"), "password": PASSWORD }));
        requests.spawn(async move {
            let response = request.send().await.expect("the request did not complete");
            (response.status(), json_body(response).await)
        });
    }

    let mut ids = HashSet::new();
    while let Some(result) = requests.join_next().await {
        let (status, user) = result.expect("a request task panicked");
        assert_eq!(status, StatusCode::CREATED, "{user}");
        ids.insert(user["id"].to_string());
    }
    assert_eq!(ids.len(), 20);
}

#[tokio::test]
async fn accounts_survive_a_restart() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;

    let app = app.restart().await;

    let token = app.token_for("ann@example.com", PASSWORD).await;
    assert_eq!(json_body(app.get_me(&token).await).await, user);
    let response = app.register("ann@example.com", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
}
