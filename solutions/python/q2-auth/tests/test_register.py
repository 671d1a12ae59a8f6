import sqlite3

from helpers import PASSWORD, ServiceTestCase


class RegisterTest(ServiceTestCase):
    def test_registering_returns_201_the_id_and_email_and_a_location(self):
        response = self.app.register("ann@example.com")

        self.assertEqual(response.status, 201)
        user = response.json()
        self.assertIsNotNone(user.get("id"), user)
        self.assertEqual(user["email"], "ann@example.com")
        self.assertEqual(response.headers["Location"], f"/users/{user['id']}")

    def test_the_response_holds_neither_the_password_nor_its_hash(self):
        response = self.app.register("ann@example.com")

        user = response.json()
        self.assertEqual(user, {"id": user["id"], "email": "ann@example.com"})
        self.assertNotIn(PASSWORD, response.body.decode())
        self.assertNotIn("$2b$", response.body.decode())

    def test_the_database_holds_a_bcrypt_hash_of_cost_12(self):
        self.app.create_user("ann@example.com")

        with sqlite3.connect(self.app.dir / "auth.db") as db:
            (stored,) = db.execute("SELECT password_hash FROM users").fetchone()
        self.assertTrue(stored.startswith("$2b$12$"), stored)
        self.assertNotIn(PASSWORD, stored)

    def test_missing_fields_are_422_naming_the_field(self):
        for body, field in [
            ({"password": PASSWORD}, "email"),
            ({"email": "ann@example.com"}, "password"),
            ({"email": 42, "password": PASSWORD}, "email"),
        ]:
            with self.subTest(body=body):
                response = self.app.post_json("/auth/register", body)
                self.assertEqual(self.assert_error(response, 422)["field"], field)
                self.assertNotIn(PASSWORD, response.body.decode())

    def test_broken_rules_are_422_naming_the_field_without_echoing_the_password(self):
        for email, password, field in [
            ("not-an-email", PASSWORD, "email"),
            ("ann@example", PASSWORD, "email"),
            ("ann@@example.com", PASSWORD, "email"),
            ("ann@example.com", "7-chars", "password"),
            # 80 bytes of UTF-8 in 40 characters: over bcrypt's 72.
            ("ann@example.com", "é" * 40, "password"),
        ]:
            with self.subTest(email=email, password=password):
                response = self.app.register(email, password)
                self.assertEqual(self.assert_error(response, 422)["field"], field)
                self.assertNotIn(password, response.body.decode())

    def test_a_taken_email_is_409_whatever_its_case_and_spaces(self):
        self.app.create_user("ann@example.com")

        response = self.app.register("  Ann@Example.COM ")

        self.assert_error(response, 409)
