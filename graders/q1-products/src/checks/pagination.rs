//! `GET /products?page=&per_page=` (bonus). A fresh instance holds exactly 25
//! products, created in a known order.

use kit_harness::{Ctx, Failure, Http, Instance, Outcome, Overrides, query};

use crate::fixtures::Product;
use crate::listing::{list, seed};

const SEEDED: usize = 25;

async fn seeded(cx: &Ctx) -> Result<(Instance, Http, Vec<Product>), Failure> {
    let (instance, http) = cx.start_fresh(&Overrides::new()).await?;
    let names: Vec<String> = (1..=SEEDED)
        .map(|index| format!("Item {index:02}"))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let products = seed(&http, &names).await?;
    Ok((instance, http, products))
}

/// The capability the other pagination checks build on: `page` and
/// `per_page` cut the list into the right pages. Only the items are judged
/// here: the envelope's numbers are `defaults`' and `past_the_end`'s.
pub async fn pages(cx: Ctx) -> Outcome {
    let (_instance, http, products) = seeded(&cx).await?;
    let all: Vec<String> = products.iter().map(|product| product.id.clone()).collect();
    for (page, range) in [(1u64, 0..10), (2, 10..20), (3, 20..25)] {
        let listing = list(&http, &[("page", &page.to_string()), ("per_page", "10")]).await?;
        let expected = &all[range];
        listing.reply.expect(listing.ids == expected, &format!("page {page} = products {expected:?}"), || {
            format!(
                "page {page} of 10 returned ids {:?}, expected {expected:?} (creation order, no overlap, nothing missing)",
                listing.ids
            )
        })?;
    }
    Ok("3 pages of 10: disjoint, in creation order, together the whole set".to_owned())
}

/// Without parameters: page 1 of 20. The envelope says which page it is,
/// with or without parameters.
pub async fn defaults(cx: Ctx) -> Outcome {
    let (_instance, http, products) = seeded(&cx).await?;
    let expected: Vec<String> = products
        .iter()
        .take(20)
        .map(|product| product.id.clone())
        .collect();
    let listing = list(&http, &[]).await?;
    listing.reply.expect(
        listing.ids == expected,
        "the first 20 products (default page 1, per_page 20)",
        || {
            format!(
                "without parameters got {} items {:?}, expected the first 20 of 25",
                listing.ids.len(),
                listing.ids
            )
        },
    )?;
    let echoed = listing.page == Some(1) && listing.per_page == Some(20);
    listing.reply.expect(
        echoed,
        "`page` = 1, `per_page` = 20 in the envelope",
        || {
            format!(
                "the envelope says page {:?}, per_page {:?}; expected 1 and 20 (the defaults)",
                listing.page, listing.per_page
            )
        },
    )?;
    let listing = list(&http, &[("page", "2"), ("per_page", "10")]).await?;
    let echoed = listing.page == Some(2) && listing.per_page == Some(10);
    listing.reply.expect(
        echoed,
        "`page` = 2, `per_page` = 10 in the envelope",
        || {
            format!(
                "the envelope says page {:?}, per_page {:?}; expected 2 and 10 (as asked)",
                listing.page, listing.per_page
            )
        },
    )?;
    Ok("defaults: page 1, per_page 20; the envelope gives page and per_page".to_owned())
}

pub async fn past_the_end(cx: Ctx) -> Outcome {
    let (_instance, http, _products) = seeded(&cx).await?;
    for page in ["4", "1000"] {
        let listing = list(&http, &[("page", page), ("per_page", "10")]).await?;
        let ok = listing.ids.is_empty() && listing.total == Some(25);
        listing
            .reply
            .expect(ok, "200 with `items: []` and `total` = 25", || {
                format!(
                    "page {page} of 10 returned {} items and total {:?}",
                    listing.ids.len(),
                    listing.total
                )
            })?;
    }
    Ok("a page past the end is empty, with the right total".to_owned())
}

pub async fn invalid_params(cx: Ctx) -> Outcome {
    for (name, value) in [
        ("page", "0"),
        ("page", "-1"),
        ("page", "abc"),
        ("per_page", "0"),
        ("per_page", "101"),
        ("per_page", "abc"),
    ] {
        let reply = cx
            .http()
            .get(&format!("/products{}", query(&[(name, value)])))
            .send()
            .await?;
        reply.expect_status(&[400, 422], &format!("`{name}={value}`"))?;
        reply.expect_error_message()?;
    }
    Ok("invalid `page` / `per_page` get 400 with a JSON error".to_owned())
}
