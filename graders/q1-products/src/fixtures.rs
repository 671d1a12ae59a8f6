//! Products the checks create, and the typed helpers that create and fetch
//! them. Each helper fails the check with evidence when the service does not
//! answer as the contract says.

use kit_harness::json::{id_in_path, same_number};
use kit_harness::{Failure, Http, Reply, Value, json};

/// Ids no service will have handed out: a huge number and a non-number
/// (the contract wants 404 for both). Each check passes its own `slot`, so a
/// service that wrongly creates a product on `PUT` to an unknown id cannot
/// make another check fail. The numbers descend a million apart: after such
/// an upsert, SQLite's AUTOINCREMENT hands out the ids just above it.
pub fn unknown_ids(slot: u32) -> [String; 2] {
    let number = 987_654_321 - u64::from(slot) * 1_000_000;
    [number.to_string(), format!("no-such-product-{slot}")]
}

/// A valid product body; `label` keeps names distinct between checks.
///
/// The price, 24.5, survives any float or cents conversion: price fidelity
/// is judged by `q1.robust.exact_price` alone, not by every check that
/// creates a product.
pub fn product(label: &str) -> Value {
    json!({ "name": format!("Desk lamp {label}"), "description": "Warm white, 40 W", "price": 24.5 })
}

/// A product as the service returned it.
#[derive(Debug, Clone)]
pub struct Product {
    /// The id as it goes in a path (ids are opaque).
    pub id: String,
    pub raw_id: Value,
    pub body: serde_json::Map<String, Value>,
}

impl Product {
    pub fn path(&self) -> String {
        format!("/products/{}", self.id)
    }

    pub fn field(&self, name: &str) -> &Value {
        self.body.get(name).unwrap_or(&Value::Null)
    }
}

/// `POST /products` that must answer 201 with the product.
pub async fn create(http: &Http, body: &Value) -> Result<Product, Failure> {
    let reply = http.post("/products").json(body).send().await?;
    reply.expect_status(&[201], "creating a valid product")?;
    product_of(&reply)
}

/// `GET` a product that must exist.
pub async fn fetch(http: &Http, path: &str) -> Result<Product, Failure> {
    let reply = http.get(path).send().await?;
    reply.expect_status(&[200], "reading an existing product")?;
    product_of(&reply)
}

/// The product in a reply's body, with a usable id.
pub fn product_of(reply: &Reply) -> Result<Product, Failure> {
    let body = reply.expect_json_object()?;
    let raw_id = body.get("id").cloned().unwrap_or(Value::Null);
    let id = id_in_path(&raw_id);
    reply.expect(id.is_some(), "an `id` (number or non-empty string)", || {
        format!("the product has no usable `id` (got {raw_id})")
    })?;
    Ok(Product {
        id: id.unwrap_or_default(),
        raw_id,
        body,
    })
}

/// The product's fields equal `expected`'s (numbers compared as numbers;
/// stored strings may be trimmed). `description` defaults to "".
pub fn expect_fields(reply: &Reply, product: &Product, expected: &Value) -> Result<(), Failure> {
    for field in ["name", "description", "price"] {
        let want = expected.get(field).cloned().unwrap_or_else(|| match field {
            "description" => json!(""),
            _ => Value::Null,
        });
        let got = product.field(field);
        let equal = match (&want, got) {
            (Value::Number(number), _) => {
                number.as_f64().is_some_and(|want| same_number(got, want))
            }
            (Value::String(want), Value::String(got)) => want.trim() == got.trim(),
            _ => false,
        };
        reply.expect(equal, &format!("`{field}` = {want}"), || {
            format!("`{field}` is {got}, expected {want}")
        })?;
    }
    Ok(())
}
