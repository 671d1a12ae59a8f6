//! Password reset by email (bonus): `POST /auth/password-reset` writes one
//! message into `MAIL_OUTBOX_DIR`; its link carries a single-use token.

use std::path::PathBuf;
use std::time::Duration;

use kit_harness::sqlite::Database;
use kit_harness::{Ctx, Failure, Http, Instance, Outcome, Overrides, Reply, ensure, json};

use crate::accounts::{
    email, get_with, login, login_reply, register, same_answer as same_answer_as, signed_in,
};
use crate::outbox::{self, Claim, Outbox};
use crate::settings::{PASSWORD, PUBLIC_BASE_URL};

pub const NEW_PASSWORD: &str = "brand-new-password-after-reset";

/// What the checks that merely use a reset request accept: the exact 202 is
/// `q2.reset.same_answer`'s, so that a 200 is not charged again in every
/// reset check.
const REQUESTED: &[u16] = &[202, 200, 204];

/// The instance's outbox, read beneath its run folder.
fn outbox_of(instance: &Instance) -> Result<Outbox, Failure> {
    let files = instance.files();
    let dir = files
        .path_of("MAIL_OUTBOX_DIR")
        .ok_or_else(|| Failure::error("no MAIL_OUTBOX_DIR"))?;
    Ok(Outbox::new(&files.work_dir, dir))
}

pub async fn request(http: &Http, address: &str) -> Result<Reply, Failure> {
    http.post("/auth/password-reset")
        .json(&json!({ "email": address }))
        .send()
        .await
}

pub async fn confirm(http: &Http, token: &str, new_password: &str) -> Result<Reply, Failure> {
    http.post("/auth/password-reset/confirm")
        .json(&json!({ "token": token, "new_password": new_password }))
        .send()
        .await
}

/// Whether the outbox `http`'s instance writes to is shared with checks
/// in flight beside this one: the main instance's, unless this check runs
/// alone.
fn shared(cx: &Ctx, http: &Http) -> bool {
    !cx.runs_alone() && http.instance().is(cx.main())
}

/// The new messages for `recipient` this check takes as its own. Alone, or
/// on an instance of its own, every new message is (a sequential run's
/// view). Beside other checks, those naming `recipient` (each check has its
/// own address); when whose a new message is cannot be told, the check runs
/// again alone.
async fn arrivals(
    cx: &Ctx,
    http: &Http,
    outbox: &Outbox,
    recipient: &str,
    before: &[PathBuf],
) -> Result<Vec<PathBuf>, Failure> {
    if !shared(cx, http) {
        return outbox.arrivals(before).await;
    }
    claimed(cx, outbox.arrivals_naming(recipient, before).await?)
}

/// [`arrivals`] for a message that must not come: watched for `SILENCE`.
async fn arrivals_after_silence(
    cx: &Ctx,
    http: &Http,
    outbox: &Outbox,
    recipient: &str,
    before: &[PathBuf],
) -> Result<Vec<PathBuf>, Failure> {
    if !shared(cx, http) {
        return outbox.arrivals_after_silence(before).await;
    }
    claimed(
        cx,
        outbox
            .arrivals_naming_after_silence(recipient, before)
            .await?,
    )
}

fn claimed(cx: &Ctx, claim: Claim) -> Result<Vec<PathBuf>, Failure> {
    match claim {
        Claim::Mine(files) => Ok(files),
        Claim::Unclear => {
            // This result is dropped: the check's run alone decides.
            cx.run_again_alone();
            Err(Failure::fail(
                "a new message in MAIL_OUTBOX_DIR names none of the grader's addresses or cannot be read: beside other checks, whose it is cannot be told",
            ))
        }
    }
}

/// Requests a reset for `address` and returns the text of the one new
/// message for it in the outbox, once it holds a link.
async fn reset_message(cx: &Ctx, http: &Http, address: &str) -> Result<String, Failure> {
    let outbox = outbox_of(http.instance())?;
    let before = outbox.files()?;
    let reply = request(http, address).await?;
    reply.expect_status(REQUESTED, "a password reset for an existing account")?;
    let new = arrivals(cx, http, &outbox, address, &before).await?;
    ensure!(
        new.len() == 1,
        "expected exactly one new message in MAIL_OUTBOX_DIR within {} s of the request, found {}",
        outbox::DELIVERY.as_secs(),
        new.len()
    );
    outbox.text_with_link(&new[0], PUBLIC_BASE_URL).await
}

fn token_in(text: &str) -> Result<String, Failure> {
    outbox::reset_token(text, PUBLIC_BASE_URL).ok_or_else(|| {
        Failure::fail(format!(
            "the message has no link `{PUBLIC_BASE_URL}/reset-password?token=...` (PUBLIC_BASE_URL is {PUBLIC_BASE_URL})"
        ))
    })
}

