//! `PUT /products/{id}`: full replacement with the create rules.

use kit_harness::{Ctx, Outcome, json};

use crate::checks::validation::expect_rejected;
use crate::fixtures::{create, expect_fields, expect_success, product, product_of, unknown_id};

/// The capability the other update checks build on: a valid full update is
/// saved. Any 2xx will do here; `status_200` judges the answer itself.
pub async fn ok(cx: Ctx) -> Outcome {
    let created = create(cx.http(), &product("before update")).await?;
    let update =
        json!({ "name": "Desk lamp, updated", "description": "Now dimmable", "price": 24.5 });
    let reply = cx.http().put(&created.path()).json(&update).send().await?;
    expect_success(&reply, "a valid full update of an existing product")?;

    let reply = cx.http().get(&created.path()).send().await?;
    reply.expect_status(&[200], "reading the product after the update")?;
    let stored = product_of(&reply)?;
    reply.expect(stored.id == created.id, "the same `id`", || {
        format!("`id` changed from {} to {}", created.raw_id, stored.raw_id)
    })?;
    expect_fields(&reply, &stored, &update)?;
    Ok("a full update is saved: reading the product shows the new values".to_owned())
}

/// What a `PUT` answers: 200 with the product as updated.
pub async fn status_200(cx: Ctx) -> Outcome {
    let created = create(cx.http(), &product("answered update")).await?;
    let update =
        json!({ "name": "Desk lamp, answered", "description": "Now dimmable", "price": 24.5 });
    let reply = cx.http().put(&created.path()).json(&update).send().await?;
    reply.expect_status(&[200], "a valid full update of an existing product")?;
    let updated = product_of(&reply)?;
    reply.expect(updated.id == created.id, "the same `id`", || {
        format!("`id` changed from {} to {}", created.raw_id, updated.raw_id)
    })?;
    expect_fields(&reply, &updated, &update)?;
    Ok("200 with the updated product".to_owned())
}

/// PUT replaces the whole product: an omitted description becomes "".
pub async fn full_replacement(cx: Ctx) -> Outcome {
    let created = create(cx.http(), &product("full replacement")).await?;
    let update = json!({ "name": "Desk lamp, replaced", "price": 30 });
    let reply = cx.http().put(&created.path()).json(&update).send().await?;
    expect_success(&reply, "a full update without `description`")?;
    let reply = cx.http().get(&created.path()).send().await?;
    reply.expect_status(&[200], "reading the product after the update")?;
    let stored = product_of(&reply)?;
    expect_fields(&reply, &stored, &update)?;
    Ok("an omitted `description` is reset to \"\"".to_owned())
}

/// With a valid body and an id of the service's own shape.
pub async fn unknown_404(cx: Ctx) -> Outcome {
    let known = create(cx.http(), &product("shape of ids, update")).await?;
    let id = unknown_id(&known, 2);
    let reply = cx
        .http()
        .put(&format!("/products/{id}"))
        .json(&product("ghost"))
        .send()
        .await?;
    reply.expect_status(
        &[404],
        "updating an id that no product has (with a valid body)",
    )?;
    Ok(format!(
        "404 for an id no product has ({id}), with a valid body"
    ))
}

pub async fn rejects_invalid(cx: Ctx) -> Outcome {
    let original = product("validated update");
    let created = create(cx.http(), &original).await?;
    let path = created.path();
    let cases = [
        (
            "name",
            "an empty name in a full update",
            json!({ "name": "", "price": 5 }),
        ),
        (
            "price",
            "a negative price in a full update",
            json!({ "name": "Desk lamp", "price": -1 }),
        ),
        (
            "price",
            "a full update without price",
            json!({ "name": "Desk lamp" }),
        ),
    ];
    for (field, situation, body) in cases {
        let reply = cx.http().put(&path).json(&body).send().await?;
        expect_rejected(&reply, field, situation)?;
    }
    let reply = cx
        .http()
        .put(&path)
        .header("content-type", "application/json")
        .raw_body(r#"{"name": "Desk lamp", "price": "#)
        .send()
        .await?;
    reply.expect_status(&[400], "a full update with malformed JSON")?;
    reply.expect_error_message()?;
    let reply = cx.http().get(&path).send().await?;
    reply.expect_status(&[200], "reading the product after rejected updates")?;
    let stored = product_of(&reply)?;
    expect_fields(&reply, &stored, &original)?;
    Ok(
        "invalid full updates (bad fields, malformed JSON) are refused and change nothing"
            .to_owned(),
    )
}
