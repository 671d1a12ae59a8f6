//! Registering and logging in, the way every check needs it, failing the
//! check with evidence when the service does not answer as the contract says.

use kit_harness::json::id_in_path;
use kit_harness::{Failure, Http, Reply, Value, json};

/// A distinct address per check, so checks never see each other's accounts.
pub fn email(tag: &str) -> String {
    format!("{tag}@example.com")
}

/// An account the service created.
#[derive(Debug, Clone)]
pub struct Account {
    /// The id as it goes in a path and in `sub`.
    pub id: String,
    pub email: String,
    pub password: String,
}

pub async fn register_reply(http: &Http, email: &str, password: &str) -> Result<Reply, Failure> {
    http.post("/auth/register")
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
}

/// `POST /auth/register` that must answer 201 with `{id, email}`.
pub async fn register(http: &Http, email: &str, password: &str) -> Result<Account, Failure> {
    let reply = register_reply(http, email, password).await?;
    reply.expect_status(&[201], "registering a new account")?;
    let body = reply.expect_json_object()?;
    let raw_id = body.get("id").cloned().unwrap_or(Value::Null);
    let id = id_in_path(&raw_id);
    reply.expect(id.is_some(), "an `id` (number or non-empty string)", || {
        format!("the new account has no usable `id` (got {raw_id})")
    })?;
    Ok(Account {
        id: id.unwrap_or_default(),
        email: email.trim().to_lowercase(),
        password: password.to_owned(),
    })
}

pub async fn login_reply(http: &Http, email: &str, password: &str) -> Result<Reply, Failure> {
    http.post("/auth/login")
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
}

/// `POST /auth/login` that must answer 200 with an access token.
pub async fn login(http: &Http, email: &str, password: &str) -> Result<String, Failure> {
    let reply = login_reply(http, email, password).await?;
    reply.expect_status(&[200], "logging in with the right credentials")?;
    let body = reply.expect_json_object()?;
    let token = body
        .get("access_token")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    reply.expect(
        token.split('.').count() == 3,
        "an `access_token` that is a JWT (three dot-separated parts)",
        || {
            format!(
                "`access_token` is {}",
                body.get("access_token").unwrap_or(&Value::Null)
            )
        },
    )?;
    Ok(token)
}

/// A fresh account and a token for it.
pub async fn signed_in(http: &Http, tag: &str) -> Result<(Account, String), Failure> {
    let account = register(http, &email(tag), crate::settings::PASSWORD).await?;
    let token = login(http, &account.email, &account.password).await?;
    Ok((account, token))
}

/// `GET path` with `Authorization: <authorization>`, or no header at all.
pub async fn get_with(
    http: &Http,
    path: &str,
    authorization: Option<&str>,
) -> Result<Reply, Failure> {
    let mut request = http.get(path);
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    request.send().await
}

/// Whether two answers tell a client the same thing: the same status and the
/// same message (`error`, `message`, ...). Fields such as a request id or a
/// timestamp may differ; a body without a message must be identical.
pub fn same_answer(first: &Reply, second: &Reply) -> bool {
    let message = |reply: &Reply| reply.json().as_ref().and_then(json::error_message);
    first.status == second.status
        && match (message(first), message(second)) {
            (Some(first), Some(second)) => first == second,
            (None, None) => first.json() == second.json() && first.body == second.body,
            _ => false,
        }
}
