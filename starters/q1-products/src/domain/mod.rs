//! The product types the routes and the storage agree on.

mod product;

pub use product::{NewProduct, Product, ProductId};