/// Requests a reset for `address` (through `http`, to the main instance or
/// one of the check's own) and returns the token from the one new message
/// in the outbox.
pub async fn token_for(cx: &Ctx, http: &Http, address: &str) -> Result<String, Failure> {
    token_in(&reset_message(cx, http, address).await?)
}

/// The prerequisite of every reset check: a reset request for an existing
/// account writes exactly one message. Only that: the exact 202 is
/// `same_answer`'s, the message's recipient and link `link`'s.
pub async fn request_sends_message(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("reset-request"), PASSWORD).await?;
    let outbox = outbox_of(cx.main())?;
    let before = outbox.files()?;
    let reply = request(cx.http(), &account.email).await?;
    reply.expect_status(REQUESTED, "a reset for an existing account")?;
    let new = arrivals(&cx, cx.http(), &outbox, &account.email, &before).await?;
    ensure!(
        new.len() == 1,
        "expected one message in MAIL_OUTBOX_DIR for the account within {} s, found {}",
        outbox::DELIVERY.as_secs(),
        new.len()
    );
    Ok("one message in MAIL_OUTBOX_DIR for the account".to_owned())
}

/// No account enumeration through the reset form: an unknown email gets the
/// same answer and no message.
pub async fn same_answer(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("reset-answer"), PASSWORD).await?;
    let outbox = outbox_of(cx.main())?;
    let before = outbox.files()?;
    let known = request(cx.http(), &account.email).await?;
    known.expect_status(
        &[202],
        "a reset for an existing account (the contract: 202)",
    )?;
    arrivals(&cx, cx.http(), &outbox, &account.email, &before).await?;
    let nobody = email("reset-nobody");
    let before = outbox.files()?;
    let unknown = request(cx.http(), &nobody).await?;
    unknown.expect_status(&[202], "a reset for an email with no account")?;
    unknown.expect(
        same_answer_as(&known, &unknown),
        "the same answer as for an existing account",
        || {
            format!(
                "`{}` for an existing account but `{}` for an unknown one: it tells which emails have accounts",
                known.text(),
                unknown.text()
            )
        },
    )?;
    let after_unknown = arrivals_after_silence(&cx, cx.http(), &outbox, &nobody, &before).await?;
    ensure!(
        after_unknown.is_empty(),
        "a message was written for an email with no account ({} files)",
        after_unknown.len()
    );
    Ok("an unknown email gets the same 202 answer, and no message".to_owned())
}

/// The message names its recipient and links to
/// `{PUBLIC_BASE_URL}/reset-password?token=<token>` with 128 random bits.
pub async fn link(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("reset-link"), PASSWORD).await?;
    let text = reset_message(&cx, cx.http(), &account.email).await?;
    let token = token_in(&text)?;
    ensure!(
        text.to_lowercase().contains(&account.email),
        "the message does not name its recipient ({})",
        account.email
    );
    // 128 bits: 22 base64url characters, or 32 hex digits.
    let hex = token.chars().all(|character| character.is_ascii_hexdigit());
    let enough = if hex {
        token.len() >= 32
    } else {
        token.len() >= 22
    };
    ensure!(
        enough,
        "the reset token `{token}` is too short to hold 128 random bits ({} characters)",
        token.len()
    );
    Ok(format!(
        "the message names its recipient and links to {PUBLIC_BASE_URL}/reset-password?token=<{} characters>",
        token.len()
    ))
}

pub async fn confirm_changes_password(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("reset-confirm"), PASSWORD).await?;
    let token = token_for(&cx, cx.http(), &account.email).await?;
    let reply = confirm(cx.http(), &token, NEW_PASSWORD).await?;
    reply.expect_status(&[204, 200], "confirming with the token from the email")?;
    login(cx.http(), &account.email, NEW_PASSWORD).await?;
    let reply = login_reply(cx.http(), &account.email, PASSWORD).await?;
    reply.expect_status(&[401], "the old password after the reset")?;
    Ok("the new password logs in, the old one does not".to_owned())
}

pub async fn single_use(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("reset-twice"), PASSWORD).await?;
    let token = token_for(&cx, cx.http(), &account.email).await?;
    confirm(cx.http(), &token, NEW_PASSWORD)
        .await?
        .expect_status(&[204, 200], "the first use of the token")?;
    let reply = confirm(cx.http(), &token, "a-second-new-password").await?;
    reply.expect_status(&[400], "the same token a second time")?;
    reply.expect_error_message()?;
    let reply = login_reply(cx.http(), &account.email, "a-second-new-password").await?;
    reply.expect_status(&[401], "the password the reused token tried to set")?;
    let reply = confirm(cx.http(), "not-a-real-token-0000000000", NEW_PASSWORD).await?;
    reply.expect_status(&[400], "a token that was never issued")?;
    Ok("a token works once; unknown tokens are refused".to_owned())
}

