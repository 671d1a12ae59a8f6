//! `GET /products?name=&page=&per_page=`: which slice of which products.

use serde::Serialize;

use super::{FieldError, ProductName, product_name::fold_case};

/// 1-based page number; 1 when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Page(u64);

impl Page {
    pub fn parse(raw: Option<&str>) -> Result<Self, FieldError> {
        let Some(raw) = raw else { return Ok(Self(1)) };
        match raw.parse() {
            Ok(page) if page >= 1 => Ok(Self(page)),
            _ => Err(FieldError::new(
                "page",
                format!("page must be a whole number from 1, got `{raw}`"),
            )),
        }
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

/// Products per page, 1 to 100; 20 when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PerPage(u64);

impl PerPage {
    pub const DEFAULT: u64 = 20;
    pub const MAX: u64 = 100;

    pub fn parse(raw: Option<&str>) -> Result<Self, FieldError> {
        let Some(raw) = raw else {
            return Ok(Self(Self::DEFAULT));
        };
        match raw.parse() {
            Ok(per_page) if (1..=Self::MAX).contains(&per_page) => Ok(Self(per_page)),
            _ => Err(FieldError::new(
                "per_page",
                format!(
                    "per_page must be a whole number from 1 to {}, got `{raw}`",
                    Self::MAX
                ),
            )),
        }
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

/// Keeps the products whose name contains this term, ignoring case.
///
/// Holds the term in the same lowercase form as stored names (see
/// [`ProductName::folded`]). The term is plain text: `%`, `_` or quotes in it
/// are characters to find, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameFilter(String);

impl NameFilter {
    /// `None` when the term is absent or empty: no filtering. A term longer
    /// than the longest valid name could never match and is refused.
    pub fn parse(raw: Option<&str>) -> Result<Option<Self>, FieldError> {
        match raw {
            None | Some("") => Ok(None),
            Some(term) if term.chars().count() > ProductName::MAX_CHARS => Err(FieldError::new(
                "name",
                format!(
                    "name must be at most {} characters, the longest a product name can be",
                    ProductName::MAX_CHARS
                ),
            )),
            Some(term) => Ok(Some(Self(fold_case(term)))),
        }
    }

    pub fn folded(&self) -> &str {
        &self.0
    }
}

/// Everything `GET /products` can be asked, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub name: Option<NameFilter>,
    pub page: Page,
    pub per_page: PerPage,
}

impl ListQuery {
    /// Rows to skip before this page; saturates instead of overflowing, so
    /// an absurd page number is simply past the end.
    pub fn offset(&self) -> u64 {
        (self.page.get() - 1).saturating_mul(self.per_page.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_and_per_page_have_defaults() {
        assert_eq!(Page::parse(None).unwrap().get(), 1);
        assert_eq!(PerPage::parse(None).unwrap().get(), 20);
    }

    #[test]
    fn valid_bounds_are_accepted() {
        assert_eq!(Page::parse(Some("1")).unwrap().get(), 1);
        assert_eq!(Page::parse(Some("5000")).unwrap().get(), 5000);
        assert_eq!(PerPage::parse(Some("1")).unwrap().get(), 1);
        assert_eq!(PerPage::parse(Some("100")).unwrap().get(), 100);
    }

    #[test]
    fn anything_else_is_refused_naming_the_parameter() {
        for raw in ["0", "-1", "abc", "", "1.5", " 1"] {
            let err = Page::parse(Some(raw)).unwrap_err();
            assert_eq!(err.field(), "page");
            assert_eq!(
                err.to_string(),
                format!("page must be a whole number from 1, got `{raw}`")
            );
        }
        for raw in ["0", "-1", "101", "abc", ""] {
            let err = PerPage::parse(Some(raw)).unwrap_err();
            assert_eq!(err.field(), "per_page");
            assert_eq!(
                err.to_string(),
                format!("per_page must be a whole number from 1 to 100, got `{raw}`")
            );
        }
    }

    #[test]
    fn the_offset_skips_earlier_pages_and_never_overflows() {
        let query = |page: &str, per_page: &str| ListQuery {
            name: None,
            page: Page::parse(Some(page)).unwrap(),
            per_page: PerPage::parse(Some(per_page)).unwrap(),
        };
        assert_eq!(query("1", "20").offset(), 0);
        assert_eq!(query("3", "10").offset(), 20);
        assert_eq!(query(&u64::MAX.to_string(), "100").offset(), u64::MAX);
    }

    #[test]
    fn an_empty_name_filter_filters_nothing() {
        assert_eq!(NameFilter::parse(None).unwrap(), None);
        assert_eq!(NameFilter::parse(Some("")).unwrap(), None);
    }

    #[test]
    fn the_name_filter_is_lowercased_and_otherwise_kept_as_is() {
        let filter = NameFilter::parse(Some(" 50% OFF_' OR 1=1 --"))
            .unwrap()
            .unwrap();
        assert_eq!(filter.folded(), " 50% off_' or 1=1 --");
    }

    #[test]
    fn a_name_filter_longer_than_any_name_is_refused() {
        assert!(NameFilter::parse(Some(&"a".repeat(100))).is_ok());
        let err = NameFilter::parse(Some(&"a".repeat(101))).unwrap_err();
        assert_eq!(err.field(), "name");
    }
}
