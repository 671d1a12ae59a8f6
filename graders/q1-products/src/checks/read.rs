//! `GET /products/{id}` and `GET /products` (the list envelope).

use kit_harness::{Ctx, Outcome, Overrides, Value};

use crate::fixtures::{create, expect_fields, product, product_of, unknown_id};

pub async fn get_ok(cx: Ctx) -> Outcome {
    let body = product("get");
    let created = create(cx.http(), &body).await?;
    let reply = cx.http().get(&created.path()).send().await?;
    reply.expect_status(&[200], "an existing product")?;
    let fetched = product_of(&reply)?;
    reply.expect(
        fetched.id == created.id,
        "the same `id` as at creation",
        || format!("`id` is {}, created as {}", fetched.raw_id, created.raw_id),
    )?;
    expect_fields(&reply, &fetched, &body)?;
    Ok("200 with the stored product".to_owned())
}

/// With an id of the service's own shape (see `fixtures::unknown_id`).
pub async fn get_unknown_404(cx: Ctx) -> Outcome {
    let known = create(cx.http(), &product("shape of ids")).await?;
    let id = unknown_id(&known, 1);
    let reply = cx.http().get(&format!("/products/{id}")).send().await?;
    reply.expect_status(
        &[404],
        "an id that no product has (shaped like the service's ids)",
    )?;
    Ok(format!("404 for an id no product has ({id})"))
}

/// On a fresh instance, so the expected contents are exact.
pub async fn list_envelope(cx: Ctx) -> Outcome {
    let (_instance, http) = cx.start_fresh(&Overrides::new()).await?;
    let first = create(&http, &product("list one")).await?;
    let second = create(&http, &product("list two")).await?;
    let reply = http.get("/products").send().await?;
    reply.expect_status(&[200], "the product list")?;
    let envelope = reply.expect_json_object()?;
    let items = envelope.get("items").and_then(Value::as_array).cloned();
    reply.expect(items.is_some(), "an `items` array", || {
        "the body has no `items` array".to_owned()
    })?;
    let ids: Vec<Option<String>> = items
        .unwrap_or_default()
        .iter()
        .map(|item| item.get("id").and_then(kit_harness::json::id_in_path))
        .collect();
    let expected = vec![Some(first.id.clone()), Some(second.id.clone())];
    reply.expect(ids == expected, "`items` = the 2 products created, in creation order", || {
        format!("`items` ids are {ids:?}, expected {expected:?} (a fresh service holding 2 products)")
    })?;
    let total = envelope.get("total").and_then(Value::as_u64);
    reply.expect(total == Some(2), "`total` = 2", || {
        format!(
            "`total` is {}, expected 2",
            envelope.get("total").unwrap_or(&Value::Null)
        )
    })?;
    Ok("200 with {items, total} holding exactly the products created".to_owned())
}
