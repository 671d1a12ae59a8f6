//! Known paths with unsupported methods: 405, with a JSON error and (bonus)
//! an `Allow` header.

use kit_harness::{Ctx, Method, Outcome, Reply};

use crate::fixtures::{create, product};

/// Requests with a method the path does not support: the method sent, and
/// the methods the path does support.
async fn unsupported(
    cx: &Ctx,
) -> Result<Vec<(Reply, &'static str, &'static [&'static str])>, kit_harness::Failure> {
    let created = create(cx.http(), &product("method probe")).await?;
    let collection = cx
        .http()
        .request(Method::DELETE, "/products")
        .send()
        .await?;
    let item = cx
        .http()
        .request(Method::POST, &created.path())
        .json(&product("posted to an item"))
        .send()
        .await?;
    Ok(vec![
        (collection, "DELETE", &["GET", "POST", "HEAD", "OPTIONS"]),
        (
            item,
            "POST",
            &["GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
        ),
    ])
}

pub async fn not_allowed_405(cx: Ctx) -> Outcome {
    for (reply, _, _) in unsupported(&cx).await? {
        reply.expect_status(&[405], "a method the path does not support")?;
        reply.expect_error_message()?;
    }
    Ok("405 with a JSON error for DELETE /products and POST /products/{id}".to_owned())
}

/// An `Allow` header that names methods the path supports and not the one
/// refused. The contract asks for "an Allow header", not for every method:
/// some frameworks list only the methods of the first route that matched
/// the path (FastAPI answers `Allow: GET` on a path that also takes PUT).
pub async fn allow_header(cx: Ctx) -> Outcome {
    for (reply, refused, supported) in unsupported(&cx).await? {
        reply.expect_status(&[405], "a method the path does not support")?;
        let allow = reply
            .header("allow")
            .unwrap_or_default()
            .to_ascii_uppercase();
        let listed: Vec<&str> = allow
            .split(',')
            .map(str::trim)
            .filter(|method| !method.is_empty())
            .collect();
        let wrong: Vec<&&str> = listed
            .iter()
            .filter(|method| !supported.contains(method))
            .collect();
        reply.expect(
            !listed.is_empty() && wrong.is_empty(),
            &format!("an `Allow` header naming the methods the path supports (not {refused})"),
            || match reply.header("allow") {
                None => "no `Allow` header on the 405".to_owned(),
                Some(allow) if listed.is_empty() => format!("`Allow: {allow}` names no method"),
                Some(allow) => {
                    format!("`Allow: {allow}` names {wrong:?}, which the path does not support")
                }
            },
        )?;
    }
    Ok("405 answers name the supported methods in `Allow`".to_owned())
}
