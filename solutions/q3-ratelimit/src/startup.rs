//! Builds the HTTP server: connects the rate limiter's store, binds the
//! port, and holds the whole route table, with the limiter around `/api`.

use std::{net::TcpListener, sync::Arc};

use actix_web::{
    App, HttpServer,
    dev::{Server, ServerHandle},
    middleware::Logger,
    web,
};

use crate::{
    error::ApiError,
    rate_limit::{
        DEFAULT_KEY_PREFIX, Limiter, MemoryStore, RateLimit, RateLimitStore, RedisConnectError,
        RedisStore, Store,
    },
    routes::{
        fallback::{method_not_allowed, route_not_found},
        health, notes,
    },
    settings::Settings,
    storage::Notes,
};

/// Largest request body accepted: 1 MiB. Larger ones get 413.
pub const MAX_BODY_BYTES: usize = 1_048_576;

/// Seconds in-flight requests get to finish after SIGTERM.
const SHUTDOWN_TIMEOUT_SECS: u64 = 2;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// `url` has its password masked.
    #[error("cannot connect to Redis at REDIS_URL={url}")]
    Redis {
        url: String,
        #[source]
        source: RedisConnectError,
    },
    #[error("cannot bind {host}:{port}")]
    Bind {
        host: String,
        port: u16,
        #[source]
        source: std::io::Error,
    },
}

/// A server bound to its port and ready to run.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Connects the limiter's store (Redis when `REDIS_URL` is set, failing
    /// within seconds if it does not answer; memory otherwise), then binds
    /// the listener. The socket is bound here, not by `HttpServer`, so that
    /// port 0 works and `port()` tells which port the OS picked.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let Settings {
            host,
            port,
            rate_limit: policy,
            redis_url,
        } = settings;

        let store = match redis_url {
            Some(url) => {
                let store = RedisStore::connect(&url, DEFAULT_KEY_PREFIX)
                    .await
                    .map_err(|source| StartupError::Redis {
                        url: url.to_string(),
                        source,
                    })?;
                tracing::info!(%policy, redis = %url, "rate limit kept in Redis");
                Store::Redis(store)
            }
            None => {
                let store = Arc::new(MemoryStore::new());
                store.spawn_sweeper(policy.window());
                tracing::info!(%policy, "rate limit kept in memory");
                Store::Memory(store)
            }
        };
        let rate_limit = RateLimit::new(Limiter::new(policy, store));

        let bind_error = |source| StartupError::Bind {
            host: host.clone(),
            port,
            source,
        };
        let listener = TcpListener::bind((host.as_str(), port)).map_err(bind_error)?;
        let port = listener.local_addr().map_err(bind_error)?.port();

        let notes = web::Data::new(Notes::default());
        let server = HttpServer::new(move || {
            App::new()
                .wrap(Logger::default())
                .app_data(notes.clone())
                .app_data(json_config())
                .configure(|cfg| routes(cfg, rate_limit.clone()))
                .default_service(web::to(route_not_found))
        })
        .shutdown_timeout(SHUTDOWN_TIMEOUT_SECS)
        .listen(listener)
        .map_err(bind_error)?
        .run();

        Ok(Self { port, server })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server from elsewhere (e.g. a test).
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped; SIGTERM and Ctrl-C stop it
    /// gracefully.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// JSON bodies: at most [`MAX_BODY_BYTES`], and every failure (not JSON,
/// too large, malformed) answered as an [`ApiError`].
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_BODY_BYTES)
        .error_handler(|err, _req| ApiError::from(err).into())
}

/// Every route the service answers. `/health` is outside `/api`, so the
/// rate limiter never sees it. Each resource lists the methods it supports
/// twice: as routes, and in the `Allow` header its 405 sends.
pub fn routes<S: RateLimitStore>(cfg: &mut web::ServiceConfig, rate_limit: RateLimit<S>) {
    cfg.service(
        web::resource("/health")
            .route(web::get().to(health::health_check))
            .default_service(method_not_allowed("GET")),
    )
    .service(web::scope("/api").wrap(rate_limit).configure(api_routes));
}

/// The routes under `/api`, all behind the rate limiter; so is the 404 for
/// a path under `/api` that matches none of them.
pub fn api_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/notes")
            .route(web::get().to(notes::list_notes))
            .route(web::post().to(notes::create_note))
            .default_service(method_not_allowed("GET, POST")),
    )
    .service(
        web::resource("/notes/{id}")
            .route(web::get().to(notes::get_note))
            .default_service(method_not_allowed("GET")),
    )
    .default_service(web::to(route_not_found));
}
