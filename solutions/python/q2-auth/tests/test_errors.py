"""Requests the service must refuse cleanly: never a 5xx, always a JSON
error body."""

from helpers import ServiceTestCase


class ErrorsTest(ServiceTestCase):
    def test_malformed_json_is_400(self):
        for body in ["{", "not json", ""]:
            with self.subTest(body=body):
                response = self.app.request(
                    "POST", "/auth/register", body, {"Content-Type": "application/json"}
                )
                self.assert_error(response, 400)

    def test_a_body_not_declared_as_json_is_415(self):
        response = self.app.request("POST", "/auth/register", "{}", {"Content-Type": "text/plain"})
        self.assert_error(response, 415)

    def test_a_body_over_1_mib_is_413(self):
        body = '{"email": "' + "a" * 1_100_000 + '"}'
        response = self.app.request(
            "POST", "/auth/register", body, {"Content-Type": "application/json"}
        )
        self.assert_error(response, 413)

    def test_an_unknown_path_is_404_and_an_unsupported_method_405(self):
        self.assert_error(self.app.get("/nope"), 404)
        response = self.app.get("/auth/register")
        self.assertEqual(response.headers["Allow"], "POST")
        self.assert_error(response, 405)
