//! `DELETE /products/{id}`.

use kit_harness::{Ctx, Outcome};

use crate::fixtures::{create, expect_success, product, unknown_id};

/// The capability the other delete checks build on: a deleted product is
/// gone. Any 2xx will do here; `status_204` judges the answer itself.
pub async fn ok(cx: Ctx) -> Outcome {
    let created = create(cx.http(), &product("to delete")).await?;
    let reply = cx.http().delete(&created.path()).send().await?;
    expect_success(&reply, "deleting an existing product")?;
    let reply = cx.http().get(&created.path()).send().await?;
    reply.expect_status(&[404], "reading a deleted product")?;
    Ok("the deleted product is gone: GET answers 404".to_owned())
}

/// What a `DELETE` answers: 204 with no body.
pub async fn status_204(cx: Ctx) -> Outcome {
    let created = create(cx.http(), &product("deleted, answered")).await?;
    let reply = cx.http().delete(&created.path()).send().await?;
    reply.expect_status(&[204], "deleting an existing product")?;
    reply.expect(
        reply.body.is_empty(),
        "an empty body (204 No Content)",
        || format!("a 204 must have no body, got {} bytes", reply.body.len()),
    )?;
    Ok("204 with no body".to_owned())
}

/// An id of the service's own shape that no product has, and a product
/// deleted a moment before.
pub async fn unknown_404(cx: Ctx) -> Outcome {
    let created = create(cx.http(), &product("deleted twice")).await?;
    let id = unknown_id(&created, 3);
    let reply = cx.http().delete(&format!("/products/{id}")).send().await?;
    reply.expect_status(&[404], "deleting an id that no product has")?;
    let reply = cx.http().delete(&created.path()).send().await?;
    expect_success(&reply, "deleting an existing product")?;
    let reply = cx.http().delete(&created.path()).send().await?;
    reply.expect_status(&[404], "deleting the same product a second time")?;
    Ok(format!(
        "404 for an id no product has ({id}) and for a second delete"
    ))
}

pub async fn put_after_delete_404(cx: Ctx) -> Outcome {
    let created = create(cx.http(), &product("put after delete")).await?;
    let reply = cx.http().delete(&created.path()).send().await?;
    expect_success(&reply, "deleting an existing product")?;
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
