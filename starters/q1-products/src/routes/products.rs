//! `/products` and `/products/{id}`: create, read and list products.
//!
//! Handlers only translate between HTTP and the storage: the rules live in
//! `domain`, the queries in `storage`, the status codes in `error`.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::{
    domain::{NewProduct, Product, ProductId},
    error::ApiError,
    storage::Storage,
};

/// `POST /products`: 201 with the stored product.
pub async fn create_product(
    storage: web::Data<Storage>,
    body: web::Json<NewProduct>,
) -> Result<HttpResponse, ApiError> {
    let product = storage.insert_product(body.into_inner()).await?;
    Ok(HttpResponse::Created().json(product))
}

/// `GET /products/{id}`: 200 with the product, 404 for an unknown id.
pub async fn get_product(
    storage: web::Data<Storage>,
    path: web::Path<String>,
) -> Result<web::Json<Product>, ApiError> {
    let raw_id = path.into_inner();
    let Some(id) = ProductId::parse(&raw_id) else {
        return Err(ApiError::ProductNotFound(raw_id));
    };
    match storage.get_product(id).await? {
        Some(product) => Ok(web::Json(product)),
        None => Err(ApiError::ProductNotFound(raw_id)),
    }
}

// TODO(q1): `PUT /products/{id}` (200 with the product after a full
// replacement, same rules as create; 404 for an unknown id) and
// `DELETE /products/{id}` (204 with an empty body; 404 for an unknown or
// already deleted id). Bonus: `PATCH /products/{id}`, where only the fields
// sent change, each checked with its create rule.

/// Body of `GET /products`.
#[derive(Debug, Serialize)]
pub struct ProductList {
    pub items: Vec<Product>,
    pub total: usize,
}

/// `GET /products`: every product, oldest first.
// TODO(q1): paginate with `?page=` (>= 1, default 1) and `?per_page=`
// (1..=100, default 20); anything else, e.g. 0, -1, 101 or `abc`, is 400
// naming the parameter. Answer `{"items", "page", "per_page", "total"}`; a
// page past the end is 200 with no items and the right total. Bonus:
// `?name=` keeps the products whose name contains the term, ignoring case,
// and `total` counts that filtered set.
pub async fn list_products(
    storage: web::Data<Storage>,
) -> Result<web::Json<ProductList>, ApiError> {
    let items = storage.list_products().await?;
    Ok(web::Json(ProductList {
        total: items.len(),
        items,
    }))
}
