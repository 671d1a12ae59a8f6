//! Persistence, concurrency and data fidelity.

use std::collections::HashSet;

use futures_util::future::join_all;
use kit_harness::{Ctx, Outcome, Overrides, Value, ensure, json};

use crate::fixtures::{create, expect_fields, expect_success, fetch, product, product_of};

/// On an instance of its own, so that restarting it disturbs no other check
/// and the check need not run alone: its files and settings are the main
/// instance's kind (a fresh working directory), kept across the restart.
pub async fn survives_restart(cx: Ctx) -> Outcome {
    let (instance, http) = cx.start_fresh(&Overrides::new()).await?;
    let body = product("persistent");
    let created = create(&http, &body).await?;
    cx.restart_instance(&instance).await?;
    let reply = http.get(&created.path()).send().await?;
    reply.expect_status(&[200], "reading a product created before the restart")?;
    let stored = product_of(&reply)?;
    expect_fields(&reply, &stored, &body)?;
    Ok("the product is still there after a restart".to_owned())
}

pub const CONCURRENT_CREATES: usize = 50;

pub async fn concurrent_creates(cx: Ctx) -> Outcome {
    let http = cx.http();
    let bodies: Vec<Value> = (0..CONCURRENT_CREATES)
        .map(|index| product(&format!("concurrent {index}")))
        .collect();
    let results = join_all(bodies.iter().map(|body| create(http, body))).await;
    let failures = results.iter().filter(|result| result.is_err()).count();
    if let Some(Err(first)) = results.iter().find(|result| result.is_err()) {
        return Err(kit_harness::Failure {
            status: first.status,
            message: format!(
                "{failures} of {CONCURRENT_CREATES} simultaneous creates failed; first: {}",
                first.message
            ),
        });
    }
    let products: Vec<_> = results.into_iter().flatten().collect();
    let distinct: HashSet<&str> = products.iter().map(|product| product.id.as_str()).collect();
    ensure!(
        distinct.len() == CONCURRENT_CREATES,
        "{CONCURRENT_CREATES} simultaneous creates returned only {} distinct ids",
        distinct.len()
    );
    let paths: Vec<String> = products.iter().map(|product| product.path()).collect();
    let fetched = join_all(paths.iter().map(|path| fetch(http, path))).await;
    if let Some(Err(first)) = fetched.into_iter().find(|result| result.is_err()) {
        return Err(first);
    }
    Ok(format!(
        "{CONCURRENT_CREATES} simultaneous creates: all 201, distinct ids, all readable"
    ))
}

pub async fn exact_price(cx: Ctx) -> Outcome {
    for price in [19.99, 0.1, 0.3, 0.07, 12.5, 99.95, 1_000_000.0, 5.0] {
        let mut body = product("priced");
        body["price"] = json!(price);
        let created = create(cx.http(), &body).await?;
        let reply = cx.http().get(&created.path()).send().await?;
        reply.expect_status(&[200], "reading the priced product")?;
        let stored = product_of(&reply)?;
        expect_fields(&reply, &stored, &body)?;
    }
    Ok("prices come back exactly as sent (19.99 stays 19.99)".to_owned())
}

/// Lengths count Unicode characters (code points): 100 two-byte or
/// four-byte characters are a valid name, 1000 a valid description, however
/// many bytes (UTF-8) or units (UTF-16) they take. Each product must come
/// back as sent.
pub async fn unicode_names(cx: Ctx) -> Outcome {
    let cases = [
        (
            "a name mixing scripts and emoji",
            json!({ "name": "Café ☕ 日本語 🚀", "price": 5 }),
        ),
        (
            "a name of 100 two-byte characters (é)",
            json!({ "name": "é".repeat(100), "price": 5 }),
        ),
        (
            "a name of 100 emoji (🚀: 4 bytes, 2 UTF-16 units each)",
            json!({ "name": "🚀".repeat(100), "price": 5 }),
        ),
        (
            "a description of 1000 two-byte characters (é)",
            json!({ "name": "Unicode description", "description": "é".repeat(1000), "price": 5 }),
        ),
        (
            "a description of 1000 emoji (🚀: 4 bytes, 2 UTF-16 units each)",
            json!({ "name": "Emoji description", "description": "🚀".repeat(1000), "price": 5 }),
        ),
    ];
    for (situation, body) in cases {
        let reply = cx.http().post("/products").json(&body).send().await?;
        reply.expect(
            (200..300).contains(&reply.status),
            &format!("a 2xx status ({situation}: within the limit, counted in characters)"),
            || {
                format!(
                    "{situation} was refused with {}: lengths count characters, not bytes or UTF-16 units",
                    reply.status
                )
            },
        )?;
        let created = product_of(&reply)?;
        let reply = cx.http().get(&created.path()).send().await?;
        reply.expect_status(&[200], "reading a product with Unicode text")?;
        let stored = product_of(&reply)?;
        expect_fields(&reply, &stored, &body)?;
    }
    Ok("Unicode names and descriptions round-trip; lengths count characters, not bytes or UTF-16 units".to_owned())
}

pub async fn ids_ignored_in_body(cx: Ctx) -> Outcome {
    let mut body = product("own id");
    body["id"] = json!(4_242_424);
    let created = create(cx.http(), &body).await?;
    ensure!(
        created.id != "4242424",
        "the service used the `id` sent in the create body"
    );
    let mut update = product("own id, updated");
    update["id"] = json!(4_242_425);
    let reply = cx.http().put(&created.path()).json(&update).send().await?;
    expect_success(&reply, "a full update whose body carries another id")?;
    let reply = cx.http().get(&created.path()).send().await?;
    reply.expect_status(
        &[200],
        "reading the product after an update whose body carried another id (the id must not change)",
    )?;
    let stored = product_of(&reply)?;
    reply.expect(stored.id == created.id, "the `id` unchanged", || {
        format!(
            "the `id` in the body changed the product's id to {}",
            stored.raw_id
        )
    })?;
    expect_fields(&reply, &stored, &update)?;
    Ok("an `id` in a request body never changes the id".to_owned())
}

pub async fn ids_not_reused(cx: Ctx) -> Outcome {
    let first = create(cx.http(), &product("short-lived")).await?;
    let reply = cx.http().delete(&first.path()).send().await?;
    expect_success(&reply, "deleting the newest product")?;
    let second = create(cx.http(), &product("next")).await?;
    ensure!(
        second.id != first.id,
        "the id {} of a deleted product was handed out again (in SQLite, an INTEGER PRIMARY KEY without AUTOINCREMENT takes the largest id + 1, so the newest product's id comes back after it is deleted)",
        first.raw_id
    );
    Ok("a deleted product's id is not reused".to_owned())
}
