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
