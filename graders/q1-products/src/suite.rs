//! The Q1 check table: ids, titles, criteria, points and order. Points add up
//! to 100, weighted by the task's criteria; `docs/scoring.md` mirrors this table.

use std::time::Duration;

use kit_harness::{Check, DEFAULT_CHECK_TIMEOUT, Kind};

use crate::checks::{
    create, delete, errors, filter, methods, pagination, patch, read, robustness, update, validation,
};

pub const METHODS: &str = "methods";
pub const ERRORS: &str = "errors";
pub const BONUS: &str = "bonus";
pub const ROBUSTNESS: &str = "robustness";

const CREATE: &str = "q1.create.status_201";
const GET: &str = "q1.get.ok";
const UPDATE: &str = "q1.update.ok";
const DELETE: &str = "q1.delete.ok";
const NOT_ALLOWED: &str = "q1.methods.not_allowed_405";
const FILTER: &str = "q1.filter.case_insensitive";
const PAGES: &str = "q1.pagination.pages";

/// Shorthand for one row of the table.
const fn check(
    id: &'static str,
    title: &'static str,
    criterion: &'static str,
    kind: Kind,
    points: u32,
    requires: &'static [&'static str],
    run: kit_harness::CheckFn,
) -> Check {
    Check { id, title, criterion, kind, points, requires, timeout: DEFAULT_CHECK_TIMEOUT, run }
}

