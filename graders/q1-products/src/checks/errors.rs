//! Request-level mistakes: malformed JSON, bodies that are not JSON or too
//! large, unknown paths, and a sweep of odd requests that must never get 5xx.

use kit_harness::{Ctx, Method, Outcome, json};

use crate::fixtures::{product, unknown_ids};

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
    // contract does not fault a lenient service).
    let reply = cx
        .http()
        .post("/products")
        .raw_body(product("no content type").to_string())
        .send()
        .await?;
    if reply.status == 201 {
        cx.note(
            "a JSON body sent without Content-Type was accepted as JSON (allowed by the contract)",
        );
    } else {
        reply.expect_status(&[415, 400, 201], "a JSON body sent without Content-Type")?;
        reply.expect_error_message()?;
    }
    Ok("415/400 with a JSON error for a body that is not declared JSON".to_owned())
}

/// 1.5 MiB of otherwise valid JSON.
pub async fn body_too_large_413(cx: Ctx) -> Outcome {
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
    Ok("the oversized body was refused and the service stayed up".to_owned())
}

pub async fn not_found_json(cx: Ctx) -> Outcome {
    let unknown = format!("/products/{}", unknown_ids(5)[0]);
    for (path, situation) in [
        (unknown.as_str(), "an unknown product id"),
        ("/no-such-route", "an unknown path"),
    ] {
        let reply = cx.http().get(path).send().await?;
        reply.expect_status(&[404], situation)?;
        reply.expect_error_message()?;
    }
    Ok("404 answers carry a JSON error message".to_owned())
}

/// Odd but plausible client mistakes. Any 4xx is fine here (the other checks
/// judge the exact codes); a 5xx or no answer at all is not.
pub async fn client_mistakes_no_5xx(cx: Ctx) -> Outcome {
    let deep = format!("{}{}", "[".repeat(256), "]".repeat(256));
    let requests: Vec<(Method, &str, Option<String>)> = vec![
        (Method::GET, "/products/-1", None),
        (Method::GET, "/products/0", None),
        (Method::GET, "/products/99999999999999999999999999", None),
        (Method::GET, "/products/1.5", None),
        (Method::GET, "/products/%F0%9F%9A%80", None),
        (
            Method::GET,
            "/products?page=99999999999999999999&per_page=x",
            None,
        ),
        (Method::GET, "/products?name=%00", None),
        (
            Method::PUT,
            "/products/not-a-number",
            Some(product("typo").to_string()),
        ),
        (Method::DELETE, "/products/not-a-number", None),
        (
            Method::PATCH,
            "/products/not-a-number",
            Some(json!({ "price": 1 }).to_string()),
        ),
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
    let mut answered = 0;
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
    Ok(format!("{answered} odd requests, no 5xx"))
}
