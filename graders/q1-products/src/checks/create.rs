//! `POST /products`: what already works in the starter, plus `Location`.

use kit_harness::{Ctx, Outcome};

use crate::fixtures::{expect_fields, product, product_of};

pub async fn status_201(cx: Ctx) -> Outcome {
    let body = product("create");
    let reply = cx.http().post("/products").json(&body).send().await?;
    reply.expect_status(&[201], "a valid new product")?;
    let created = product_of(&reply)?;
    expect_fields(&reply, &created, &body)?;
    Ok(format!("201 with the product (id {})", created.raw_id))
}

pub async fn location_header(cx: Ctx) -> Outcome {
    let reply = cx
        .http()
        .post("/products")
        .json(&product("location"))
        .send()
        .await?;
    reply.expect_status(&[201], "a valid new product")?;
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
