//! The service's routes, served with or without the rate limiter, for
//! measuring the middleware's cost over HTTP (see `benches/http.sh`).
//!
//! ```console
//! $ cargo run --release -p q3-ratelimit-benchmarks --example bench_server -- memory 8090
//! ```
//!
//! Modes, identical but for the limiter around `/api`:
//! - `none`: no middleware;
//! - `unlimited`: the middleware over a store that accepts everything (the
//!   middleware's own cost: the boxed future, the headers);
//! - `memory`: the middleware over the in-memory store as the service runs
//!   it, allowing 100 000 requests per second, so that a load generator on
//!   one address stays under the limit (one hot client: every decision
//!   takes the same lock).
//!
//! No access log, unlike the service, so that only the limiter differs.

use std::{net::TcpListener, sync::Arc, time::Duration};

use actix_web::{App, HttpServer, web};
use q3_ratelimit_benchmarks::Unlimited;
use q3_ratelimit_solution::{
    rate_limit::{Limiter, MemoryStore, Policy, RateLimit, Store},
    routes::{fallback::method_not_allowed, health},
    startup::{api_routes, json_config, routes},
    storage::Notes,
};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "memory".to_owned());
    let port: u16 = args
        .next()
        .and_then(|port| port.parse().ok())
        .unwrap_or(8090);
    let policy = Policy::new(100_000, Duration::from_secs(1)).map_err(std::io::Error::other)?;
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let notes = web::Data::new(Notes::default());

    let server = match mode.as_str() {
        // `startup::routes` but for the `wrap`.
        "none" => HttpServer::new(move || {
            App::new()
                .app_data(notes.clone())
                .app_data(json_config())
                .service(
                    web::resource("/health")
                        .route(web::get().to(health::health_check))
                        .default_service(method_not_allowed("GET")),
                )
                .service(web::scope("/api").configure(api_routes))
        })
        .listen(listener)?
        .run(),
        "unlimited" => {
            let rate_limit = RateLimit::new(Limiter::new(policy, Unlimited));
            HttpServer::new(move || {
                App::new()
                    .app_data(notes.clone())
                    .app_data(json_config())
                    .configure(|cfg| routes(cfg, rate_limit.clone()))
            })
            .listen(listener)?
            .run()
        }
        "memory" => {
            let store = Arc::new(MemoryStore::new());
            store.spawn_sweeper(policy.window());
            let rate_limit = RateLimit::new(Limiter::new(policy, Store::Memory(store)));
            HttpServer::new(move || {
                App::new()
                    .app_data(notes.clone())
                    .app_data(json_config())
                    .configure(|cfg| routes(cfg, rate_limit.clone()))
            })
            .listen(listener)?
            .run()
        }
        other => {
            return Err(std::io::Error::other(format!(
                "unknown mode `{other}`: none, unlimited or memory"
            )));
        }
    };
    eprintln!("bench_server: {mode} on 127.0.0.1:{port}");
    server.await
}
