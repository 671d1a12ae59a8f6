//! `DELETE /products/{id}`.

use kit_harness::{Ctx, Outcome};

use crate::fixtures::{create, product, unknown_ids};

pub async fn ok(cx: Ctx) -> Outcome {
    let created = create(cx.http(), &product("to delete")).await?;
    let reply = cx.http().delete(&created.path()).send().await?;
    reply.expect_status(&[204], "deleting an existing product")?;
    reply.expect(
        reply.body.is_empty(),
        "an empty body (204 No Content)",
        || format!("a 204 must have no body, got {} bytes", reply.body.len()),
    )?;
    let reply = cx.http().get(&created.path()).send().await?;
    reply.expect_status(&[404], "reading a deleted product")?;
    Ok("204 with no body, then GET answers 404".to_owned())
}

pub async fn unknown_404(cx: Ctx) -> Outcome {
    for id in unknown_ids(3) {
        let reply = cx.http().delete(&format!("/products/{id}")).send().await?;
        reply.expect_status(&[404], "deleting an id that does not exist")?;
    }
    let created = create(cx.http(), &product("deleted twice")).await?;
    let reply = cx.http().delete(&created.path()).send().await?;
    reply.expect_status(&[204], "deleting an existing product")?;
    let reply = cx.http().delete(&created.path()).send().await?;
    reply.expect_status(&[404], "deleting the same product a second time")?;
    Ok("404 for unknown ids and for a second delete".to_owned())
}

pub async fn put_after_delete_404(cx: Ctx) -> Outcome {
    let created = create(cx.http(), &product("put after delete")).await?;
    let reply = cx.http().delete(&created.path()).send().await?;
    reply.expect_status(&[204], "deleting an existing product")?;
    let reply = cx
        .http()
        .put(&created.path())
        .json(&product("resurrected"))
        .send()
        .await?;
    reply.expect_status(&[404], "updating a deleted product")?;
    let reply = cx.http().get(&created.path()).send().await?;
    reply.expect_status(&[404], "reading a deleted product after a PUT on it")?;
    Ok("PUT on a deleted id answers 404 and does not bring it back".to_owned())
}
