"""The notes API the rate limiter protects."""

import unittest

from helpers import Service


class NotesTest(unittest.TestCase):
    def setUp(self) -> None:
        self.service = Service().start()
        self.addCleanup(self.service.stop)

    def test_a_created_note_is_201_and_can_be_read_back(self) -> None:
        reply = self.service.request("POST", "/api/notes", {"text": "buy milk"})

        self.assertEqual(reply.status, 201)
        note = reply.json()
        self.assertEqual(note["text"], "buy milk")
        self.assertEqual(reply.headers["location"], f"/api/notes/{note['id']}")
        self.assertEqual(self.service.request("GET", f"/api/notes/{note['id']}").json(), note)

    def test_the_list_holds_every_note_in_creation_order(self) -> None:
        first = self.service.request("POST", "/api/notes", {"text": "one"}).json()
        second = self.service.request("POST", "/api/notes", {"text": "two"}).json()

        reply = self.service.request("GET", "/api/notes")

        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.json(), {"items": [first, second]})

    def test_an_empty_text_is_422_naming_the_field(self) -> None:
        reply = self.service.request("POST", "/api/notes", {"text": "   "})

        self.assertEqual(reply.status, 422)
        self.assertEqual(reply.json()["field"], "text")

    def test_unknown_notes_and_paths_are_404_with_a_json_error(self) -> None:
        for path in ("/api/notes/42", "/api/notes/abc", "/api/nothing-here"):
            with self.subTest(path=path):
                reply = self.service.request("GET", path)
                self.assertEqual(reply.status, 404)
                self.assertTrue(reply.json()["error"])

    def test_requests_from_other_client_addresses_are_served(self) -> None:
        # What the rate-limit tests build on: client=n connects from 127.0.0.n.
        for client in (2, 3):
            self.assertEqual(self.service.request("GET", "/api/notes", client=client).status, 200)


if __name__ == "__main__":
    unittest.main()
