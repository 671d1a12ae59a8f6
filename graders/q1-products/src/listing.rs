//! Reading the list endpoint the way the filter and pagination checks need:
//! the ids in `items`, in order, and the envelope's numbers.

use kit_harness::json::id_in_path;
use kit_harness::{Failure, Http, Reply, Value, query};

use crate::fixtures::{Product, create, product};

#[derive(Debug, Clone)]
pub struct Listing {
    pub reply: Reply,
    pub ids: Vec<String>,
    pub total: Option<u64>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// `GET /products` with the given query; must answer 200 with an envelope.
pub async fn list(http: &Http, pairs: &[(&str, &str)]) -> Result<Listing, Failure> {
    let path = if pairs.is_empty() {
        "/products".to_owned()
    } else {
        format!("/products{}", query(pairs))
    };
    let reply = http.get(&path).send().await?;
    reply.expect_status(&[200], "listing products")?;
    let envelope = reply.expect_json_object()?;
    let items = envelope.get("items").and_then(Value::as_array).cloned();
    reply.expect(items.is_some(), "an `items` array", || {
        "the body has no `items` array".to_owned()
    })?;
    let ids = items
        .unwrap_or_default()
        .iter()
        .map(|item| item.get("id").and_then(id_in_path).unwrap_or_default())
        .collect();
    let number = |field: &str| envelope.get(field).and_then(Value::as_u64);
    Ok(Listing {
        ids,
        total: number("total"),
        page: number("page"),
        per_page: number("per_page"),
        reply,
    })
}

/// Creates products named `names`, in order; returns them in creation order.
pub async fn seed(http: &Http, names: &[&str]) -> Result<Vec<Product>, Failure> {
    let mut created = Vec::with_capacity(names.len());
    for name in names {
        let mut body = product("seed");
        body["name"] = Value::from(*name);
        created.push(create(http, &body).await?);
    }
    Ok(created)
}

/// The ids of the named products, in creation order.
pub fn ids_of(products: &[Product], names: &[&str]) -> Vec<String> {
    products
        .iter()
        .filter(|product| names.contains(&product.field("name").as_str().unwrap_or_default()))
        .map(|product| product.id.clone())
        .collect()
}
