//! Answers for requests no handler takes: an unknown path (404) or a known
//! path with a method it does not support (405), both with a JSON body.

use actix_web::{HttpRequest, HttpResponse, Route, web};

use crate::error::ApiError;

/// `App::default_service`: no route matches the path.
pub async fn route_not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::RouteNotFound {
        method: req.method().to_string(),
        path: req.path().to_owned(),
    })
}

/// `Resource::default_service`: the path exists, the method does not.
/// `allow` lists the methods the resource does support, for the `Allow`
/// header; it is written next to the routes it describes.
pub fn method_not_allowed(allow: &'static str) -> Route {
    web::to(move |req: HttpRequest| async move {
        Err::<HttpResponse, _>(ApiError::MethodNotAllowed {
            method: req.method().to_string(),
            path: req.path().to_owned(),
            allow,
        })
    })
}
