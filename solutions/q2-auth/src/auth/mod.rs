//! Everything that proves who a caller is: password hashing, access tokens,
//! the extractor that guards protected routes, and login throttling.

pub mod extractor;
pub mod jwt;
pub mod password;
pub mod throttle;

pub use extractor::AuthenticatedUser;
pub use jwt::{AccessToken, JwtKeys, TokenRejection};
pub use password::{HashError, PasswordHash, PasswordHasher};
pub use throttle::{FailureRecord, ThrottlePolicy};
