//! Registering and logging in, the way every check needs it, failing the
//! check with evidence when the service does not answer as the contract says.

use kit_harness::json::id_in_path;
use kit_harness::{Ctx, Failure, Http, Reply, Value, json};

/// The domain of every address the grader registers or asks about.
pub const EMAIL_DOMAIN: &str = "@example.com";

/// A distinct address per check, so checks never see each other's accounts;
/// and per attempt, so a check run again (alone, after a neighbour disturbed
/// it) does not find the account its first attempt registered.
pub fn email(tag: &str) -> String {
    match kit_harness::earlier_attempts() {
        0 => format!("{tag}{EMAIL_DOMAIN}"),
        earlier => format!("{tag}.again{earlier}{EMAIL_DOMAIN}"),
    }
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

/// What the checks that merely use registration accept. The exact status
/// the contract asks for (201) is scored once, by `q2.register.status_201`:
/// a 200 must not be charged again in every check that needs an account.
pub const REGISTERED: &[u16] = &[201, 200];
/// Likewise for a login: the exact 200 is `q2.login.token_claims`'s.
pub const LOGGED_IN: &[u16] = &[200, 201];

/// `POST /auth/register` that must create the account: a success with an `id`.
pub async fn register(http: &Http, email: &str, password: &str) -> Result<Account, Failure> {
    let reply = register_reply(http, email, password).await?;
    reply.expect_status(REGISTERED, "registering a new account")?;
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

/// `POST /auth/login` that must give an access token: a success with a JWT
/// in `access_token`.
pub async fn login(http: &Http, email: &str, password: &str) -> Result<String, Failure> {
    let reply = login_reply(http, email, password).await?;
    reply.expect_status(LOGGED_IN, "logging in with the right credentials")?;
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

/// The account `q2.auth.me` signed in and left for the checks that require
/// it: the token and middleware checks only read it (they send forged or
/// re-signed copies of its token), so one account serves them all instead
/// of a registration and a login each, two bcrypt hashes apiece.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: Account,
    pub token: String,
}

/// The account `q2.auth.me` left (see [`SignedIn`]); a fresh one, tagged
/// `tag`, when it left none (`--only` did not select it).
pub async fn reader(cx: &Ctx, tag: &str) -> Result<(Account, String), Failure> {
    if let Some(shared) = cx.shared::<SignedIn>() {
        return Ok((shared.account.clone(), shared.token.clone()));
    }
    signed_in(cx.http(), tag).await
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

/// An id nobody has, in the shape of `id`, one the service gave out: ids
/// are opaque, so a service with UUIDs may refuse `987654321` as malformed
/// (a 422 from its path or claim parsing) where the contract asks what it
/// does with an id that names no user. An integer id gets a large integer;
/// any other id keeps its length and alphabet with its last letter or digit
/// changed (a UUID stays a valid UUID).
pub fn unknown_id_like(id: &str) -> String {
    if !id.is_empty() && id.bytes().all(|byte| byte.is_ascii_digit()) {
        return if id == "987654321" {
            "987654322".to_owned()
        } else {
            "987654321".to_owned()
        };
    }
    let mut characters: Vec<char> = id.chars().collect();
    if let Some(last) = characters
        .iter_mut()
        .rev()
        .find(|character| character.is_ascii_alphanumeric())
    {
        *last = match *last {
            '0'..='8' | 'a'..='e' | 'A'..='E' => char::from(*last as u8 + 1),
            '9' => '0',
            'f' => 'a',
            'F' => 'A',
            'z' => 'y',
            'Z' => 'Y',
            other => char::from(other as u8 + 1),
        };
    }
    characters.into_iter().collect()
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

#[cfg(test)]
mod tests {
    use super::unknown_id_like;

    #[test]
    fn an_unknown_id_keeps_the_shape_of_a_real_one() {
        assert_eq!(unknown_id_like("7"), "987654321");
        assert_eq!(unknown_id_like("987654321"), "987654322");
        assert_eq!(
            unknown_id_like("0b7e3f2a-1c4d-4e5f-8a9b-0c1d2e3f4a5f"),
            "0b7e3f2a-1c4d-4e5f-8a9b-0c1d2e3f4a5a"
        );
        assert_eq!(unknown_id_like("usr_Kz"), "usr_Ky");
        assert_eq!(unknown_id_like("abc9"), "abc0");
        assert_ne!(unknown_id_like("x"), "x");
    }
}
