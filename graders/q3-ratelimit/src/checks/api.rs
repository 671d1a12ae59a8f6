//! The notes API behind the limiter must still work as before.

use kit_harness::{Ctx, Outcome, Overrides, Value, json};

use crate::clients::client_of;

/// On an instance of its own with the default settings: on the shared one a
/// service with one budget for every client would refuse these requests or
/// not depending on which check spent that budget first, and a fault of the
/// limiter is the limit checks' to judge, not this one's.
pub async fn still_works(cx: Ctx) -> Outcome {
    let (instance, _) = cx.start_fresh(&Overrides::new()).await?;
    let http = client_of(&cx, &instance, 13, 1)?;
    let reply = http
        .post("/api/notes")
        .json(&json!({ "text": "remember the milk" }))
        .send()
        .await?;
    reply.expect_status(&[201], "creating a note")?;
    let id = reply
        .json()
        .and_then(|body| body.get("id").and_then(kit_harness::json::id_in_path))
        .unwrap_or_default();
    let reply = http.get(&format!("/api/notes/{id}")).send().await?;
    reply.expect_status(&[200], "reading the note")?;
    let text = reply
        .json()
        .and_then(|body| body.get("text").and_then(Value::as_str).map(str::to_owned));
    reply.expect(
        text.as_deref() == Some("remember the milk"),
        "the note's text",
        || format!("got {}", reply.text()),
    )?;
    http.get("/api/notes")
        .send()
        .await?
        .expect_status(&[200], "listing notes")?;
    http.post("/api/notes")
        .json(&json!({ "text": "" }))
        .send()
        .await?
        .expect_status(&[422, 400], "an empty note")?;
    http.get("/api/notes/987654321")
        .send()
        .await?
        .expect_status(&[404], "a note that does not exist")?;
    Ok("the notes API answers as before behind the limiter".to_owned())
}
