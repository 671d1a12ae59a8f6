//! Request-level mistakes: malformed JSON, bodies that are not JSON or too
//! large, unknown paths, and a sweep of odd requests that must never get 5xx.

use kit_harness::{Ctx, Method, Outcome, json};

use crate::fixtures::{MALFORMED_IDS, create, expect_success, product, unknown_id};

pub async fn malformed_json_400(cx: Ctx) -> Outcome {
    for (situation, body) in [
        (
            "a truncated JSON body",
            r#"{"name": "Desk lamp", "price": "#,
        ),
        (
            "a JSON body with a missing comma",
            r#"{"name": "Desk lamp" "price": 5}"#,
        ),
    ] {
        let reply = cx
            .http()
            .post("/products")
            .header("content-type", "application/json")
            .raw_body(body)
            .send()
            .await?;
        reply.expect_status(&[400], situation)?;
        reply.expect_error_message()?;
    }
    Ok("400 with a JSON error for malformed JSON".to_owned())
}

pub async fn not_json_415(cx: Ctx) -> Outcome {
    // Valid JSON, declared as text: a service that ignores Content-Type
    // would create a product here.
    let reply = cx
        .http()
        .post("/products")
        .header("content-type", "text/plain")
        .raw_body(product("declared as text").to_string())
        .send()
        .await?;
    reply.expect_status(&[415, 400], "a JSON body declared as text/plain")?;
    reply.expect_error_message()?;

    // No Content-Type at all: 415 (400 accepted), or parsed as JSON (the
    // contract does not fault a lenient service; any 2xx: the exact
    // success status is judged elsewhere).
    let reply = cx
        .http()
        .post("/products")
        .raw_body(product("no content type").to_string())
        .send()
        .await?;
    if (200..300).contains(&reply.status) {
        cx.note(
            "a JSON body sent without Content-Type was accepted as JSON (allowed by the contract)",
        );
    } else {
        reply.expect_status(
            &[415, 400],
            "a JSON body sent without Content-Type (or a 2xx: parsing it as JSON is allowed)",
        )?;
        reply.expect_error_message()?;
    }
    Ok("415/400 with a JSON error for a body that is not declared JSON".to_owned())
}

/// Half a MiB of valid JSON is accepted (the limit is 1 MiB, not less);
/// 1.5 MiB of otherwise valid JSON is refused, and the service stays up.
pub async fn body_too_large_413(cx: Ctx) -> Outcome {
    // Whitespace between tokens: a valid product with no extra field, so
    // only the size can make a service refuse it.
    let padded = format!(
        r#"{{"name": "Within the limit", "price": 5{}}}"#,
        " ".repeat(512 * 1024)
    );
    let reply = cx
        .http()
        .post("/products")
        .header("content-type", "application/json")
        .raw_body(padded)
        .send()
        .await?;
    expect_success(
        &reply,
        "a valid product in a 512 KiB body (under the 1 MiB limit: whitespace between its fields)",
    )?;
    let body =
        json!({ "name": "Huge", "price": 5, "description": "x".repeat(1_572_864) }).to_string();
    // Sent so that an answer given before the whole body is read (and the
    // connection closed) is still seen.
    let sent = cx
        .http()
        .post("/products")
        .header("content-type", "application/json")
        .raw_body(body)
        .send_streaming()
        .await;
    match sent {
        Ok(reply) => {
            reply.expect_status(&[413, 400], "a 1.5 MiB body (over the 1 MiB limit)")?;
            reply.expect_error_message()?;
        }
        // Closing the connection without an answer still refuses the body,
        // as long as the service stays up (checked below).
        Err(failure) if failure.status == kit_harness::Status::Fail => {
            cx.note(format!(
                "the 1.5 MiB request got no answer ({}); accepted if the service stays up",
                failure.message
            ));
        }
        Err(failure) => return Err(failure),
    }
    let reply = cx.http().get("/health").send().await?;
    reply.expect_status(
        &[200],
        "GET /health after the oversized body (the service must stay up)",
    )?;
    Ok("512 KiB accepted; the 1.5 MiB body was refused and the service stayed up".to_owned())
}

/// The unknown-id probe uses an id of the service's own shape; its body is
/// judged only when the status is 404 (`q1.get.unknown_404` judges the
/// status), the unknown path's status and body here.
pub async fn not_found_json(cx: Ctx) -> Outcome {
    let known = create(cx.http(), &product("shape of ids, 404 body")).await?;
    let unknown = format!("/products/{}", unknown_id(&known, 5));
    let reply = cx.http().get(&unknown).send().await?;
    if reply.status == 404 {
        reply.expect_error_message()?;
    } else {
        cx.note(format!(
            "GET {unknown} answered {}, not 404: its body is not judged here (q1.get.unknown_404 judges that status)",
            reply.status
        ));
    }
    let reply = cx.http().get("/no-such-route").send().await?;
    reply.expect_status(&[404], "an unknown path")?;
    reply.expect_error_message()?;
    Ok("404 answers carry a JSON error message".to_owned())
}

