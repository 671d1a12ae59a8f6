//! The notes, kept in memory: they live as long as the process.

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::domain::{NewNote, Note, NoteId};

/// Every note, in creation order; shared by all workers.
#[derive(Debug, Default)]
pub struct Notes {
    notes: Mutex<Vec<Note>>,
}

impl Notes {
    /// Stores a note under the next id (1, 2, 3...).
    pub fn insert(&self, new: NewNote) -> Note {
        let mut notes = self.lock();
        let id = u64::try_from(notes.len()).map_or(u64::MAX, |count| count + 1);
        let note = Note {
            id: NoteId::from(id),
            text: new.text,
        };
        notes.push(note.clone());
        note
    }

    /// `None` when no note has this id.
    pub fn get(&self, id: NoteId) -> Option<Note> {
        let index = usize::try_from(id.get().checked_sub(1)?).ok()?;
        self.lock().get(index).cloned()
    }

    /// Every note, oldest first.
    pub fn list(&self) -> Vec<Note> {
        self.lock().clone()
    }

    /// No critical section can leave the list half-changed, so a panic
    /// elsewhere while holding the lock does not make it unusable.
    fn lock(&self) -> MutexGuard<'_, Vec<Note>> {
        self.notes.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
