//! Every way an access token must be refused, and the few ways it must not.
//! Tokens are forged here with the test secret (`jsonwebtoken`), or by hand
//! where the library refuses to (`alg: none`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{StatusCode, header::WWW_AUTHENTICATE};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, SECRET, TestApp, assert_unauthorized, json_body};

fn now() -> i64 {
    let elapsed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    i64::try_from(elapsed.as_secs()).unwrap()
}

fn forge(alg: Algorithm, secret: &str, claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

/// A token with the right claims, as the service would issue it.
fn valid_claims(sub: &Value) -> Value {
    let now = now();
    json!({ "sub": sub.to_string(), "iat": now, "exp": now + 600 })
}

/// An unsigned token: `alg` as given, an empty signature.
fn unsigned(alg: &str, claims: &Value) -> String {
    let header = json!({ "alg": alg, "typ": "JWT" });
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// Asserts `GET /users/me` with this token is a 401 with a Bearer challenge.
async fn assert_refused(app: &TestApp, token: &str, case: &str) {
    let response = app.get_me(token).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{case}");
    assert_unauthorized(response).await;
}

#[tokio::test]
async fn a_token_forged_right_is_accepted() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;

    let token = forge(Algorithm::HS256, SECRET, &valid_claims(&user["id"]));

    let response = app.get_me(&token).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await, user);
}

#[tokio::test]
async fn an_iat_before_the_account_existed_is_fine_until_a_password_reset() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;
    let now = now();

    let claims = json!({ "sub": user["id"].to_string(), "iat": now - 30, "exp": now + 600 });

    let response = app.get_me(&forge(Algorithm::HS256, SECRET, &claims)).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_scheme_name_is_case_insensitive() {
    let app = TestApp::spawn().await;
    let (_, token) = app.signed_in("ann@example.com").await;

    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let response = app
            .get_with_authorization("/users/me", Some(&format!("{scheme} {token}")))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{scheme}");
    }
}

#[tokio::test]
async fn no_authorization_header_is_401_with_a_bare_bearer_challenge() {
    let app = TestApp::spawn().await;

    let response = app.get_with_authorization("/users/me", None).await;

    assert_eq!(response.headers()[WWW_AUTHENTICATE], "Bearer");
    let body = assert_unauthorized(response).await;
    assert_eq!(
        body["error"],
        "missing access token: send `Authorization: Bearer <token>`"
    );
}

#[tokio::test]
async fn another_scheme_is_401_even_with_a_valid_token() {
    let app = TestApp::spawn().await;
    let (_, token) = app.signed_in("ann@example.com").await;

    for header in [
        "Basic YW5uQGV4YW1wbGUuY29tOmNvcnJlY3QgaG9yc2UgYmF0dGVyeQ==".to_owned(),
        format!("Token {token}"),
        format!("JWT {token}"),
        token.clone(),
        format!("Bearer{token}"),
    ] {
        let response = app.get_with_authorization("/users/me", Some(&header)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{header}");
        assert_unauthorized(response).await;
    }
}

#[tokio::test]
async fn an_empty_or_malformed_token_is_401_invalid_token() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    for header in [
        "Bearer",
        "Bearer ",
        "Bearer not-a-jwt",
        "Bearer a.b.c",
        "Bearer ...",
        "Bearer eyJhbGciOiJIUzI1NiJ9.e30",
    ] {
        let response = app.get_with_authorization("/users/me", Some(header)).await;
        assert_eq!(
            response.headers()[WWW_AUTHENTICATE],
            r#"Bearer error="invalid_token""#,
            "{header}"
        );
        let body = assert_unauthorized(response).await;
        assert_eq!(body["error"], "invalid access token", "{header}");
    }
}

#[tokio::test]
async fn a_tampered_payload_or_signature_is_401() {
    let app = TestApp::spawn().await;
    let (_, token) = app.signed_in("ann@example.com").await;
    let (bob, _) = app.signed_in("bob@example.com").await;
    let parts: Vec<&str> = token.split('.').collect();

    // Bob's id in Ann's token, Ann's signature kept.
    let other_payload = URL_SAFE_NO_PAD.encode(valid_claims(&bob).to_string());
    let swapped = format!("{}.{other_payload}.{}", parts[0], parts[2]);
    assert_refused(&app, &swapped, "payload swapped").await;

    // The signature of another token.
    let other = forge(Algorithm::HS256, "another-secret", &valid_claims(&bob));
    let other_signature = other.rsplit('.').next().unwrap();
    let resigned = format!("{}.{}.{other_signature}", parts[0], parts[1]);
    assert_refused(&app, &resigned, "signature swapped").await;

    // No signature at all.
    let stripped = format!("{}.{}.", parts[0], parts[1]);
    assert_refused(&app, &stripped, "signature removed").await;
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_401() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;

    let token = forge(
        Algorithm::HS256,
        "not-the-secret",
        &valid_claims(&user["id"]),
    );

    assert_refused(&app, &token, "other secret").await;
}

