//! `PATCH /products/{id}` (bonus): only the fields sent change.

use kit_harness::{Ctx, Outcome, json};

use crate::checks::validation::expect_rejected;
use crate::fixtures::{create, expect_fields, product, product_of, unknown_id};

pub async fn partial_update(cx: Ctx) -> Outcome {
    let original = product("patched");
    let created = create(cx.http(), &original).await?;
    let reply = cx
        .http()
        .patch(&created.path())
        .json(&json!({ "price": 7.5 }))
        .send()
        .await?;
    reply.expect_status(&[200], "a PATCH changing only the price")?;
    let mut expected = original.clone();
    expected["price"] = json!(7.5);
    let patched = product_of(&reply)?;
    expect_fields(&reply, &patched, &expected)?;

    let reply = cx.http().get(&created.path()).send().await?;
    reply.expect_status(&[200], "reading the patched product")?;
    let stored = product_of(&reply)?;
    expect_fields(&reply, &stored, &expected)?;

    let reply = cx
        .http()
        .patch(&created.path())
        .json(&json!({ "name": "" }))
        .send()
        .await?;
    expect_rejected(&reply, "name", "a PATCH with an empty name")?;

    let reply = cx
        .http()
        .patch(&format!("/products/{}", unknown_id(&created, 4)))
        .json(&json!({ "price": 1 }))
        .send()
        .await?;
    reply.expect_status(&[404], "a PATCH on an id that no product has")?;
    Ok("PATCH changes only the fields sent, validates them, 404 for unknown ids".to_owned())
}
