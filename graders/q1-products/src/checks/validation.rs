//! Field rules on create (and the helper the update and patch checks share).
//! Each rule check sends bodies that break exactly that rule, and also the
//! boundary values the rule allows, so a service rejecting everything cannot
//! pass.

use kit_harness::json::mentions;
use kit_harness::{Ctx, Failure, Outcome, Reply, Value, json};

use crate::fixtures::create;

/// 422 (400 accepted) with a JSON error whose body names `field`.
pub fn expect_rejected(reply: &Reply, field: &str, situation: &str) -> Result<(), Failure> {
    reply.expect_status(&[422, 400], situation)?;
    reply.expect_error_message()?;
    let named = reply.json().is_some_and(|body| mentions(&body, field));
    reply.expect(
        named,
        &format!("the error names the field `{field}`"),
        || {
            format!(
                "the error does not name the offending field `{field}`: {}",
                reply.text()
            )
        },
    )
}

/// Sends each invalid body (must be rejected naming `field`) and each valid
/// boundary body (must be created).
async fn rule(
    cx: &Ctx,
    field: &str,
    invalid: &[(&str, Value)],
    valid: &[(&str, Value)],
) -> Outcome {
    for (situation, body) in invalid {
        let reply = cx.http().post("/products").json(body).send().await?;
        expect_rejected(&reply, field, situation)?;
    }
    for (_, body) in valid {
        create(cx.http(), body).await?;
    }
    let rejected: Vec<&str> = invalid.iter().map(|(situation, _)| *situation).collect();
    let mut message = format!("rejected naming `{field}`: {}", rejected.join("; "));
    if !valid.is_empty() {
        let accepted: Vec<&str> = valid.iter().map(|(situation, _)| *situation).collect();
        message.push_str(&format!("; accepted: {}", accepted.join("; ")));
    }
    Ok(message)
}

pub async fn missing_name(cx: Ctx) -> Outcome {
    rule(
        &cx,
        "name",
        &[
            (
                "a product without name",
                json!({ "description": "no name", "price": 5 }),
            ),
            ("a null name", json!({ "name": null, "price": 5 })),
        ],
        &[],
    )
    .await
}

pub async fn blank_name(cx: Ctx) -> Outcome {
    rule(
        &cx,
        "name",
        &[
            ("an empty name", json!({ "name": "", "price": 5 })),
            (
                "a name of only spaces",
                json!({ "name": "    ", "price": 5 }),
            ),
        ],
        &[("a 1-character name", json!({ "name": "L", "price": 5 }))],
    )
    .await
}

pub async fn long_name(cx: Ctx) -> Outcome {
    rule(
        &cx,
        "name",
        &[(
            "a 101-character name",
            json!({ "name": "n".repeat(101), "price": 5 }),
        )],
        &[(
            "a 100-character name",
            json!({ "name": "n".repeat(100), "price": 5 }),
        )],
    )
    .await
}

pub async fn long_description(cx: Ctx) -> Outcome {
    rule(
        &cx,
        "description",
        &[(
            "a 1001-character description",
            json!({ "name": "Long description", "description": "d".repeat(1001), "price": 5 }),
        )],
        // Characters beyond ASCII are `q1.robust.unicode_names`'s: a length
        // counted in bytes is one fault, charged once.
        &[(
            "a 1000-character description",
            json!({ "name": "Long description", "description": "d".repeat(1000), "price": 5 }),
        )],
    )
    .await
}

pub async fn missing_price(cx: Ctx) -> Outcome {
    rule(
        &cx,
        "price",
        &[
            ("a product without price", json!({ "name": "No price" })),
            (
                "a null price",
                json!({ "name": "Null price", "price": null }),
            ),
        ],
        &[],
    )
    .await
}

pub async fn price_range(cx: Ctx) -> Outcome {
    rule(
        &cx,
        "price",
        &[
            (
                "a negative price (-0.01)",
                json!({ "name": "Negative", "price": -0.01 }),
            ),
            (
                "a price over 1000000 (1000000.01)",
                json!({ "name": "Too dear", "price": 1_000_000.01 }),
            ),
        ],
        &[
            ("price 0", json!({ "name": "Free", "price": 0 })),
            (
                "price 1000000",
                json!({ "name": "Dear", "price": 1_000_000 }),
            ),
        ],
    )
    .await
}

pub async fn price_precision(cx: Ctx) -> Outcome {
    rule(
        &cx,
        "price",
        &[
            (
                "a price with 3 decimals (19.999)",
                json!({ "name": "Precise", "price": 19.999 }),
            ),
            (
                "a price with 3 decimals (0.001)",
                json!({ "name": "Tiny", "price": 0.001 }),
            ),
        ],
        &[(
            "a price with 2 decimals (0.99)",
            json!({ "name": "Cheap", "price": 0.99 }),
        )],
    )
    .await
}

pub async fn wrong_types(cx: Ctx) -> Outcome {
    for (field, situation, body) in [
        (
            "price",
            "a price sent as a string",
            json!({ "name": "Typed", "price": "19.99" }),
        ),
        (
            "price",
            "a price sent as a boolean",
            json!({ "name": "Typed", "price": true }),
        ),
        (
            "name",
            "a name sent as a number",
            json!({ "name": 42, "price": 5 }),
        ),
        (
            "description",
            "a description sent as a number",
            json!({ "name": "Typed", "description": 7, "price": 5 }),
        ),
    ] {
        let reply = cx.http().post("/products").json(&body).send().await?;
        expect_rejected(&reply, field, situation)?;
    }
    Ok("fields of the wrong JSON type get 422/400 naming the field".to_owned())
}
