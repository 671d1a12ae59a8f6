use reqwest::{StatusCode, header::LOCATION};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, assert_error, assert_invalid_field, json_body};

#[tokio::test]
async fn registering_returns_201_the_id_and_email_and_a_location() {
    let app = TestApp::spawn().await;

    let response = app.register("ann@example.com", PASSWORD).await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    let user = json_body(response).await;
    assert_eq!(
        user,
        json!({ "id": user["id"], "email": "ann@example.com" })
    );
    assert!(user["id"].is_i64(), "{user}");
    assert_eq!(location, format!("/users/{}", user["id"]));
}

#[tokio::test]
async fn the_response_holds_neither_the_password_nor_its_hash() {
    let app = TestApp::spawn().await;

    let response = app.register("ann@example.com", PASSWORD).await;

    let text = response.text().await.unwrap();
    assert!(!text.contains(PASSWORD), "{text}");
    assert!(!text.contains("$2"), "{text}");
    assert!(!text.contains("password"), "{text}");
}

#[tokio::test]
async fn the_email_is_stored_trimmed_and_lower_cased() {
    let app = TestApp::spawn().await;

    let user = app.create_user("  Ann@Example.COM ").await;

    assert_eq!(user["email"], "ann@example.com");
}

#[tokio::test]
async fn an_email_taken_in_any_case_or_spacing_is_409() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    for email in ["ann@example.com", "Ann@Example.com ", " ANN@EXAMPLE.COM"] {
        let response = app.register(email, "another password").await;
        let body = assert_error(response, StatusCode::CONFLICT).await;
        assert_eq!(
            body,
            json!({ "error": "an account with this email already exists", "field": "email" })
        );
    }
}

#[tokio::test]
async fn invalid_emails_are_422_naming_email() {
    let app = TestApp::spawn().await;
    let too_long = format!("{}@{}.com", "l".repeat(64), "d".repeat(186));

    for email in [
        "",
        "ann",
        "ann@",
        "@example.com",
        "ann@example",
        "ann@@example.com",
        "ann@example.com@x.io",
        "ann@.example.com",
        "ann@example.com.",
        "ann smith@example.com",
        too_long.as_str(),
    ] {
        let response = app.register(email, PASSWORD).await;
        assert_invalid_field(response, "email").await;
    }
}

#[tokio::test]
async fn a_254_character_email_is_accepted() {
    let app = TestApp::spawn().await;
    let email = format!("{}@{}.com", "l".repeat(64), "d".repeat(185));
    assert_eq!(email.len(), 254);

    let response = app.register(&email, PASSWORD).await;

    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn passwords_under_8_characters_or_over_72_bytes_are_422_naming_password() {
    let app = TestApp::spawn().await;

    for password in [
        String::new(),
        "1234567".to_owned(),
        "x".repeat(73),
        // 19 characters, 76 bytes
        "😀".repeat(19),
    ] {
        let response = app.register("ann@example.com", &password).await;
        assert_invalid_field(response, "password").await;
    }
}

#[tokio::test]
async fn the_over_72_bytes_message_says_why() {
    let app = TestApp::spawn().await;

    let response = app.register("ann@example.com", &"x".repeat(100)).await;

    let body = assert_invalid_field(response, "password").await;
    assert_eq!(
        body["error"],
        "password must be at most 72 bytes of UTF-8, got 100: \
         bcrypt ignores everything past byte 72"
    );
}

#[tokio::test]
async fn passwords_of_8_characters_and_of_72_bytes_are_accepted() {
    let app = TestApp::spawn().await;

    for (email, password) in [
        ("eight@example.com", "12345678".to_owned()),
        ("accents@example.com", "éééééééé".to_owned()),
        ("long@example.com", "x".repeat(72)),
    ] {
        let response = app.register(email, &password).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{password}");
        app.token_for(email, &password).await;
    }
}

#[tokio::test]
async fn missing_fields_and_wrong_types_are_422_naming_the_field() {
    let app = TestApp::spawn().await;

    for (body, field) in [
        (json!({ "password": PASSWORD }), "email"),
        (json!({ "email": "ann@example.com" }), "password"),
        (json!({ "email": 42, "password": PASSWORD }), "email"),
        (json!({ "email": null, "password": PASSWORD }), "email"),
        (
            json!({ "email": "ann@example.com", "password": 12345678 }),
            "password",
        ),
        (
            json!({ "email": "ann@example.com", "password": ["x"] }),
            "password",
        ),
    ] {
        let response = app.post_json("/auth/register", &body).await;
        assert_invalid_field(response, field).await;
    }
}

#[tokio::test]
async fn a_rejected_registration_stores_nothing() {
    let app = TestApp::spawn().await;

    app.register("ann@example.com", "short").await;

    let users: i64 = app
        .db()
        .query_row("SELECT COUNT(*) FROM users", [], |row| row.get(0))
        .unwrap();
    assert_eq!(users, 0);
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let app = TestApp::spawn().await;

    let response = app
        .post_json(
            "/auth/register",
            &json!({ "email": "ann@example.com", "password": PASSWORD, "id": 1, "admin": true }),
        )
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(json_body(response).await.get("admin"), None);
}