/// What the contract allows for a path segment that cannot be an id.
const MALFORMED_ANSWERS: &[u16] = &[404, 400, 422];
/// The same for PUT, PATCH and DELETE, which may not be implemented yet
/// (405: the checks of those methods judge that).
const MALFORMED_ANSWERS_OTHER_METHODS: &[u16] = &[404, 400, 422, 405];

/// Odd but plausible client mistakes. Malformed ids must get what the
/// contract says (404, or 400/422); for the rest any 4xx is fine here (the
/// other checks judge the exact codes), a 5xx or no answer at all is not.
pub async fn client_mistakes_no_5xx(cx: Ctx) -> Outcome {
    let mut answered = 0;
    for (method, id) in malformed_probes(&cx).await {
        let path = format!("/products/{id}");
        let mut request = cx.http().request(method.clone(), &path);
        if method == Method::PUT {
            request = request.json(&product("typo"));
        } else if method == Method::PATCH {
            request = request.json(&json!({ "price": 1 }));
        }
        let reply = request.send().await?;
        let accepted = if method == Method::GET {
            MALFORMED_ANSWERS
        } else {
            MALFORMED_ANSWERS_OTHER_METHODS
        };
        reply.expect_status(
            accepted,
            "a path segment that cannot be an id (the contract: 404, or 400/422)",
        )?;
        answered += 1;
    }

    let deep = format!("{}{}", "[".repeat(256), "]".repeat(256));
    let requests: Vec<(Method, &str, Option<String>)> = vec![
        (
            Method::GET,
            "/products?page=99999999999999999999&per_page=x",
            None,
        ),
        (Method::GET, "/products?name=%00", None),
        (Method::POST, "/products", Some("[]".to_owned())),
        (
            Method::POST,
            "/products",
            Some("\"just a string\"".to_owned()),
        ),
        (Method::POST, "/products", Some("null".to_owned())),
        (
            Method::POST,
            "/products",
            Some(r#"{"name": {"nested": [1, 2]}, "price": 1}"#.to_owned()),
        ),
        (
            Method::POST,
            "/products",
            Some(r#"{"name": "Huge number", "price": 1e400}"#.to_owned()),
        ),
        (
            Method::POST,
            "/products",
            Some(r#"{"name": "Nul\u0000byte", "price": 1, "description": "\ud800"}"#.to_owned()),
        ),
        (
            Method::POST,
            "/products",
            Some(r#"{"name": "Negative zero", "price": -0.0e0, "id": "x"}"#.to_owned()),
        ),
        (Method::POST, "/products", Some(deep)),
        (Method::POST, "/products", Some(String::new())),
    ];
    for (method, path, body) in requests {
        let mut request = cx.http().request(method.clone(), path);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .raw_body(body);
        }
        let reply = request.send().await?;
        reply.expect(reply.status < 500, "no 5xx for a client mistake", || {
            format!(
                "answered {}: a server error where a client error belongs",
                reply.status
            )
        })?;
        answered += 1;
    }
    Ok(format!(
        "{answered} odd requests, no 5xx; malformed ids get 404 or 400/422"
    ))
}

/// `GET` of every `MALFORMED_IDS`, the other methods on two of them, and
/// every method on two made from a real id (`7.5`, `7abc`), when a product
/// can be created: a lenient parser reads those as that product.
async fn malformed_probes(cx: &Ctx) -> Vec<(Method, String)> {
    let every = [Method::GET, Method::PUT, Method::PATCH, Method::DELETE];
    let mut probes: Vec<(Method, String)> = MALFORMED_IDS
        .iter()
        .map(|id| (Method::GET, (*id).to_owned()))
        .collect();
    for id in ["not-a-number", "99999999999999999999999999"] {
        probes.extend(
            every[1..]
                .iter()
                .map(|method| (method.clone(), id.to_owned())),
        );
    }
    match create(cx.http(), &product("malformed ids")).await {
        Ok(known) => {
            for id in [format!("{}.5", known.id), format!("{}abc", known.id)] {
                probes.extend(every.iter().map(|method| (method.clone(), id.clone())));
            }
        }
        Err(failure) => cx.note(format!(
            "no product to derive malformed ids from ({}); probing the fixed ones only",
            failure.message
        )),
    }
    probes
}