pub fn checks() -> Vec<Check> {
    use Kind::{Advanced, Bonus, Core};
    vec![
        // Proper HTTP methods and status codes (40)
        check(CREATE, "Creating a product answers 201 with the product", METHODS, Core, 5, &[], |cx| {
            Box::pin(create::status_201(cx))
        }),
        check("q1.create.location_header", "A created product's URL is given in a Location header", METHODS, Bonus, 2, &[CREATE], |cx| {
            Box::pin(create::location_header(cx))
        }),
        check(GET, "Reading a product by id answers 200 with it", METHODS, Core, 4, &[CREATE], |cx| {
            Box::pin(read::get_ok(cx))
        }),
        check("q1.get.unknown_404", "Reading a product that does not exist answers 404", METHODS, Core, 3, &[], |cx| {
            Box::pin(read::get_unknown_404(cx))
        }),
        check("q1.list.envelope", "Listing products answers {items, total}", METHODS, Core, 3, &[CREATE], |cx| {
            Box::pin(read::list_envelope(cx))
        }),
        check(UPDATE, "Updating a product with PUT answers 200 and saves the change", METHODS, Core, 6, &[CREATE, GET], |cx| {
            Box::pin(update::ok(cx))
        }),
        check("q1.update.full_replacement", "PUT replaces the whole product (omitted description becomes empty)", METHODS, Core, 2, &[UPDATE], |cx| {
            Box::pin(update::full_replacement(cx))
        }),
        check("q1.update.unknown_404", "Updating a product that does not exist answers 404", METHODS, Core, 3, &[UPDATE], |cx| {
            Box::pin(update::unknown_404(cx))
        }),
        check(DELETE, "Deleting a product answers 204, and it is gone", METHODS, Core, 5, &[CREATE, GET], |cx| {
            Box::pin(delete::ok(cx))
        }),
        check("q1.delete.unknown_404", "Deleting a product that does not exist (or twice) answers 404", METHODS, Core, 3, &[DELETE], |cx| {
            Box::pin(delete::unknown_404(cx))
        }),
        check("q1.delete.put_after_delete_404", "Updating a deleted product answers 404 and does not recreate it", METHODS, Core, 1, &[DELETE, UPDATE], |cx| {
            Box::pin(delete::put_after_delete_404(cx))
        }),
        check(NOT_ALLOWED, "An unsupported method on a known path answers 405 with a JSON error", METHODS, Core, 2, &[CREATE], |cx| {
            Box::pin(methods::not_allowed_405(cx))
        }),
        check("q1.methods.allow_header", "405 answers list the allowed methods in an Allow header", METHODS, Bonus, 1, &[NOT_ALLOWED], |cx| {
            Box::pin(methods::allow_header(cx))
        }),
        // Error handling (30)
        check("q1.create.rejects_missing_name", "Creating without a name is refused, naming the field", ERRORS, Core, 2, &[CREATE], |cx| {
            Box::pin(validation::missing_name(cx))
        }),
        check("q1.create.rejects_blank_name", "An empty or blank name is refused, naming the field", ERRORS, Core, 2, &[CREATE], |cx| {
            Box::pin(validation::blank_name(cx))
        }),
        check("q1.create.rejects_long_name", "A name over 100 characters is refused (100 accepted)", ERRORS, Core, 2, &[CREATE], |cx| {
            Box::pin(validation::long_name(cx))
        }),
        check("q1.create.rejects_long_description", "A description over 1000 characters is refused (1000 accepted)", ERRORS, Core, 2, &[CREATE], |cx| {
            Box::pin(validation::long_description(cx))
        }),
        check("q1.create.rejects_missing_price", "Creating without a price is refused, naming the field", ERRORS, Core, 2, &[CREATE], |cx| {
            Box::pin(validation::missing_price(cx))
        }),
        check("q1.create.rejects_price_out_of_range", "A price below 0 or above 1,000,000 is refused (bounds accepted)", ERRORS, Core, 2, &[CREATE], |cx| {
            Box::pin(validation::price_range(cx))
        }),
        check("q1.create.rejects_price_precision", "A price with more than 2 decimals is refused", ERRORS, Core, 2, &[CREATE], |cx| {
            Box::pin(validation::price_precision(cx))
        }),
        check("q1.create.rejects_wrong_types", "Fields of the wrong JSON type are refused, naming the field", ERRORS, Core, 2, &[CREATE], |cx| {
            Box::pin(validation::wrong_types(cx))
        }),
        check("q1.update.rejects_invalid", "An invalid full update is refused and changes nothing", ERRORS, Core, 2, &[UPDATE], |cx| {
            Box::pin(update::rejects_invalid(cx))
        }),
        check("q1.errors.malformed_json_400", "Malformed JSON answers 400 with a JSON error", ERRORS, Core, 3, &[], |cx| {
            Box::pin(errors::malformed_json_400(cx))
        }),
        check("q1.errors.not_json_415", "A body that is not declared JSON answers 415 with a JSON error", ERRORS, Core, 2, &[], |cx| {
            Box::pin(errors::not_json_415(cx))
        }),
        check("q1.errors.body_too_large_413", "A body over 1 MiB is refused with 413 and the service stays up", ERRORS, Core, 2, &[], |cx| {
            Box::pin(errors::body_too_large_413(cx))
        }),
        check("q1.errors.not_found_json", "404 answers (unknown id, unknown path) carry a JSON error message", ERRORS, Core, 2, &[], |cx| {
            Box::pin(errors::not_found_json(cx))
        }),
        check("q1.errors.no_5xx_on_client_mistakes", "Odd client requests never get a server error", ERRORS, Core, 3, &[], |cx| {
            Box::pin(errors::client_mistakes_no_5xx(cx))
        }),
        // Bonus features: name filter, pagination, PATCH (18)
        check(FILTER, "The list filters by name, case-insensitively", BONUS, Bonus, 3, &[CREATE], |cx| {
            Box::pin(filter::case_insensitive(cx))
        }),
        check("q1.filter.total_is_filtered", "With a filter, total counts only the matching products", BONUS, Bonus, 2, &[FILTER], |cx| {
            Box::pin(filter::total_is_filtered(cx))
        }),
        check("q1.filter.literal_special_chars", "The filter matches %, _, quotes and SQL fragments literally", BONUS, Bonus, 3, &[FILTER], |cx| {
            Box::pin(filter::literal_special_chars(cx))
        }),
        check(PAGES, "Pages are disjoint, in creation order, and cover every product", BONUS, Bonus, 3, &[CREATE], |cx| {
            Box::pin(pagination::pages(cx))
        }),
        check("q1.pagination.defaults", "Without parameters the list is page 1 of 20", BONUS, Bonus, 1, &[PAGES], |cx| {
            Box::pin(pagination::defaults(cx))
        }),
        check("q1.pagination.past_the_end", "A page past the end is empty, with the right total", BONUS, Bonus, 1, &[PAGES], |cx| {
            Box::pin(pagination::past_the_end(cx))
        }),
        check("q1.pagination.invalid_params", "Invalid page or per_page answers 400 with a JSON error", BONUS, Bonus, 2, &[PAGES], |cx| {
            Box::pin(pagination::invalid_params(cx))
        }),
        check("q1.patch.partial_update", "PATCH changes only the fields sent", BONUS, Bonus, 3, &[CREATE, GET], |cx| {
            Box::pin(patch::partial_update(cx))
        }),
        // Robustness (12)
        check("q1.robust.survives_restart", "Products survive a restart of the service", ROBUSTNESS, Core, 3, &[CREATE, GET], |cx| {
            Box::pin(robustness::survives_restart(cx))
        }),
        Check {
            timeout: Duration::from_secs(60),
            ..check("q1.robust.concurrent_creates", "50 simultaneous creates all succeed with distinct ids", ROBUSTNESS, Core, 3, &[CREATE, GET], |cx| {
                Box::pin(robustness::concurrent_creates(cx))
            })
        },
        check("q1.robust.exact_price", "Prices come back exactly as sent", ROBUSTNESS, Core, 2, &[CREATE, GET], |cx| {
            Box::pin(robustness::exact_price(cx))
        }),
        check("q1.robust.unicode_names", "Unicode names round-trip; length counts characters, not bytes", ROBUSTNESS, Core, 2, &[CREATE, GET], |cx| {
            Box::pin(robustness::unicode_names(cx))
        }),
        check("q1.robust.ids_ignored_in_body", "An id sent in a request body never changes the id", ROBUSTNESS, Advanced, 1, &[UPDATE], |cx| {
            Box::pin(robustness::ids_ignored_in_body(cx))
        }),
        check("q1.robust.ids_not_reused", "A deleted product's id is never handed out again", ROBUSTNESS, Advanced, 1, &[DELETE], |cx| {
            Box::pin(robustness::ids_not_reused(cx))
        }),
    ]
}
