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
        health, login, register, users,
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
    ///
    /// Whatever every request needs (a hasher, signing keys, the outbox)
    /// is built here once and registered with `.app_data(web::Data::new(..))`,
    /// like the storage.
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
                // TODO(q2): nothing the service prints may contain a
                // password or a token (advanced). The default access log
                // prints the request line with its query string, and the
                // `Referer`; `Logger::new(..)` takes a format of your own.
                .wrap(Logger::default())
                .app_data(storage.clone())
                .app_data(json_config())
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
fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_BODY_BYTES)
        .error_handler(|err, _req| ApiError::from(err).into())
}

/// Every route the service answers. Each resource lists the methods it
/// supports twice: as routes, and in the `Allow` header its 405 sends.
// TODO(q2): add `GET /users/me` (before `/users/{id}`, which would match it
// too) and, bonus, `POST /auth/password-reset` and
// `POST /auth/password-reset/confirm`:
// - `POST /auth/password-reset` `{"email"}`: always 202 with the same body,
//   whether or not an account has the email. For an account, write one
//   email (one new file) into `MAIL_OUTBOX_DIR` with the recipient's
//   address and the link `{PUBLIC_BASE_URL}/reset-password?token=<token>`:
//   at least 128 bits from a CSPRNG, only `A-Z a-z 0-9 - _`. The link comes
//   from the settings, never from the request's `Host` header. Store only a
//   hash of the token, with its expiry (`RESET_TOKEN_TTL_SECS`).
// - `POST /auth/password-reset/confirm` `{"token", "new_password"}`: 204;
//   400 for an unknown, used or expired token; 422 for a weak password.
//   The token works once, even when two requests race. Afterwards the new
//   password logs in, the old one does not, and access tokens issued before
//   the reset are refused.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/health")
            .route(web::get().to(health::health_check))
            .default_service(method_not_allowed("GET")),
    )
    .service(
        web::resource("/auth/register")
            .route(web::post().to(register::register))
            .default_service(method_not_allowed("POST")),
    )
    .service(
        web::resource("/auth/login")
            .route(web::post().to(login::login))
            .default_service(method_not_allowed("POST")),
    )
    .service(
        web::resource("/users/{id}")
            .route(web::get().to(users::get_user))
            .default_service(method_not_allowed("GET")),
    );
}
