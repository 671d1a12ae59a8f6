// The notes, kept in memory: they live as long as the process.

import type { NewNote, Note, NoteId } from './domain/note';

/** Every note, in creation order. */
export class Notes {
  private readonly notes: Note[] = [];

  /** Stores a note under the next id (1, 2, 3...). */
  insert(note: NewNote): Note {
    const stored = { id: this.notes.length + 1, text: note.text };
    this.notes.push(stored);
    return stored;
  }

  /** `undefined` when no note has this id. */
  get(id: NoteId): Note | undefined {
    return this.notes[id - 1];
  }

  /** Every note, oldest first. */
  list(): Note[] {
    return [...this.notes];
  }
}
