"""The notes, kept in memory: they live as long as the process."""

from app.domain import NewNote, Note


class Notes:
    """Every note, in creation order.

    Only `async` handlers use it, and they all run on the one event loop,
    never two at once between `await`s: no lock is needed.
    """

    def __init__(self) -> None:
        self._notes: list[Note] = []

    def insert(self, new: NewNote) -> Note:
        """Stores a note under the next id (1, 2, 3...)."""
        note = Note(id=len(self._notes) + 1, text=new.text)
        self._notes.append(note)
        return note

    def get(self, note_id: int) -> Note | None:
        """`None` when no note has this id."""
        if 1 <= note_id <= len(self._notes):
            return self._notes[note_id - 1]
        return None

    def list(self) -> list[Note]:
        """Every note, oldest first."""
        return list(self._notes)
