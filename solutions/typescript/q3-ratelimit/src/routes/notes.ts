// `/api/notes` and `/api/notes/:id`: create, read and list notes.
//
// Handlers only translate between HTTP and the storage: the rules live in
// `domain/`, the error answers in `errors.ts`.

import type { Request, Response } from 'express';

import { type Note, parseNewNote, parseNoteId } from '../domain/note';
import { noteNotFound } from '../errors';
import type { Notes } from '../storage';

/** The handlers, bound to the notes they serve. */
export function noteHandlers(notes: Notes) {
  return {
    /** `POST /api/notes`: 201 with the stored note and its `Location`. */
    create(req: Request, res: Response<Note>): void {
      const note = notes.insert(parseNewNote(req.body));
      res.status(201).location(`/api/notes/${note.id}`).json(note);
    },

    /** `GET /api/notes/:id`: 200 with the note, 404 for an unknown id. */
    get(req: Request<{ id: string }>, res: Response<Note>): void {
      const id = parseNoteId(req.params.id);
      const note = id === undefined ? undefined : notes.get(id);
      if (note === undefined) throw noteNotFound(req.params.id);
      res.json(note);
    },

    /** `GET /api/notes`: every note, oldest first. */
    list(_req: Request, res: Response<{ items: Note[] }>): void {
      res.json({ items: notes.list() });
    },
  };
}
