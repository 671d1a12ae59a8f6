//! `POST /products`: what already works in the starter, plus `Location`.

use kit_harness::{Ctx, Outcome};

use crate::fixtures::{expect_fields, expect_success, product, product_of};

/// The capability every other check builds on: a valid product is created
/// and comes back with its id and fields. Any 2xx will do here; the exact
/// status is `status_201`'s alone.
pub async fn ok(cx: Ctx) -> Outcome {
    let body = product("create");
    let reply = cx.http().post("/products").json(&body).send().await?;
    expect_success(&reply, "a valid new product")?;
    let created = product_of(&reply)?;
    expect_fields(&reply, &created, &body)?;
    Ok(format!(
        "the product comes back with its id ({})",
        created.raw_id
    ))
}

pub async fn status_201(cx: Ctx) -> Outcome {
    let reply = cx
        .http()
        .post("/products")
        .json(&product("created"))
        .send()
        .await?;
    reply.expect_status(&[201], "a valid new product")?;
    Ok("201 Created".to_owned())
}

pub async fn location_header(cx: Ctx) -> Outcome {
    let reply = cx
        .http()
        .post("/products")
        .json(&product("location"))
        .send()
        .await?;
    expect_success(&reply, "a valid new product")?;
    let created = product_of(&reply)?;
    let path = created.path();
    let location = reply.header("location").map(str::to_owned);
    // Relative (`/products/7`) or absolute (`http://host/products/7`) both point there.
    let points_there = location.as_deref().is_some_and(|location| {
        location == path || (location.starts_with("http") && location.ends_with(&path))
    });
    reply.expect(
        points_there,
        &format!("`Location: {path}`"),
        || match &location {
            Some(location) => format!("`Location` is `{location}`, expected `{path}`"),
            None => format!("no `Location` header; expected `{path}`"),
        },
    )?;
    Ok(format!("Location: {}", location.unwrap_or_default()))
}