#[tokio::test]
async fn alg_none_in_any_capitalisation_is_401() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;

    for alg in ["none", "None", "NONE", "nOnE"] {
        let token = unsigned(alg, &valid_claims(&user["id"]));
        assert_refused(&app, &token, alg).await;
    }
}

#[tokio::test]
async fn hs384_and_hs512_are_401_even_with_the_right_secret() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;

    for alg in [Algorithm::HS384, Algorithm::HS512] {
        let token = forge(alg, SECRET, &valid_claims(&user["id"]));
        assert_refused(&app, &token, &format!("{alg:?}")).await;
    }
}

#[tokio::test]
async fn an_expired_token_is_401_saying_so() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;
    let now = now();

    for exp_ago in [180, 61, 1] {
        let claims =
            json!({ "sub": user["id"].to_string(), "iat": now - 3600, "exp": now - exp_ago });
        let response = app.get_me(&forge(Algorithm::HS256, SECRET, &claims)).await;
        let body = assert_unauthorized(response).await;
        assert_eq!(body["error"], "access token has expired: log in again");
    }
}

#[tokio::test]
async fn a_token_expires_for_real_after_jwt_ttl_secs() {
    let app = TestApp::spawn_with(|settings| settings.jwt_ttl_secs = 2).await;
    let (_, token) = app.signed_in("ann@example.com").await;
    assert_eq!(app.get_me(&token).await.status(), StatusCode::OK);

    tokio::time::sleep(Duration::from_millis(3100)).await;

    assert_refused(&app, &token, "after its ttl").await;
}

#[tokio::test]
async fn a_token_without_exp_is_401() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;

    let claims = json!({ "sub": user["id"].to_string(), "iat": now() });

    assert_refused(&app, &forge(Algorithm::HS256, SECRET, &claims), "no exp").await;
}

#[tokio::test]
async fn a_token_without_sub_or_iat_is_401() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;
    let now = now();

    for claims in [
        json!({ "iat": now, "exp": now + 600 }),
        json!({ "sub": user["id"].to_string(), "exp": now + 600 }),
        json!({ "sub": user["id"], "iat": now, "exp": now + 600 }),
    ] {
        let token = forge(Algorithm::HS256, SECRET, &claims);
        assert_refused(&app, &token, &claims.to_string()).await;
    }
}

#[tokio::test]
async fn a_future_nbf_is_401_and_a_past_one_is_fine() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;
    let now = now();
    let with_nbf = |nbf: i64| {
        let claims =
            json!({ "sub": user["id"].to_string(), "iat": now, "exp": now + 7200, "nbf": nbf });
        forge(Algorithm::HS256, SECRET, &claims)
    };

    assert_refused(&app, &with_nbf(now + 3600), "nbf in an hour").await;
    assert_refused(&app, &with_nbf(now + 5), "nbf in 5 s").await;
    assert_eq!(
        app.get_me(&with_nbf(now - 5)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_token_for_a_user_that_does_not_exist_is_401() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    for sub in ["424242", "0", "ann@example.com", ""] {
        let now = now();
        let claims = json!({ "sub": sub, "iat": now, "exp": now + 600 });
        assert_refused(&app, &forge(Algorithm::HS256, SECRET, &claims), sub).await;
    }
}

#[tokio::test]
async fn a_token_issued_in_the_future_is_401() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;
    let now = now();

    let claims = json!({ "sub": user["id"].to_string(), "iat": now + 3600, "exp": now + 7200 });

    assert_refused(&app, &forge(Algorithm::HS256, SECRET, &claims), "iat ahead").await;
}

#[tokio::test]
async fn tokens_survive_a_restart() {
    let app = TestApp::spawn().await;
    let (_, token) = app.signed_in("ann@example.com").await;

    let app = app.restart().await;

    assert_eq!(app.get_me(&token).await.status(), StatusCode::OK);
    app.token_for("ann@example.com", PASSWORD).await;
}
