//! `price`: 0 to 1 000 000 with at most 2 decimal places, held in whole cents.
//!
//! Cents are exact where binary floating point is not, so a price sent as
//! 19.99 is stored as 1999 and sent back as 19.99, never 19.990000000000002.

use serde::{Serialize, Serializer};

use super::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    cents: i64,
}

impl Price {
    pub const MAX_CENTS: i64 = 100_000_000;

    /// Parses a JSON number.
    ///
    /// JSON numbers arrive as `f64`, the nearest double to the text sent. Its
    /// shortest decimal form (Rust's `Display`, which never uses an exponent)
    /// is what the client wrote, so counting its decimals tells whether the
    /// client sent more than two.
    pub fn parse(value: f64) -> Result<Self, FieldError> {
        if !(0.0..=1_000_000.0).contains(&value) {
            return Err(FieldError::new(
                "price",
                format!("price must be between 0 and 1000000, got {value}"),
            ));
        }
        let text = value.to_string();
        let decimals = text
            .split_once('.')
            .map_or(0, |(_, fraction)| fraction.len());
        if decimals > 2 {
            return Err(FieldError::new(
                "price",
                format!("price must have at most 2 decimal places, got {text}"),
            ));
        }
        // Exact: `value` is within a rounding error of a whole number of cents,
        // and bounded, so the cast cannot truncate. `+ 0.0` turns -0 into 0.
        Ok(Self {
            cents: (value * 100.0 + 0.0).round() as i64,
        })
    }

    /// Rebuilds a price from its stored form; `None` when out of range.
    pub fn from_cents(cents: i64) -> Option<Self> {
        (0..=Self::MAX_CENTS)
            .contains(&cents)
            .then_some(Self { cents })
    }

    pub fn cents(self) -> i64 {
        self.cents
    }
}

/// Whole prices as JSON integers (`5`), others as decimals (`19.99`).
impl Serialize for Price {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.cents % 100 == 0 {
            serializer.serialize_i64(self.cents / 100)
        } else {
            // Both operands are exact in f64 and the division is correctly
            // rounded, so this is the double nearest to the decimal price,
            // whose shortest form is the price as sent.
            serializer.serialize_f64(self.cents as f64 / 100.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `expected`: the cents stored, or the error message.
    fn check(value: f64, expected: Result<i64, &str>) {
        let actual = Price::parse(value)
            .map(Price::cents)
            .map_err(|err| err.to_string());
        assert_eq!(actual, expected.map_err(str::to_owned), "price {value}");
    }

    #[test]
    fn whole_and_decimal_prices_become_exact_cents() {
        check(0.0, Ok(0));
        check(-0.0, Ok(0));
        check(5.0, Ok(500));
        check(0.1, Ok(10));
        check(0.01, Ok(1));
        check(19.99, Ok(1999));
        check(999_999.99, Ok(99_999_999));
        check(1_000_000.0, Ok(100_000_000));
    }

    #[test]
    fn more_than_two_decimals_are_rejected() {
        check(
            19.999,
            Err("price must have at most 2 decimal places, got 19.999"),
        );
        check(
            1.005,
            Err("price must have at most 2 decimal places, got 1.005"),
        );
        check(
            0.001,
            Err("price must have at most 2 decimal places, got 0.001"),
        );
        check(
            19.999_999_999,
            Err("price must have at most 2 decimal places, got 19.999999999"),
        );
    }

    #[test]
    fn prices_outside_the_range_are_rejected() {
        check(-0.01, Err("price must be between 0 and 1000000, got -0.01"));
        check(
            1_000_000.01,
            Err("price must be between 0 and 1000000, got 1000000.01"),
        );
        check(
            f64::NAN,
            Err("price must be between 0 and 1000000, got NaN"),
        );
        check(
            f64::INFINITY,
            Err("price must be between 0 and 1000000, got inf"),
        );
    }

    #[test]
    fn serialises_back_to_the_number_that_was_sent() {
        for (sent, json) in [
            (19.99, "19.99"),
            (0.1, "0.1"),
            (5.0, "5"),
            (999_999.99, "999999.99"),
        ] {
            let price = Price::parse(sent).unwrap();
            assert_eq!(serde_json::to_string(&price).unwrap(), json);
        }
    }

    #[test]
    fn stored_cents_outside_the_range_are_refused() {
        assert_eq!(Price::from_cents(1999).map(Price::cents), Some(1999));
        assert_eq!(Price::from_cents(-1), None);
        assert_eq!(Price::from_cents(Price::MAX_CENTS + 1), None);
    }
}
