//! The service's `/api` routes as actix test services, without and with
//! the rate limiter, and a loop of in-process requests: shared by
//! `benches/middleware.rs` and `examples/instructions.rs`.

use std::{
    hint::black_box,
    net::{Ipv4Addr, SocketAddr},
    sync::Arc,
    time::{Duration, Instant},
};

use actix_http::Request;
use actix_web::{
    App, Error,
    body::MessageBody,
    dev::{Service, ServiceResponse},
    http::StatusCode,
    test::{self, TestRequest},
    web,
};
use q3_ratelimit_benchmarks::Unlimited;
use q3_ratelimit_solution::{
    rate_limit::{Limiter, MemoryStore, Policy, RateLimit, Store},
    routes::{fallback::method_not_allowed, health},
    startup::{api_routes, json_config, routes},
    storage::Notes,
};

/// Requests come from this many clients in turn.
pub const CLIENTS: u32 = 1_000;

/// 10 per 1 ms: each client comes back every 1 000 requests, several
/// microseconds each, so it never has more than one request in its window
/// and every request is accepted.
pub fn policy() -> Policy {
    Policy::new(10, Duration::from_millis(1)).expect("a valid policy")
}

/// The service's route table without the middleware: `startup::routes`
/// but for the `wrap`.
pub async fn without_limiter()
-> impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = Error> {
    test::init_service(
        App::new()
            .app_data(web::Data::new(Notes::default()))
            .app_data(json_config())
            .service(
                web::resource("/health")
                    .route(web::get().to(health::health_check))
                    .default_service(method_not_allowed("GET")),
            )
            .service(web::scope("/api").configure(api_routes)),
    )
    .await
}

/// The middleware over a store that accepts everything.
pub async fn with_unlimited()
-> impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = Error> {
    let rate_limit = RateLimit::new(Limiter::new(policy(), Unlimited));
    test::init_service(
        App::new()
            .app_data(web::Data::new(Notes::default()))
            .app_data(json_config())
            .configure(|cfg| routes(cfg, rate_limit)),
    )
    .await
}

/// The middleware over the in-memory store, as the service runs it.
pub async fn with_memory()
-> impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = Error> {
    let store = Store::Memory(Arc::new(MemoryStore::new()));
    let rate_limit = RateLimit::new(Limiter::new(policy(), store));
    test::init_service(
        App::new()
            .app_data(web::Data::new(Notes::default()))
            .app_data(json_config())
            .configure(|cfg| routes(cfg, rate_limit)),
    )
    .await
}

/// `iters` requests to `GET /api/notes` from the clients in turn; the time
/// they took. Panics unless every one was answered 200.
pub async fn requests<S, B>(app: &S, iters: u64) -> Duration
where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    let started = Instant::now();
    let mut refused = 0;
    for i in 0..iters {
        let client = u32::try_from(i % u64::from(CLIENTS)).unwrap_or(0);
        let request = TestRequest::get()
            .uri("/api/notes")
            .peer_addr(SocketAddr::from((
                Ipv4Addr::from(0x0a00_0000 + client),
                40_000,
            )))
            .to_request();
        let response = test::call_service(app, request).await;
        if response.status() != StatusCode::OK {
            refused += 1;
        }
        black_box(response);
    }
    let elapsed = started.elapsed();
    assert_eq!(refused, 0, "some requests were not answered 200");
    elapsed
}
