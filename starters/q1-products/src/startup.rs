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
    routes::{health, products},
    settings::Settings,
    storage::{Storage, StorageError},
};

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
                .configure(routes)
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

/// Every route the service answers.
// TODO(q1): add `PUT` and `DELETE` (bonus: `PATCH`) on `/products/{id}`.
// A known path with an unsupported method must answer 405 with a JSON error
// body (bonus: an `Allow` header listing the supported methods), see
// `Resource::default_service`; an unknown path, 404 with a JSON body, see
// `App::default_service`. Actix's defaults answer both with an empty body.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/health").route(web::get().to(health::health_check)))
        .service(
            web::resource("/products")
                .route(web::get().to(products::list_products))
                .route(web::post().to(products::create_product)),
        )
        .service(web::resource("/products/{id}").route(web::get().to(products::get_product)));
}
