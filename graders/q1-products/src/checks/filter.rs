//! `GET /products?name=` (bonus): case-insensitive substring, matched
//! literally. Each check seeds a fresh instance so the expected matches are exact.

use kit_harness::{Ctx, Outcome, Overrides};

use crate::listing::{ids_of, list, seed};

const NAMES: [&str; 5] = [
    "Desk Lamp",
    "LAMP shade",
    "Floor lamp XL",
    "Office chair",
    "Table",
];
const LAMPS: [&str; 3] = ["Desk Lamp", "LAMP shade", "Floor lamp XL"];

/// Each `(term, names it must match)` on a fresh instance holding `NAMES`.
async fn matches(cx: &Ctx, terms: &[(&str, &[&str])]) -> Result<(), kit_harness::Failure> {
    let (_instance, http) = cx.start_fresh(&Overrides::new()).await?;
    let products = seed(&http, &NAMES).await?;
    for (term, names) in terms {
        let expected = ids_of(&products, names);
        let listing = list(&http, &[("name", term)]).await?;
        listing.reply.expect(
            listing.ids == expected,
            &format!("`name={term}` matches {names:?}"),
            || {
                format!(
                    "`name={term}` returned ids {:?}, expected {expected:?} ({names:?})",
                    listing.ids
                )
            },
        )?;
    }
    Ok(())
}

/// The capability the other filter checks build on: the list keeps the
/// products whose name contains the term. The terms are in the case the
/// names use, so case-insensitivity is `case_insensitive`'s alone.
pub async fn substring(cx: Ctx) -> Outcome {
    matches(
        &cx,
        &[
            ("chair", &["Office chair"]),
            ("oor la", &["Floor lamp XL"]),
            ("e", &["Desk Lamp", "LAMP shade", "Office chair", "Table"]),
        ],
    )
    .await?;
    Ok("the list keeps the products whose name contains the term".to_owned())
}

pub async fn case_insensitive(cx: Ctx) -> Outcome {
    matches(
        &cx,
        &[
            ("lamp", &LAMPS[..]),
            ("LaMp", &LAMPS[..]),
            ("amp sha", &["LAMP shade"][..]),
        ],
    )
    .await?;
    Ok("case-insensitive substring match on the name".to_owned())
}

/// A term in the names' own case, so a case-sensitive filter is not
/// charged here again.
pub async fn total_is_filtered(cx: Ctx) -> Outcome {
    let (_instance, http) = cx.start_fresh(&Overrides::new()).await?;
    seed(&http, &NAMES).await?;
    let listing = list(&http, &[("name", "e")]).await?;
    listing.reply.expect(
        listing.total == Some(4),
        "`total` = 4 (the filtered count)",
        || {
            format!(
                "`total` is {:?} for `name=e`, expected 4 (5 products, 4 with an `e`)",
                listing.total
            )
        },
    )?;
    Ok("`total` counts the filtered products".to_owned())
}

/// Names with the characters the two literal-match checks look for.
const SPECIAL_NAMES: [&str; 5] = [
    "50% off lamp",
    "Lamp_XL",
    "O'Brien lamp",
    "Plain lamp",
    "100 percent",
];

/// Each `(term, names it must match)`, on a fresh instance holding `SPECIAL_NAMES`.
async fn literal_terms(cx: &Ctx, terms: &[(&str, &[&str])]) -> Result<(), kit_harness::Failure> {
    let (_instance, http) = cx.start_fresh(&Overrides::new()).await?;
    let products = seed(&http, &SPECIAL_NAMES).await?;
    for (term, matching) in terms {
        let expected = ids_of(&products, matching);
        let listing = list(&http, &[("name", term)]).await?;
        listing.reply.expect(listing.ids == expected, &format!("`name={term}` matches only {matching:?}"), || {
            format!(
                "`name={term}` returned ids {:?}, expected {expected:?} ({matching:?}): the term must be matched literally",
                listing.ids
            )
        })?;
    }
    Ok(())
}

/// `%` and `_` are LIKE wildcards: unescaped, they match everything.
pub async fn literal_wildcards(cx: Ctx) -> Outcome {
    literal_terms(
        &cx,
        &[
            ("%", &["50% off lamp"]),
            ("0%", &["50% off lamp"]),
            ("_", &["Lamp_XL"]),
        ],
    )
    .await?;
    Ok("`%` and `_` are matched literally".to_owned())
}

/// Quotes and SQL fragments: string-built SQL breaks (5xx) or matches everything.
pub async fn literal_quotes_and_sql(cx: Ctx) -> Outcome {
    literal_terms(
        &cx,
        &[
            ("'", &["O'Brien lamp"]),
            ("' OR 1=1 --", &[]),
            ("lamp' OR '1'='1", &[]),
            ("\"; DROP TABLE products; --", &[]),
        ],
    )
    .await?;
    Ok("quotes and SQL fragments are matched literally".to_owned())
}
