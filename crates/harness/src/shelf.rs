//! What a check leaves for the checks that require it: a value made once
//! per run (Q2's signed-in account, which the token checks only read)
//! instead of once per check. Only a prerequisite's values are read, so
//! every schedule, sequential or concurrent, reads the same ones: a
//! prerequisite has finished before its dependants start.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

/// One value per type, for the length of a run.
#[derive(Clone, Default)]
pub(crate) struct Shelf {
    values: Arc<Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>>,
}

impl Shelf {
    /// Puts `value` on the shelf, replacing one of the same type.
    pub(crate) fn put<T: Any + Send + Sync>(&self, value: T) {
        self.values
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(TypeId::of::<T>(), Arc::new(value));
    }

    /// The value of type `T` on the shelf, if any.
    pub(crate) fn get<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        let value = self
            .values
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&TypeId::of::<T>())
            .cloned()?;
        value.downcast::<T>().ok()
    }
}

impl fmt::Debug for Shelf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self
            .values
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        f.debug_struct("Shelf").field("values", &count).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Token(&'static str);

    #[test]
    fn a_value_is_found_by_its_type_and_replaced_by_the_next_of_that_type() {
        let shelf = Shelf::default();
        assert!(shelf.get::<Token>().is_none());
        shelf.put(Token("first"));
        shelf.put(7_u32);
        assert_eq!(shelf.get::<Token>().as_deref(), Some(&Token("first")));
        shelf.clone().put(Token("second"));
        assert_eq!(shelf.get::<Token>().as_deref(), Some(&Token("second")));
        assert_eq!(shelf.get::<u32>().as_deref(), Some(&7));
    }
}