pub async fn token_stored_hashed(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("reset-hashed"), PASSWORD).await?;
    let token = token_for(&cx, cx.http(), &account.email).await?;
    let files = cx.files();
    let path = files
        .path_of("DATABASE_PATH")
        .ok_or_else(|| Failure::error("no DATABASE_PATH"))?;
    let found: Vec<String> = Database::open_beneath(&files.work_dir, path)?
        .cells()?
        .into_iter()
        .filter(|cell| cell.value.contains(&token))
        .map(|cell| format!("{}.{}", cell.table, cell.column))
        .collect();
    ensure!(
        found.is_empty(),
        "the raw reset token is stored in {}: anyone who reads the database can reset the password",
        found.join(", ")
    );
    Ok("the reset token is not stored as is".to_owned())
}

/// On an instance with `RESET_TOKEN_TTL_SECS=4`: a token used 6 s later is
/// refused, one used at once works (so refusing everything cannot pass).
/// Whole-second clocks and a busy machine both fit in the margins.
pub async fn expires(cx: Ctx) -> Outcome {
    let (_instance, http) = cx
        .start_fresh(&Overrides::new().set("RESET_TOKEN_TTL_SECS", "4"))
        .await?;
    let account = register(&http, &email("reset-expiry"), PASSWORD).await?;
    let stale = token_for(&cx, &http, &account.email).await?;
    // An older token is as stale: the checks that run alone may use the time.
    cx.idle_for(Duration::from_secs(6)).await;
    let reply = confirm(&http, &stale, NEW_PASSWORD).await?;
    reply.expect_status(&[400], "a token 6 s old (RESET_TOKEN_TTL_SECS=4)")?;
    let fresh = token_for(&cx, &http, &account.email).await?;
    confirm(&http, &fresh, NEW_PASSWORD)
        .await?
        .expect_status(&[204, 200], "a token used at once")?;
    Ok("tokens expire after RESET_TOKEN_TTL_SECS".to_owned())
}

/// The new password follows the registration rules: a weak one is refused
/// with 422 and the password stays as it was.
pub async fn new_password_rules(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("reset-weak"), PASSWORD).await?;
    let token = token_for(&cx, cx.http(), &account.email).await?;
    let reply = confirm(cx.http(), &token, "short").await?;
    reply.expect_status(&[422, 400], "a 5-character new password")?;
    reply.expect_error_message()?;
    login(cx.http(), &account.email, PASSWORD)
        .await
        .map_err(|failure| {
            Failure::fail(format!(
                "after the refused reset the old password no longer logs in: {}",
                failure.message
            ))
        })?;
    Ok("a weak new password gets 422; the password is unchanged".to_owned())
}

pub async fn host_header_ignored(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("reset-host"), PASSWORD).await?;
    let outbox = outbox_of(cx.main())?;
    let before = outbox.files()?;
    let reply = cx
        .http()
        .post("/auth/password-reset")
        .header("host", "evil.example")
        .json(&json!({ "email": account.email }))
        .send()
        .await?;
    reply.expect_status(REQUESTED, "a reset request with `Host: evil.example`")?;
    let new = arrivals(&cx, cx.http(), &outbox, &account.email, &before).await?;
    ensure!(
        new.len() == 1,
        "expected one new message, found {}",
        new.len()
    );
    let text = outbox.text_with_link(&new[0], "").await?;
    ensure!(
        !text.contains("evil.example"),
        "the reset link follows the Host header (evil.example): a phishing vector (host header injection)"
    );
    let bases = outbox::link_bases(&text);
    ensure!(
        bases.iter().all(|base| base == PUBLIC_BASE_URL),
        "the reset link starts with {bases:?}, expected {PUBLIC_BASE_URL}"
    );
    Ok("the link uses PUBLIC_BASE_URL whatever the Host header".to_owned())
}

pub async fn old_tokens_rejected(cx: Ctx) -> Outcome {
    let (account, old_token) = signed_in(cx.http(), "reset-revokes").await?;
    // Timestamps are whole seconds: let the token's `iat` fall strictly
    // before the reset.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let reset = token_for(&cx, cx.http(), &account.email).await?;
    confirm(cx.http(), &reset, NEW_PASSWORD)
        .await?
        .expect_status(&[204, 200], "confirming the reset")?;
    let reply = get_with(cx.http(), "/users/me", Some(&format!("Bearer {old_token}"))).await?;
    reply.expect_status(&[401], "a token issued before the password reset")?;
    let new_token = login(cx.http(), &account.email, NEW_PASSWORD).await?;
    let reply = get_with(cx.http(), "/users/me", Some(&format!("Bearer {new_token}"))).await?;
    reply.expect_status(&[200], "a token issued after the reset")?;
    Ok("tokens issued before a reset stop working; new ones work".to_owned())
}
