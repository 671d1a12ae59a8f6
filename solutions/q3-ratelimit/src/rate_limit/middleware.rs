//! The actix-web middleware: decides each request before the handler runs.
//!
//! - Accepted: the request goes on, and its response (whatever it is, a 404
//!   included) gets `X-RateLimit-Limit` and `X-RateLimit-Remaining`.
//! - Rejected: a 429 built here (see `ApiError::RateLimited`); the handler
//!   never runs.
//! - The store failed: the request goes on without headers, and the failure
//!   is logged (fail open, see the module docs).

use std::{
    future::{Ready, ready},
    rc::Rc,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant, SystemTime},
};

use actix_web::{
    Error, ResponseError,
    body::EitherBody,
    dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready},
};
use futures_util::future::LocalBoxFuture;

use super::{
    ClientKey, Decision, Limiter, RateLimitStore, StoreError,
    headers::{QuotaHeaders, RetryAt},
};
use crate::error::{ApiError, error_chain};

/// The middleware factory: wrap a scope with it to limit every request
/// under that scope, e.g. `web::scope("/api").wrap(RateLimit::new(limiter))`.
/// Clones share the limiter (and so the budgets).
#[derive(Debug)]
pub struct RateLimit<S> {
    limiter: Arc<Limiter<S>>,
    failures: Arc<FailureLog>,
}

impl<S> Clone for RateLimit<S> {
    fn clone(&self) -> Self {
        Self {
            limiter: Arc::clone(&self.limiter),
            failures: Arc::clone(&self.failures),
        }
    }
}

impl<S: RateLimitStore> RateLimit<S> {
    pub fn new(limiter: Limiter<S>) -> Self {
        Self::shared(Arc::new(limiter))
    }

    /// A middleware over a limiter that is also used elsewhere.
    pub fn shared(limiter: Arc<Limiter<S>>) -> Self {
        Self {
            limiter,
            failures: Arc::default(),
        }
    }

    pub fn limiter(&self) -> &Arc<Limiter<S>> {
        &self.limiter
    }
}

impl<Svc, B, S> Transform<Svc, ServiceRequest> for RateLimit<S>
where
    Svc: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
    S: RateLimitStore,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = RateLimitMiddleware<Svc, S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: Svc) -> Self::Future {
        ready(Ok(RateLimitMiddleware {
            service: Rc::new(service),
            worker: Rc::new(Worker {
                quota: QuotaHeaders::new(self.limiter.policy().max_requests()),
                limit: self.clone(),
            }),
        }))
    }
}

/// One per worker thread; `service` is the rest of the chain.
///
/// Each request's future holds `Rc` clones (a plain increment, local to
/// the worker), never `Arc` clones: an atomic counter shared by every
/// worker would bounce its cache line between cores on each request.
pub struct RateLimitMiddleware<Svc, S> {
    service: Rc<Svc>,
    worker: Rc<Worker<S>>,
}

/// What one worker thread's requests share.
#[derive(Debug)]
struct Worker<S> {
    limit: RateLimit<S>,
    quota: QuotaHeaders,
}

impl<Svc, B, S> Service<ServiceRequest> for RateLimitMiddleware<Svc, S>
where
    Svc: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
    S: RateLimitStore,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let client = ClientKey::from_peer(req.peer_addr());
        let now = Instant::now();
        let service = Rc::clone(&self.service);
        let worker = Rc::clone(&self.worker);

        Box::pin(async move {
            let RateLimit { limiter, failures } = &worker.limit;
            let policy = limiter.policy();
            match limiter.check(client, now).await {
                Ok(Decision::Allowed { remaining }) => {
                    let mut response = forward(&service, req).await?;
                    worker.quota.insert(response.headers_mut(), remaining);
                    Ok(response)
                }
                Ok(Decision::Rejected { retry_after }) => {
                    let rejection = ApiError::RateLimited {
                        policy: *policy,
                        retry: RetryAt::new(retry_after, SystemTime::now()),
                    };
                    Ok(req
                        .into_response(rejection.error_response())
                        .map_into_right_body())
                }
                Err(err) => {
                    failures.record(&err, client);
                    forward(&service, req).await
                }
            }
        })
    }
}

/// Calls the rest of the chain. Handlers and extractors report their errors
/// as responses (an `Ok`), which get the limiter's headers; an `Err` only
/// comes from a failure further in the chain, and is passed on for actix to
/// answer. (It cannot be answered here: building a response needs the
/// request, and keeping a copy of it would stop the router from matching.)
async fn forward<Svc, B>(
    service: &Svc,
    req: ServiceRequest,
) -> Result<ServiceResponse<EitherBody<B>>, Error>
where
    Svc: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    Ok(service.call(req).await?.map_into_left_body())
}

impl<Svc, S> std::fmt::Debug for RateLimitMiddleware<Svc, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimitMiddleware")
            .finish_non_exhaustive()
    }
}

/// Logs store failures at most once per [`FailureLog::EVERY`], with the
/// number of failures since the last line: an outage under load must not
/// flood the log.
#[derive(Debug, Default)]
pub(crate) struct FailureLog {
    last_logged: Mutex<Option<Instant>>,
    unlogged: AtomicU64,
}

impl FailureLog {
    const EVERY: Duration = Duration::from_secs(1);

    fn record(&self, err: &StoreError, client: ClientKey) {
        let mut last = self
            .last_logged
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        if last.is_some_and(|at| now.duration_since(at) < Self::EVERY) {
            self.unlogged.fetch_add(1, Ordering::Relaxed);
            return;
        }
        *last = Some(now);
        let also = self.unlogged.swap(0, Ordering::Relaxed);
        tracing::error!(
            error = %error_chain(err),
            %client,
            failures_since_last_report = also,
            "rate limiter unavailable: serving the request without limiting it"
        );
    }
}
