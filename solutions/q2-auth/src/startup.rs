//! Builds the HTTP server: opens the storage and the outbox, prepares the
//! keys and the dummy hash, binds the port, and holds the whole route table.

use std::net::TcpListener;

use actix_web::{
    App, HttpServer,
    dev::{Server, ServerHandle},
    middleware::Logger,
    web,
};

use crate::{
    auth::{HashError, JwtKeys, PasswordHasher, ThrottlePolicy},
    clock,
    domain::UserId,
    error::ApiError,
    mail::{Outbox, OutboxError},
    routes::{
        fallback::{method_not_allowed, route_not_found},
        health, login,
        password_reset::{self, ResetLinks},
        register, users,
    },
    settings::{JwtSecret, Settings},
    storage::{Storage, StorageError},
};

/// Largest request body accepted: 1 MiB. Larger ones get 413.
pub const MAX_BODY_BYTES: usize = 1_048_576;

/// Seconds in-flight requests get to finish after SIGTERM.
const SHUTDOWN_TIMEOUT_SECS: u64 = 2;

/// The access log: method, path, status, size, duration. The path only:
/// a query string or a header (`Referer`, `Authorization`) may carry a
/// token, and nothing the service prints may contain one.
const ACCESS_LOG_FORMAT: &str = "%{method}xi %U %s %bB %Dms";

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Outbox(#[from] OutboxError),
    #[error("cannot compute the dummy password hash")]
    Hashing(#[from] HashError),
    #[error("access tokens do not work: signing and verifying a test token failed ({0})")]
    Tokens(String),
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
    /// Opens the database (creating its schema if needed) and the outbox
    /// folder, computes the dummy hash, checks that tokens can be signed
    /// and verified, and binds the listener: whatever is wrong fails here,
    /// at startup, not at the first request. The socket is bound here, not
    /// by `HttpServer`, so that port 0 works and `port()` tells which port
    /// the OS picked.
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        if settings.jwt_secret.expose().len() < JwtSecret::RECOMMENDED_MIN_BYTES {
            tracing::warn!(
                "JWT_SECRET is shorter than {} bytes: fine for a test, too short to resist \
                 brute force in production",
                JwtSecret::RECOMMENDED_MIN_BYTES
            );
        }
        let storage = Storage::open(&settings.database_path)?;
        let outbox = Outbox::open(&settings.mail_outbox_dir)?;
        let hasher = PasswordHasher::new(settings.bcrypt_cost)?;
        let keys = JwtKeys::new(&settings.jwt_secret, settings.jwt_ttl_secs);
        self_test(&keys)?;
        let throttle = ThrottlePolicy {
            max_failures: settings.login_max_failures,
            lockout_secs: clock::secs(settings.login_lockout_secs),
        };
        let links = ResetLinks {
            base_url: settings.public_base_url.clone(),
            token_ttl_secs: settings.reset_token_ttl_secs,
        };

        let Settings { host, port, .. } = settings;
        let bind_error = |source| StartupError::Bind {
            host: host.clone(),
            port,
            source,
        };
        let listener = TcpListener::bind((host.as_str(), port)).map_err(bind_error)?;
        let port = listener.local_addr().map_err(bind_error)?.port();

        let storage = web::Data::new(storage);
        let outbox = web::Data::new(outbox);
        let hasher = web::Data::new(hasher);
        let keys = web::Data::new(keys);
        let throttle = web::Data::new(throttle);
        let links = web::Data::new(links);
        let server = HttpServer::new(move || {
            App::new()
                .wrap(
                    Logger::new(ACCESS_LOG_FORMAT)
                        .custom_request_replace("method", |req| req.method().to_string()),
                )
                .app_data(storage.clone())
                .app_data(outbox.clone())
                .app_data(hasher.clone())
                .app_data(keys.clone())
                .app_data(throttle.clone())
                .app_data(links.clone())
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

/// Signs and verifies one token. The JWT library picks its crypto backend
/// from cargo features and panics at first use without one: better to know
/// before serving a request.
fn self_test(keys: &JwtKeys) -> Result<(), StartupError> {
    let token = keys
        .issue(UserId::from(0), clock::unix_now())
        .map_err(|err| StartupError::Tokens(err.to_string()))?;
    keys.verify(&token.token)
        .map(drop)
        .map_err(|err| StartupError::Tokens(err.to_string()))
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
/// `/users/me` comes before `/users/{id}`, which would match it too.
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
        web::resource("/auth/password-reset")
            .route(web::post().to(password_reset::request_reset))
            .default_service(method_not_allowed("POST")),
    )
    .service(
        web::resource("/auth/password-reset/confirm")
            .route(web::post().to(password_reset::confirm_reset))
            .default_service(method_not_allowed("POST")),
    )
    .service(
        web::resource("/users/me")
            .route(web::get().to(users::me))
            .default_service(method_not_allowed("GET")),
    )
    .service(
        web::resource("/users/{id}")
            .route(web::get().to(users::get_user))
            .default_service(method_not_allowed("GET")),
    );
}
