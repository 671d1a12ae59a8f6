//! The rate limiter: an actix-web middleware wrapped around the `/api` scope
//! in `startup.rs`. It sees every request under `/api/` before any handler
//! (even requests no route matches), and may answer on its own instead of
//! calling the handler.
//!
//! The actix plumbing is done: [`RateLimit`] is the factory actix calls once
//! per worker thread, [`RateLimitMiddleware`] is called for every request.
//! Today it lets every request through unchanged.
//!
//! TODO(q3): limit each client to `RATE_LIMIT_MAX_REQUESTS` requests in any
//! rolling window of `RATE_LIMIT_WINDOW_SECS` seconds. The full contract is
//! in the README; in short:
//! - the client is the TCP peer IP address (`req.peer_addr()`), never a
//!   header such as `X-Forwarded-For`;
//! - over the limit: `429` with a JSON error body, `Retry-After` and
//!   `X-RateLimit-Reset`; rejected requests do not count;
//! - the limit holds under concurrent requests, and the memory used follows
//!   the clients seen recently, not every client ever seen.

use std::{
    future::{Ready, ready},
    rc::Rc,
};

use actix_web::{
    Error,
    body::EitherBody,
    dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready},
};
use futures_util::future::LocalBoxFuture;

/// Builds one [`RateLimitMiddleware`] per worker thread. Whatever it holds is
/// cloned into each: share state between workers through an `Arc`.
// TODO(q3): give it what it needs to decide: the limit, the window, and
// where the requests of each client are remembered. `startup.rs` creates it
// and has the settings at hand.
#[derive(Debug, Clone, Default)]
pub struct RateLimit {}

impl<S, B> Transform<S, ServiceRequest> for RateLimit
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
{
    /// `EitherBody`: the left body is the handler's, the right one is for a
    /// response the middleware builds itself (e.g. a 429), see
    /// `ServiceResponse::map_into_left_body` / `map_into_right_body`.
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = RateLimitMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(RateLimitMiddleware {
            service: Rc::new(service),
        }))
    }
}

/// Runs for every request under `/api/`; `service` is the rest of the chain
/// (the router, then the handler).
pub struct RateLimitMiddleware<S> {
    service: Rc<S>,
}

impl<S, B> Service<ServiceRequest> for RateLimitMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        // TODO(q3): decide here, before calling the handler. Over the limit,
        // answer without calling it, e.g.
        // `Ok(req.into_response(response).map_into_right_body())`, where
        // `response` is a 429 built from an `ApiError` variant.
        let service = Rc::clone(&self.service);
        Box::pin(async move {
            let response = service.call(req).await?;
            // TODO(q3): under the limit, tell the client where it stands:
            // `X-RateLimit-Limit` and `X-RateLimit-Remaining` (bonus).
            Ok(response.map_into_left_body())
        })
    }
}

impl<S> std::fmt::Debug for RateLimitMiddleware<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimitMiddleware")
            .finish_non_exhaustive()
    }
}
