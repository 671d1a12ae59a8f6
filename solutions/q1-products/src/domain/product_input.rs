//! Request bodies that create or change a product, parsed from JSON.
//!
//! Bodies arrive as a JSON object (actix checks the syntax), and each field
//! is read here, so that a wrong type is reported like any other rule,
//! naming the field: "price must be a number, got a string". Unknown
//! fields, `id` included, are ignored.

use serde_json::Value;

use super::{Description, FieldError, Price, ProductName};

/// A request body as actix hands it over: any JSON object.
pub type JsonObject = serde_json::Map<String, Value>;

/// Body of `POST /products` and `PUT /products/{id}` (full replacement).
#[derive(Debug, Clone, PartialEq)]
pub struct NewProduct {
    pub name: ProductName,
    pub description: Description,
    pub price: Price,
}

impl NewProduct {
    /// `name` and `price` are required; `description` defaults to "".
    /// Fields are checked in that order; the first broken rule is reported.
    pub fn parse(body: &JsonObject) -> Result<Self, FieldError> {
        Ok(Self {
            name: parse_name(required(body, "name")?)?,
            description: match body.get("description") {
                Some(value) => parse_description(value)?,
                None => Description::default(),
            },
            price: parse_price(required(body, "price")?)?,
        })
    }
}

/// Body of `PATCH /products/{id}`: only the fields present change, each
/// checked with its create rule. `null` is not a value for any field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductPatch {
    pub name: Option<ProductName>,
    pub description: Option<Description>,
    pub price: Option<Price>,
}

impl ProductPatch {
    pub fn parse(body: &JsonObject) -> Result<Self, FieldError> {
        Ok(Self {
            name: body.get("name").map(parse_name).transpose()?,
            description: body.get("description").map(parse_description).transpose()?,
            price: body.get("price").map(parse_price).transpose()?,
        })
    }
}

fn required<'a>(body: &'a JsonObject, field: &'static str) -> Result<&'a Value, FieldError> {
    body.get(field)
        .ok_or_else(|| FieldError::new(field, format!("{field} is required")))
}

fn parse_name(value: &Value) -> Result<ProductName, FieldError> {
    ProductName::parse(expect_string(value, "name")?)
}

fn parse_description(value: &Value) -> Result<Description, FieldError> {
    Description::parse(expect_string(value, "description")?)
}

fn parse_price(value: &Value) -> Result<Price, FieldError> {
    match value {
        // `as_f64` is always `Some` for a JSON number without serde_json's
        // arbitrary-precision feature.
        Value::Number(number) => match number.as_f64() {
            Some(price) => Price::parse(price),
            None => Err(wrong_type("price", "a number", value)),
        },
        _ => Err(wrong_type("price", "a number", value)),
    }
}

fn expect_string<'a>(value: &'a Value, field: &'static str) -> Result<&'a str, FieldError> {
    value
        .as_str()
        .ok_or_else(|| wrong_type(field, "a string", value))
}

fn wrong_type(field: &'static str, expected: &str, value: &Value) -> FieldError {
    let got = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    FieldError::new(field, format!("{field} must be {expected}, got {got}"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(value: Value) -> JsonObject {
        match value {
            Value::Object(object) => object,
            other => panic!("not an object: {other}"),
        }
    }

    /// The field and message of the error `NewProduct::parse` reports.
    fn create_error(body: Value) -> (&'static str, String) {
        let err = NewProduct::parse(&object(body)).unwrap_err();
        (err.field(), err.to_string())
    }

    fn patch_error(body: Value) -> (&'static str, String) {
        let err = ProductPatch::parse(&object(body)).unwrap_err();
        (err.field(), err.to_string())
    }

    #[test]
    fn a_complete_body_parses() {
        let new = NewProduct::parse(&object(json!({
            "name": " Desk lamp ", "description": "Warm white", "price": 19.99
        })))
        .unwrap();
        assert_eq!(new.name.as_str(), "Desk lamp");
        assert_eq!(new.description.as_str(), "Warm white");
        assert_eq!(new.price.cents(), 1999);
    }

    #[test]
    fn description_defaults_to_empty_and_extra_fields_are_ignored() {
        let new = NewProduct::parse(&object(json!({
            "id": 99, "name": "Mug", "price": 4, "colour": "red"
        })))
        .unwrap();
        assert_eq!(new.description, Description::default());
    }

    #[test]
    fn missing_required_fields_are_named() {
        assert_eq!(
            create_error(json!({ "price": 1 })),
            ("name", "name is required".into())
        );
        assert_eq!(
            create_error(json!({ "name": "Mug" })),
            ("price", "price is required".into())
        );
    }

    #[test]
    fn wrong_json_types_are_named_with_what_was_sent() {
        assert_eq!(
            create_error(json!({ "name": 5, "price": 1 })),
            ("name", "name must be a string, got a number".into())
        );
        assert_eq!(
            create_error(json!({ "name": "Mug", "price": "abc" })),
            ("price", "price must be a number, got a string".into())
        );
        assert_eq!(
            create_error(json!({ "name": "Mug", "description": ["a"], "price": 1 })),
            (
                "description",
                "description must be a string, got an array".into()
            )
        );
    }

    #[test]
    fn null_is_not_a_value_for_any_field() {
        assert_eq!(
            create_error(json!({ "name": "Mug", "description": null, "price": 1 })),
            (
                "description",
                "description must be a string, got null".into()
            )
        );
        for field in ["name", "description", "price"] {
            let (at_fault, message) = patch_error(json!({ field: null }));
            assert_eq!(at_fault, field);
            assert!(message.ends_with("got null"), "{message}");
        }
    }

    #[test]
    fn field_rules_apply_to_create_and_patch_alike() {
        assert_eq!(
            create_error(json!({ "name": "Mug", "price": 1.234 })).0,
            "price"
        );
        assert_eq!(patch_error(json!({ "price": 1.234 })).0, "price");
        assert_eq!(patch_error(json!({ "name": "  " })).0, "name");
    }

    #[test]
    fn a_patch_holds_only_the_fields_sent() {
        let patch = ProductPatch::parse(&object(json!({ "price": 3, "id": 7 }))).unwrap();
        assert_eq!(
            patch,
            ProductPatch {
                price: Some(Price::parse(3.0).unwrap()),
                ..ProductPatch::default()
            }
        );
        assert_eq!(
            ProductPatch::parse(&JsonObject::new()).unwrap(),
            ProductPatch::default()
        );
    }
}
