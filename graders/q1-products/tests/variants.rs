//! The Q1 broken-variant corpus: the Python reference server
//! (`tests/servers/products.py`) is graded with the real harness, as is and
//! with one deliberate fault at a time. Every test needs `python3`; without
//! it each skips with one line, or fails when `KIT_REQUIRE_TOOLS=1` or `CI`
//! forbids skips.
//!
//! - As is, it must score 100/100: the grader is fair to a correct service,
//!   whatever its language.
//! - With a fault, `report.lost()` must be exactly the checks listed here:
//!   the grader catches the bug, in the checks meant to catch it, and nowhere
//!   else. Blocked dependants count as lost and are listed too.
//!
//! The lists were derived from the check code (`src/checks/*.rs`), not copied
//! from a run; a comment says why a check is lost when it is not obvious.
//! Checks run in suite order on one shared instance; each uses unknown ids
//! of its own, so one fault's side effects stay in the checks it fails.
//!
//! A long corpus: it runs under `KIT_CORPORA=1` (`.ci/run` sets it) and
//! otherwise skips with one line (`kit_harness::testing::long_corpus`).

mod common;

use kit_harness::testing::{Tool, long_corpus, require};

use common::{expect_full_marks, expect_lost, server_faults};

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_server_scores_100_with_every_check_passing() {
    if !long_corpus("the_reference_server_scores_100_with_every_check_passing")
        || !require(
            "the_reference_server_scores_100_with_every_check_passing",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_full_marks().await;
}

#[test]
fn every_fault_of_the_server_has_a_test_here() {
    if !require(
        "every_fault_of_the_server_has_a_test_here",
        &[Tool::Python3],
    ) {
        return;
    }
    let source: String = include_str!("variants.rs").split_whitespace().collect();
    let untested: Vec<String> = server_faults()
        .into_iter()
        .filter(|fault| !source.contains(&format!("expect_lost(\"{fault}\"")))
        .collect();
    assert!(
        untested.is_empty(),
        "faults of products.py with no test in variants.rs: {untested:?}"
    );
}

// --- Error bodies and field rules ---------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn plain_text_errors_lose_every_check_that_reads_an_error_body() {
    if !long_corpus("plain_text_errors_lose_every_check_that_reads_an_error_body")
        || !require(
            "plain_text_errors_lose_every_check_that_reads_an_error_body",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost(
        "plain-text-errors",
        &[
            // Not allow_header: its 405s still carry an `Allow` header.
            "q1.methods.not_allowed_405",
            "q1.create.rejects_missing_name",
            "q1.create.rejects_blank_name",
            "q1.create.rejects_long_name",
            "q1.create.rejects_long_description",
            "q1.create.rejects_missing_price",
            "q1.create.rejects_price_out_of_range",
            "q1.create.rejects_price_precision",
            "q1.create.rejects_wrong_types",
            "q1.update.rejects_invalid",
            "q1.errors.malformed_json_400",
            "q1.errors.not_json_415",
            "q1.errors.body_too_large_413",
            "q1.errors.not_found_json",
            "q1.pagination.invalid_params",
            "q1.patch.partial_update", // its empty-name PATCH must be a JSON error naming `name`
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unnamed_field_errors_lose_every_check_that_wants_the_field_named() {
    if !long_corpus("unnamed_field_errors_lose_every_check_that_wants_the_field_named")
        || !require(
            "unnamed_field_errors_lose_every_check_that_wants_the_field_named",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost(
        "unnamed-field-errors",
        &[
            "q1.create.rejects_missing_name",
            "q1.create.rejects_blank_name",
            "q1.create.rejects_long_name",
            "q1.create.rejects_long_description",
            "q1.create.rejects_missing_price",
            "q1.create.rejects_price_out_of_range",
            "q1.create.rejects_price_precision",
            "q1.create.rejects_wrong_types",
            "q1.update.rejects_invalid",
            "q1.patch.partial_update",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_500_on_a_non_string_name_loses_the_wrong_types_check_and_the_no_5xx_sweep() {
    if !long_corpus("a_500_on_a_non_string_name_loses_the_wrong_types_check_and_the_no_5xx_sweep")
        || !require(
            "a_500_on_a_non_string_name_loses_the_wrong_types_check_and_the_no_5xx_sweep",
            &[Tool::Python3],
        )
    {
        return;
    }
    // `{"name": 42}` (wrong types) and `{"name": {"nested": [1, 2]}}` (the sweep).
    expect_lost(
        "type-error-500",
        &[
            "q1.create.rejects_wrong_types",
            "q1.errors.no_5xx_on_client_mistakes",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn accepting_a_name_of_spaces_loses_only_the_blank_name_check() {
    if !long_corpus("accepting_a_name_of_spaces_loses_only_the_blank_name_check")
        || !require(
            "accepting_a_name_of_spaces_loses_only_the_blank_name_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost("blank-name-accepted", &["q1.create.rejects_blank_name"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn counting_name_length_in_bytes_loses_only_the_unicode_names_check() {
    if !long_corpus("counting_name_length_in_bytes_loses_only_the_unicode_names_check")
        || !require(
            "counting_name_length_in_bytes_loses_only_the_unicode_names_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // 100 × "é" is 200 bytes; the 100 × "n" of rejects_long_name is not affected.
    expect_lost("byte-length-names", &["q1.robust.unicode_names"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn counting_description_length_in_utf16_units_loses_only_the_unicode_check() {
    if !long_corpus("counting_description_length_in_utf16_units_loses_only_the_unicode_check")
        || !require(
            "counting_description_length_in_utf16_units_loses_only_the_unicode_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // 1000 × "🚀" is 2000 UTF-16 units: refused, though 1000 characters.
    expect_lost("utf16-length-description", &["q1.robust.unicode_names"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_boolean_price_accepted_loses_only_the_wrong_types_check() {
    if !long_corpus("a_boolean_price_accepted_loses_only_the_wrong_types_check")
        || !require(
            "a_boolean_price_accepted_loses_only_the_wrong_types_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost("bool-price-accepted", &["q1.create.rejects_wrong_types"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_limit_below_1_mib_loses_only_the_413_check() {
    if !long_corpus("a_body_limit_below_1_mib_loses_only_the_413_check")
        || !require(
            "a_body_limit_below_1_mib_loses_only_the_413_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // A valid product padded to 512 KiB with whitespace is refused.
    expect_lost("small-body-limit", &["q1.errors.body_too_large_413"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_body_size_limit_loses_only_the_413_check() {
    if !long_corpus("no_body_size_limit_loses_only_the_413_check")
        || !require(
            "no_body_size_limit_loses_only_the_413_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // The 1.5 MiB description is then refused by its field rule: 422, not 413/400.
    expect_lost("no-413", &["q1.errors.body_too_large_413"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn parsing_any_content_type_as_json_loses_only_the_415_check() {
    if !long_corpus("parsing_any_content_type_as_json_loses_only_the_415_check")
        || !require(
            "parsing_any_content_type_as_json_loses_only_the_415_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // not_json_415 sends valid JSON declared as text/plain: this service
    // creates the product (201).
    expect_lost("no-415", &["q1.errors.not_json_415"]).await;
}

// --- Ids, create, read ---------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn truncated_cents_lose_only_the_exact_price_check() {
    if !long_corpus("truncated_cents_lose_only_the_exact_price_check")
        || !require(
            "truncated_cents_lose_only_the_exact_price_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // `int(19.99 * 100)` is 1998. The fixtures of every other check use
    // 24.5, which survives any cents or float conversion, so the price bug
    // is charged once, where price fidelity is judged.
    expect_lost("truncated-cents", &["q1.robust.exact_price"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_price_one_ulp_off_loses_only_the_exact_price_check() {
    if !long_corpus("a_price_one_ulp_off_loses_only_the_exact_price_check")
        || !require(
            "a_price_one_ulp_off_loses_only_the_exact_price_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // `1999 * 0.01` is 19.990000000000002, the contract's own example of a
    // wrong price. The harness parses JSON numbers exactly (serde_json's
    // float_roundtrip), so it is not mistaken for 19.99.
    expect_lost("float-price", &["q1.robust.exact_price"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_taken_from_the_body_loses_the_id_check_and_the_no_5xx_sweep() {
    if !long_corpus("an_id_taken_from_the_body_loses_the_id_check_and_the_no_5xx_sweep")
        || !require(
            "an_id_taken_from_the_body_loses_the_id_check_and_the_no_5xx_sweep",
            &[Tool::Python3],
        )
    {
        return;
    }
    // The sweep's `"id": "x"` makes SQLite fail (datatype mismatch): a 500.
    expect_lost(
        "id-from-body",
        &[
            "q1.errors.no_5xx_on_client_mistakes",
            "q1.robust.ids_ignored_in_body",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_500_on_malformed_ids_loses_only_the_malformed_id_probes() {
    if !long_corpus("a_500_on_malformed_ids_loses_only_the_malformed_id_probes")
        || !require(
            "a_500_on_malformed_ids_loses_only_the_malformed_id_probes",
            &[Tool::Python3],
        )
    {
        return;
    }
    // The unknown-id checks probe ids of the service's own shape (numbers
    // here); only the sweep sends `not-a-number`, `1.5`, and a number too
    // big for SQLite.
    expect_lost(
        "non-numeric-id-500",
        &["q1.errors.no_5xx_on_client_mistakes"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn answering_422_for_an_id_that_is_not_a_number_loses_nothing() {
    if !long_corpus("answering_422_for_an_id_that_is_not_a_number_loses_nothing")
        || !require(
            "answering_422_for_an_id_that_is_not_a_number_loses_nothing",
            &[Tool::Python3],
        )
    {
        return;
    }
    // FastAPI's `product_id: int`: the contract allows 404 or 400/422 for
    // a path segment that cannot be an id.
    expect_lost("malformed-id-422", &[]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn uuid_ids_lose_nothing() {
    if !require("uuid_ids_lose_nothing", &[Tool::Python3]) {
        return;
    }
    // Unknown-id probes are fresh UUIDs (a 404); `987654321` or `abc` are
    // malformed for this service, which answers them 422.
    expect_lost("uuid-ids", &[]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lenient_id_parser_loses_only_the_malformed_id_probes() {
    if !long_corpus("a_lenient_id_parser_loses_only_the_malformed_id_probes")
        || !require(
            "a_lenient_id_parser_loses_only_the_malformed_id_probes",
            &[Tool::Python3],
        )
    {
        return;
    }
    // `1.5`, `7.5` and `7abc` (the last two made from a real id) answer
    // products 1 and 7 (a 200): the contract wants 404 or 400/422.
    expect_lost("lenient-id-parse", &["q1.errors.no_5xx_on_client_mistakes"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_location_header_loses_only_the_location_check() {
    if !long_corpus("no_location_header_loses_only_the_location_check")
        || !require(
            "no_location_header_loses_only_the_location_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost("no-location", &["q1.create.location_header"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_allow_header_loses_only_the_allow_check() {
    if !long_corpus("no_allow_header_loses_only_the_allow_check")
        || !require(
            "no_allow_header_loses_only_the_allow_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost("no-allow-header", &["q1.methods.allow_header"]).await;
}

// --- Update and delete ---------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn an_unsaved_put_loses_update_and_every_check_that_needs_it() {
    if !long_corpus("an_unsaved_put_loses_update_and_every_check_that_needs_it")
        || !require(
            "an_unsaved_put_loses_update_and_every_check_that_needs_it",
            &[Tool::Python3],
        )
    {
        return;
    }
    // Not update.status_200: its answer is right, only the saving is not.
    expect_lost(
        "put-not-persisted",
        &[
            "q1.update.ok",
            // The rest are blocked by update.ok.
            "q1.update.full_replacement",
            "q1.update.unknown_404",
            "q1.delete.put_after_delete_404",
            "q1.update.rejects_invalid",
            "q1.robust.ids_ignored_in_body",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_put_that_ignores_the_row_count_loses_both_put_on_a_missing_id_checks() {
    if !long_corpus("a_put_that_ignores_the_row_count_loses_both_put_on_a_missing_id_checks")
        || !require(
            "a_put_that_ignores_the_row_count_loses_both_put_on_a_missing_id_checks",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost(
        "no-404-on-put",
        &["q1.update.unknown_404", "q1.delete.put_after_delete_404"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upserting_put_loses_only_the_put_on_a_missing_id_checks() {
    if !long_corpus("an_upserting_put_loses_only_the_put_on_a_missing_id_checks")
        || !require(
            "an_upserting_put_loses_only_the_put_on_a_missing_id_checks",
            &[Tool::Python3],
        )
    {
        return;
    }
    // Each check uses unknown ids of its own, a million apart, so the
    // product this PUT creates cannot make a DELETE or GET check fail.
    expect_lost(
        "put-upserts",
        &["q1.update.unknown_404", "q1.delete.put_after_delete_404"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn patch_routed_to_put_loses_only_the_patch_check() {
    if !long_corpus("patch_routed_to_put_loses_only_the_patch_check")
        || !require(
            "patch_routed_to_put_loses_only_the_patch_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost("patch-as-put", &["q1.patch.partial_update"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_answering_200_loses_only_the_204_check() {
    if !long_corpus("delete_answering_200_loses_only_the_204_check")
        || !require(
            "delete_answering_200_loses_only_the_204_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // The product is gone all the same: the checks that need a working
    // DELETE (unknown id, twice, PUT after it, ids not reused) still run.
    expect_lost("delete-200-with-body", &["q1.delete.status_204"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_answering_200_loses_only_the_201_check() {
    if !long_corpus("create_answering_200_loses_only_the_201_check")
        || !require(
            "create_answering_200_loses_only_the_201_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // FastAPI's default status for a POST route: every other check still
    // gets its products.
    expect_lost("create-200", &["q1.create.status_201"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn put_answering_204_loses_only_the_200_check() {
    if !long_corpus("put_answering_204_loses_only_the_200_check")
        || !require(
            "put_answering_204_loses_only_the_200_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // The update is saved; the checks built on PUT read it back with GET.
    expect_lost("put-204", &["q1.update.status_200"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plain_text_405_loses_only_the_405_check() {
    if !long_corpus("a_plain_text_405_loses_only_the_405_check")
        || !require(
            "a_plain_text_405_loses_only_the_405_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // Its `Allow` header is right: allow_header does not need a JSON body.
    expect_lost("plain-text-405", &["q1.methods.not_allowed_405"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_that_ignores_the_row_count_loses_only_the_delete_404_check() {
    if !long_corpus("delete_that_ignores_the_row_count_loses_only_the_delete_404_check")
        || !require(
            "delete_that_ignores_the_row_count_loses_only_the_delete_404_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost("delete-always-204", &["q1.delete.unknown_404"]).await;
}

// --- Storage ---------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn reused_rowids_lose_only_the_ids_not_reused_check() {
    if !long_corpus("reused_rowids_lose_only_the_ids_not_reused_check")
        || !require(
            "reused_rowids_lose_only_the_ids_not_reused_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost("rowid-reuse", &["q1.robust.ids_not_reused"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_in_memory_database_loses_only_the_restart_check() {
    if !long_corpus("an_in_memory_database_loses_only_the_restart_check")
        || !require(
            "an_in_memory_database_loses_only_the_restart_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost("in-memory-db", &["q1.robust.survives_restart"]).await;
}

// --- Name filter and pagination --------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn an_unescaped_like_loses_only_the_wildcard_check() {
    if !long_corpus("an_unescaped_like_loses_only_the_wildcard_check")
        || !require(
            "an_unescaped_like_loses_only_the_wildcard_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // Still parameterised: quotes and SQL fragments match literally.
    expect_lost("like-unescaped", &["q1.filter.literal_wildcards"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sql_injection_in_the_filter_loses_the_literal_filter_check_and_the_no_5xx_sweep() {
    if !long_corpus(
        "sql_injection_in_the_filter_loses_the_literal_filter_check_and_the_no_5xx_sweep",
    ) || !require(
        "sql_injection_in_the_filter_loses_the_literal_filter_check_and_the_no_5xx_sweep",
        &[Tool::Python3],
    ) {
        return;
    }
    // The literal check already fails on `%` (it matches everything), before
    // its quote and `' OR 1=1 --` terms; the sweep's `name=%00` puts a NUL
    // in the SQL text, which sqlite3 refuses: a 500.
    expect_lost(
        "sql-injection-filter",
        &[
            // `LIKE '%{term}%'` built as a string: `%` and `_` are wildcards,
            // a quote breaks the SQL (500) and `' OR 1=1 --` matches all.
            "q1.filter.literal_wildcards",
            "q1.filter.literal_quotes_and_sql",
            "q1.errors.no_5xx_on_client_mistakes",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_case_sensitive_filter_loses_only_the_case_check() {
    if !long_corpus("a_case_sensitive_filter_loses_only_the_case_check")
        || !require(
            "a_case_sensitive_filter_loses_only_the_case_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // It filters: the other filter checks use terms in the names' own case.
    expect_lost("case-sensitive-filter", &["q1.filter.case_insensitive"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unfiltered_total_loses_only_the_filtered_total_check() {
    if !long_corpus("an_unfiltered_total_loses_only_the_filtered_total_check")
        || !require(
            "an_unfiltered_total_loses_only_the_filtered_total_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost("total-unfiltered", &["q1.filter.total_is_filtered"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_off_by_one_offset_loses_the_list_filter_and_pagination_checks() {
    if !long_corpus("an_off_by_one_offset_loses_the_list_filter_and_pagination_checks")
        || !require(
            "an_off_by_one_offset_loses_the_list_filter_and_pagination_checks",
            &[Tool::Python3],
        )
    {
        return;
    }
    // Page 1 starts at product 21: a fresh list of 2 (list.envelope) or 5
    // (the filter checks) products comes back empty.
    expect_lost(
        "pagination-off-by-one",
        &[
            "q1.list.envelope",
            "q1.filter.substring",
            "q1.filter.case_insensitive",       // blocked
            "q1.filter.total_is_filtered",      // blocked
            "q1.filter.literal_wildcards",      // blocked
            "q1.filter.literal_quotes_and_sql", // blocked
            "q1.pagination.pages",
            "q1.pagination.defaults",       // blocked
            "q1.pagination.past_the_end",   // blocked
            "q1.pagination.invalid_params", // blocked
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_envelope_without_page_numbers_loses_only_the_defaults_check() {
    if !long_corpus("an_envelope_without_page_numbers_loses_only_the_defaults_check")
        || !require(
            "an_envelope_without_page_numbers_loses_only_the_defaults_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    // The pages themselves are right: the checks built on them still run.
    expect_lost("no-page-echo", &["q1.pagination.defaults"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unvalidated_pagination_loses_only_the_invalid_params_check() {
    if !long_corpus("unvalidated_pagination_loses_only_the_invalid_params_check")
        || !require(
            "unvalidated_pagination_loses_only_the_invalid_params_check",
            &[Tool::Python3],
        )
    {
        return;
    }
    expect_lost(
        "no-pagination-validation",
        &["q1.pagination.invalid_params"],
    )
    .await;
}

// --- What the reports say ------------------------------------------------------

/// Words that belong to one language's or framework's API. A submission may
/// be written in anything: what the grader tells it must make sense there.
const LANGUAGE_SPECIFIC: &[&str] = &[
    "web::",
    "actix",
    "axum",
    "tokio",
    "spawn_blocking",
    "serde",
    "rusqlite",
    "unwrap",
    "panic",
    "Result<",
    "Option<",
    "enum ",
    "chars()",
    ".length",
    "len(",
    "parseInt",
    "pydantic",
];

#[tokio::test(flavor = "multi_thread")]
async fn no_text_of_a_report_names_one_language_api() {
    if !long_corpus("no_text_of_a_report_names_one_language_api")
        || !require(
            "no_text_of_a_report_names_one_language_api",
            &[Tool::Python3],
        )
    {
        return;
    }
    // Graded with faults whose messages carry a hint (ids reused, lengths
    // counted in UTF-16 units), so that the hints are read too.
    let mut texts: Vec<(String, String)> = Vec::new();
    for fault in ["rowid-reuse", "utf16-length-description"] {
        let report = common::grade(Some(fault)).await;
        kit_harness::testing::expect_completed(&report, &format!("fault `{fault}`"));
        for check in &report.checks {
            let place = format!("{} ({fault})", check.id);
            texts.push((place.clone(), check.title.clone()));
            texts.push((place.clone(), check.message.clone()));
            texts.extend(check.notes.iter().map(|note| (place.clone(), note.clone())));
        }
        for item in &report.review {
            let place = format!("review item `{}`", item.id);
            texts.push((place.clone(), item.title.clone()));
            texts.extend(
                item.look_for
                    .iter()
                    .map(|text| (place.clone(), text.clone())),
            );
            texts.extend(item.levels.iter().map(|text| (place.clone(), text.clone())));
        }
    }
    let found: Vec<String> = texts
        .iter()
        .flat_map(|(place, text)| {
            LANGUAGE_SPECIFIC
                .iter()
                .filter(|word| text.contains(**word))
                .map(move |word| format!("{place}: `{word}` in \"{text}\""))
        })
        .collect();
    assert!(
        found.is_empty(),
        "report texts that name one language's API:\n{}",
        found.join("\n")
    );
}
