//! `/products` and `/products/{id}`: create, read, replace, patch, delete
//! and list products.
//!
//! Handlers only translate between HTTP and the storage: the rules live in
//! `domain`, the queries in `storage`, the status codes in `error`.
//!
//! Order of checks on `PUT` and `PATCH`: the body first (actix rejects bad
//! JSON before the handler runs, then the field rules), the id last. So a
//! bad body on an unknown id is 400/415/422, and a valid body on an unknown
//! id is 404.

use actix_web::{HttpResponse, http::header, web};
use serde::{Deserialize, Serialize};

use crate::{
    domain::{
        JsonObject, ListQuery, NameFilter, NewProduct, Page, PerPage, Product, ProductId,
        ProductPatch,
    },
    error::ApiError,
    storage::Storage,
};

/// `POST /products`: 201 with the stored product and its `Location`.
pub async fn create_product(
    storage: web::Data<Storage>,
    body: web::Json<JsonObject>,
) -> Result<HttpResponse, ApiError> {
    let new = NewProduct::parse(&body).map_err(ApiError::InvalidField)?;
    let product = storage.insert_product(new).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/products/{}", product.id)))
        .json(product))
}

/// `GET /products/{id}`: 200 with the product.
pub async fn get_product(
    storage: web::Data<Storage>,
    path: web::Path<String>,
) -> Result<web::Json<Product>, ApiError> {
    let raw_id = path.into_inner();
    let id = parse_id(&raw_id)?;
    found(storage.get_product(id).await?, raw_id)
}

/// `PUT /products/{id}`: replaces every field, with the rules of create.
pub async fn replace_product(
    storage: web::Data<Storage>,
    path: web::Path<String>,
    body: web::Json<JsonObject>,
) -> Result<web::Json<Product>, ApiError> {
    let new = NewProduct::parse(&body).map_err(ApiError::InvalidField)?;
    let raw_id = path.into_inner();
    let id = parse_id(&raw_id)?;
    found(storage.replace_product(id, new).await?, raw_id)
}

/// `PATCH /products/{id}`: changes only the fields sent.
pub async fn patch_product(
    storage: web::Data<Storage>,
    path: web::Path<String>,
    body: web::Json<JsonObject>,
) -> Result<web::Json<Product>, ApiError> {
    let patch = ProductPatch::parse(&body).map_err(ApiError::InvalidField)?;
    let raw_id = path.into_inner();
    let id = parse_id(&raw_id)?;
    found(storage.patch_product(id, patch).await?, raw_id)
}

/// `DELETE /products/{id}`: 204 with an empty body.
pub async fn delete_product(
    storage: web::Data<Storage>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let raw_id = path.into_inner();
    let id = parse_id(&raw_id)?;
    if storage.delete_product(id).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::ProductNotFound(raw_id))
    }
}

/// Query string of `GET /products`, as sent. Every parameter is read as
/// text so that `page=abc` gets our message, not serde's.
#[derive(Debug, Deserialize)]
pub struct ListParams {
    name: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

impl TryFrom<ListParams> for ListQuery {
    type Error = ApiError;

    fn try_from(params: ListParams) -> Result<Self, Self::Error> {
        Ok(Self {
            name: NameFilter::parse(params.name.as_deref()).map_err(ApiError::InvalidParameter)?,
            page: Page::parse(params.page.as_deref()).map_err(ApiError::InvalidParameter)?,
            per_page: PerPage::parse(params.per_page.as_deref())
                .map_err(ApiError::InvalidParameter)?,
        })
    }
}

/// Body of `GET /products`.
#[derive(Debug, Serialize)]
pub struct ProductPage {
    pub items: Vec<Product>,
    pub page: Page,
    pub per_page: PerPage,
    /// How many products match the filter, on all pages.
    pub total: i64,
}

/// `GET /products?name=&page=&per_page=`: one page of products, oldest
/// first, optionally only those whose name contains `name` (ignoring case).
pub async fn list_products(
    storage: web::Data<Storage>,
    params: web::Query<ListParams>,
) -> Result<web::Json<ProductPage>, ApiError> {
    let query = ListQuery::try_from(params.into_inner())?;
    let (page, per_page) = (query.page, query.per_page);
    let listing = storage.list_products(query).await?;
    Ok(web::Json(ProductPage {
        items: listing.items,
        page,
        per_page,
        total: listing.total,
    }))
}

/// An id that is not a number names no product: 404, like an unknown one.
fn parse_id(raw: &str) -> Result<ProductId, ApiError> {
    ProductId::parse(raw).ok_or_else(|| ApiError::ProductNotFound(raw.to_owned()))
}

fn found(product: Option<Product>, raw_id: String) -> Result<web::Json<Product>, ApiError> {
    product
        .map(web::Json)
        .ok_or(ApiError::ProductNotFound(raw_id))
}
