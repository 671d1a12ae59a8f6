"""Request-level mistakes: every one is a 4xx with a JSON `error`."""

import json
import unittest

from helpers import Service


class ErrorsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.service = Service().start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.service.close()

    def assert_error(self, reply, status: int) -> None:
        self.assertEqual(reply.status, status, reply.body)
        self.assertTrue(reply.json()["error"])

    def test_malformed_json_is_400(self) -> None:
        reply = self.service.request(
            "POST", "/products", data=b'{"name": "Lamp", "price": ', headers={"Content-Type": "application/json"}
        )
        self.assert_error(reply, 400)

    def test_a_body_not_declared_json_is_415(self) -> None:
        body = json.dumps({"name": "Lamp", "price": 5}).encode()
        self.assert_error(
            self.service.request("POST", "/products", data=body, headers={"Content-Type": "text/plain"}), 415
        )
        self.assert_error(self.service.request("POST", "/products", data=body), 415)

    def test_a_body_over_1_mib_is_413_and_the_service_stays_up(self) -> None:
        body = {"name": "Huge", "price": 5, "description": "x" * (1024 * 1024)}

        self.assert_error(self.service.request("POST", "/products", body), 413)
        self.assertEqual(self.service.request("GET", "/health").status, 200)

    def test_an_unknown_path_is_404(self) -> None:
        self.assert_error(self.service.request("GET", "/no-such-route"), 404)

    def test_an_unsupported_method_is_405_naming_the_allowed_ones(self) -> None:
        reply = self.service.request("DELETE", "/products")

        self.assert_error(reply, 405)
        self.assertEqual(reply.headers["allow"], "GET, POST")


if __name__ == "__main__":
    unittest.main()
