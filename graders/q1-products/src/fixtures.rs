//! Products the checks create, and the typed helpers that create and fetch
//! them. Each helper fails the check with evidence when the service does not
//! answer as the contract says.

use kit_harness::json::{id_in_path, same_number};
use kit_harness::{Failure, Http, Reply, Value, json};

/// An id of the service's own shape that no product has, for the "unknown
/// id" probes: the contract wants 404 for an id the service could have
/// given but never gave, so an integer service gets an integer and a UUID
/// service a UUID (a segment that cannot be an id at all, `abc` for integer
/// ids, is a different case, judged by the malformed-id probes alone).
///
/// Derived from `known`, an id the service returned:
/// - a number, or a string of digits: a large number (987654321 and below,
///   which fits any integer type a service would use);
/// - a UUID: the same UUID with its last 12 hex digits replaced (version,
///   variant and letter case kept);
/// - a prefix and a counter (`prod-7`, `P0007`): the same prefix with a
///   counter no service reaches (the same width when zero-padded);
/// - any other string (nanoid, ObjectId, ULID...): its tail rotated, which
///   keeps its length, alphabet and prefix.
///
/// Each check passes its own `slot`, so a service that wrongly creates a
/// product on `PUT` to an unknown id cannot make another check fail. The
/// numbers descend a million apart: after such an upsert, SQLite's
/// AUTOINCREMENT hands out the ids just above it.
pub fn unknown_id(known: &Product, slot: u32) -> String {
    unknown_like(&known.raw_id, slot)
}

fn unknown_like(known: &Value, slot: u32) -> String {
    let big = 987_654_321 - u64::from(slot) * 1_000_000;
    let Value::String(text) = known else {
        return big.to_string();
    };
    if let Some(uuid) = other_uuid(text, slot) {
        return uuid;
    }
    let prefix = text.trim_end_matches(|c: char| c.is_ascii_digit());
    let counter = &text[prefix.len()..];
    if !counter.is_empty() && !prefix.chars().any(|c| c.is_ascii_digit()) {
        return if counter.len() >= 3 && counter.starts_with('0') {
            // Zero-padded: the largest numbers of that width.
            let nines = "9".repeat(counter.len() - 3);
            format!("{prefix}{nines}{:03}", 999 - slot.min(999))
        } else {
            format!("{prefix}{big}")
        };
    }
    rotated_tail(text, slot)
}

/// `known` with another node (its last 12 hex digits), if it is a UUID.
fn other_uuid(known: &str, slot: u32) -> Option<String> {
    let bytes = known.as_bytes();
    let is_uuid = bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        });
    if !is_uuid {
        return None;
    }
    let node = format!("{:012x}", 0x5eed_0000_0000_u64 + u64::from(slot));
    let upper = known.bytes().any(|byte| byte.is_ascii_uppercase());
    let node = if upper {
        node.to_ascii_uppercase()
    } else {
        node
    };
    Some(format!("{}{node}", &known[..24]))
}

/// `known` with its last characters (up to 12, at most half) rotated by an
/// amount that depends on `slot`: same length and characters, another id.
fn rotated_tail(known: &str, slot: u32) -> String {
    let chars: Vec<char> = known.chars().collect();
    let count = (chars.len() / 2).clamp(1, 12);
    let (head, tail) = chars.split_at(chars.len() - count);
    let start = slot as usize;
    (start..start + count)
        .map(|shift| {
            let mut tail = tail.to_vec();
            tail.rotate_left(shift % count);
            head.iter().chain(&tail).collect::<String>()
        })
        .find(|candidate| candidate != known)
        // A tail of one repeated character: no rotation differs.
        .unwrap_or_else(|| format!("{known}-{slot}"))
}

/// Malformed ids: path segments that cannot be an id of any service whose
/// ids are integers or UUIDs. The contract wants 404, or 400/422, for them,
/// never a server error (and never a product).
/// The malformed-id probes add two derived from a real id (`7.5`, `7abc`),
/// which a lenient parser would read as that product's id.
pub const MALFORMED_IDS: &[&str] = &[
    "not-a-number",
    "-1",
    "0",
    "1.5",
    "99999999999999999999999999",
    "%F0%9F%9A%80",
];

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

/// `POST /products` that must create the product: any 2xx with the product.
/// Only `q1.create.status_201` judges the exact status; every other check
/// needs a product, not a 201.
pub async fn create(http: &Http, body: &Value) -> Result<Product, Failure> {
    let reply = http.post("/products").json(body).send().await?;
    expect_success(&reply, "creating a valid product")?;
    product_of(&reply)
}

/// The status is 2xx. For requests that set up what a check is about
/// (deleting the product whose id is then probed, updating before reading
/// back), where another check judges the exact success status.
pub fn expect_success(reply: &Reply, situation: &str) -> Result<(), Failure> {
    let status = reply.status;
    reply.expect(
        (200..300).contains(&status),
        &format!("a 2xx status ({situation})"),
        || {
            let mut message = format!("expected a 2xx status for {situation}, got {status}");
            if status >= 500 {
                message.push_str(" (a server error on a valid request)");
            }
            message
        },
    )
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

#[cfg(test)]
mod tests {
    use super::unknown_like;
    use kit_harness::json;

    #[track_caller]
    fn check(known: kit_harness::Value, slot: u32, expected: &str) {
        assert_eq!(unknown_like(&known, slot), expected, "from {known}");
    }

    #[test]
    fn integer_ids_get_a_large_integer_per_slot() {
        check(json!(7), 1, "986654321");
        check(json!(7), 3, "984654321");
        check(json!("7"), 2, "985654321");
    }

    #[test]
    fn uuids_get_another_node_in_the_same_case() {
        check(
            json!("0b7e2c4d-91f3-4c2a-8d5e-1f2a3b4c5d6e"),
            1,
            "0b7e2c4d-91f3-4c2a-8d5e-5eed00000001",
        );
        check(
            json!("0B7E2C4D-91F3-4C2A-8D5E-1F2A3B4C5D6E"),
            4,
            "0B7E2C4D-91F3-4C2A-8D5E-5EED00000004",
        );
    }

    #[test]
    fn counters_keep_their_prefix_and_width() {
        check(json!("prod-12"), 1, "prod-986654321");
        check(json!("P0007"), 2, "P9997");
        check(json!("0042"), 5, "9994");
    }

    #[test]
    fn other_strings_keep_their_length_and_characters() {
        let known = "V1StGXR8_Z5jdHi6B-myT";
        let unknown = unknown_like(&json!(known), 1);
        assert_ne!(unknown, known);
        assert_eq!(unknown.len(), known.len());
        let mut sorted_known: Vec<char> = known.chars().collect();
        let mut sorted_unknown: Vec<char> = unknown.chars().collect();
        sorted_known.sort_unstable();
        sorted_unknown.sort_unstable();
        assert_eq!(sorted_unknown, sorted_known);
        assert!(unknown.starts_with("V1StGXR8_Z5"));
        // Each slot its own id.
        assert_ne!(unknown_like(&json!(known), 2), unknown);
        // No rotation of a uniform tail differs: a suffix does.
        check(json!("aaaa"), 1, "aaaa-1");
    }
}
