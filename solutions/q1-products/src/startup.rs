//! Builds the HTTP server: opens the storage, binds the port, and holds the
//! whole route table.

use std::net::TcpListener;

use actix_web::{
    App, HttpServer,
    dev::{Server, ServerHandle},
    middleware::Logger,
    web,
};

use crate::{
    error::ApiError,
    routes::{
        fallback::{method_not_allowed, route_not_found},
        health, products,
    },
    settings::Settings,
    storage::{Storage, StorageError},
};

/// Largest request body accepted: 1 MiB. Larger ones get 413.
pub const MAX_BODY_BYTES: usize = 1_048_576;

/// Seconds in-flight requests get to finish after SIGTERM.
const SHUTDOWN_TIMEOUT_SECS: u64 = 2;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Storage(#[from] StorageError),
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
    /// Opens the database (creating its schema if needed) and binds the
    /// listener. The socket is bound here, not by `HttpServer`, so that port
    /// 0 works and `port()` tells which port the OS picked.
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        let storage = Storage::open(&settings.database_path)?;

        let Settings { host, port, .. } = settings;
        let bind_error = |source| StartupError::Bind {
            host: host.clone(),
            port,
            source,
        };
        let listener = TcpListener::bind((host.as_str(), port)).map_err(bind_error)?;
        let port = listener.local_addr().map_err(bind_error)?.port();

        let storage = web::Data::new(storage);
        let server = HttpServer::new(move || {
            App::new()
                .wrap(Logger::default())
                .app_data(storage.clone())
                .app_data(extractor_config())
                .app_data(query_config())
                .configure(routes)
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

    /// Stops the server from elsewhere (e.g. a test restarting it).
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
fn extractor_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_BODY_BYTES)
        .error_handler(|err, _req| ApiError::from(err).into())
}

fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| ApiError::from(err).into())
}

/// Every route the service answers. Each resource lists the methods it
/// supports twice: as routes, and in the `Allow` header its 405 sends.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/health")
            .route(web::get().to(health::health_check))
            .default_service(method_not_allowed("GET")),
    )
    .service(
        web::resource("/products")
            .route(web::get().to(products::list_products))
            .route(web::post().to(products::create_product))
            .default_service(method_not_allowed("GET, POST")),
    )
    .service(
        web::resource("/products/{id}")
            .route(web::get().to(products::get_product))
            .route(web::put().to(products::replace_product))
            .route(web::patch().to(products::patch_product))
            .route(web::delete().to(products::delete_product))
            .default_service(method_not_allowed("GET, PUT, PATCH, DELETE")),
    );
}
