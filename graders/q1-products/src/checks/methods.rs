//! Known paths with unsupported methods: 405, with a JSON error and (bonus)
//! an `Allow` header.

use kit_harness::{Ctx, Method, Outcome, Reply};

use crate::fixtures::{create, product};

/// Requests with a method the path does not support, and the methods it does.
async fn unsupported(
    cx: &Ctx,
) -> Result<Vec<(Reply, &'static [&'static str])>, kit_harness::Failure> {
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
        (collection, &["GET", "POST"]),
        (item, &["GET", "PUT", "DELETE"]),
    ])
}

pub async fn not_allowed_405(cx: Ctx) -> Outcome {
    for (reply, _) in unsupported(&cx).await? {
        reply.expect_status(&[405], "a method the path does not support")?;
        reply.expect_error_message()?;
    }
    Ok("405 with a JSON error for DELETE /products and POST /products/{id}".to_owned())
}

pub async fn allow_header(cx: Ctx) -> Outcome {
    for (reply, supported) in unsupported(&cx).await? {
        reply.expect_status(&[405], "a method the path does not support")?;
        let allow = reply
            .header("allow")
            .unwrap_or_default()
            .to_ascii_uppercase();
        let listed: Vec<&str> = allow.split(',').map(str::trim).collect();
        let missing: Vec<&&str> = supported
            .iter()
            .filter(|method| !listed.contains(method))
            .collect();
        reply.expect(
            missing.is_empty(),
            &format!("an `Allow` header listing {}", supported.join(", ")),
            || match reply.header("allow") {
                Some(allow) => format!("`Allow: {allow}` does not list {missing:?}"),
                None => "no `Allow` header on the 405".to_owned(),
            },
        )?;
    }
    Ok("405 answers list the supported methods in `Allow`".to_owned())
}
