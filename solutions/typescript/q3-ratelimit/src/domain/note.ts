// A note, its id, and the body that creates one.

import { InvalidInput, jsonType } from './validation';

/** Identifies a note; assigned in creation order, never reused. */
export type NoteId = number;

/**
 * Reads an id from a URL segment. `undefined` when it is not a whole number:
 * such an id names no note, so callers answer 404.
 */
export function parseNoteId(raw: string): NoteId | undefined {
  const id = Number(raw);
  return /^\d+$/.test(raw) && Number.isSafeInteger(id) ? id : undefined;
}

/** A stored note, exactly as the API returns it. */
export interface Note {
  id: NoteId;
  text: string;
}

/** Body of `POST /api/notes`. Unknown fields are ignored. */
export interface NewNote {
  text: string;
}

/** Reads a body into a `NewNote`: `text` is a string, stored trimmed, not empty. */
export function parseNewNote(body: unknown): NewNote {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidInput('body', `the body must be a JSON object, got ${jsonType(body)}`);
  }
  const { text } = body as Record<string, unknown>;
  if (text === undefined || text === null) throw new InvalidInput('text', 'text is required');
  if (typeof text !== 'string') {
    throw new InvalidInput('text', `text must be a string, got ${jsonType(text)}`);
  }
  if (text.trim() === '') {
    throw new InvalidInput('text', 'text must not be empty (after trimming whitespace)');
  }
  return { text: text.trim() };
}
