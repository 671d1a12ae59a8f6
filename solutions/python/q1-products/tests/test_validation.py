"""The field rules: each broken rule is a 422 naming the field; the
boundaries themselves are accepted."""

import unittest

from helpers import Service


class ValidationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        # The rules do not depend on what is stored: one service for all.
        cls.service = Service().start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.service.close()

    def assert_rejected(self, body: dict, field: str) -> None:
        reply = self.service.request("POST", "/products", body)
        self.assertEqual(reply.status, 422, reply.body)
        self.assertEqual(reply.json()["field"], field)
        self.assertIn(field, reply.json()["error"])

    def test_name_is_required_and_not_blank(self) -> None:
        for body in ({"price": 5}, {"name": "", "price": 5}, {"name": "   ", "price": 5}):
            with self.subTest(body=body):
                self.assert_rejected(body, "name")

    def test_name_is_at_most_100_characters_not_bytes(self) -> None:
        self.assert_rejected({"name": "n" * 101, "price": 5}, "name")
        product = self.service.create_product({"name": "é" * 100, "price": 5})
        self.assertEqual(product["name"], "é" * 100)

    def test_name_is_trimmed(self) -> None:
        product = self.service.create_product({"name": "  Mug  ", "price": 5})
        self.assertEqual(product["name"], "Mug")

    def test_description_is_at_most_1000_characters(self) -> None:
        self.assert_rejected({"name": "Long", "description": "d" * 1001, "price": 5}, "description")
        self.service.create_product({"name": "Long", "description": "🚀" * 1000, "price": 5})

    def test_price_is_required_between_0_and_1000000(self) -> None:
        for body in ({"name": "P"}, {"name": "P", "price": -0.01}, {"name": "P", "price": 1000000.01}):
            with self.subTest(body=body):
                self.assert_rejected(body, "price")
        for price in (0, 1000000):
            self.service.create_product({"name": "P", "price": price})

    def test_price_has_at_most_2_decimals_and_comes_back_exactly(self) -> None:
        self.assert_rejected({"name": "P", "price": 19.999}, "price")
        for price in (19.99, 0.1, 999999.99):
            with self.subTest(price=price):
                self.assertEqual(self.service.create_product({"name": "P", "price": price})["price"], price)

    def test_fields_of_the_wrong_json_type_are_refused(self) -> None:
        self.assert_rejected({"name": "P", "price": "19.99"}, "price")
        self.assert_rejected({"name": 42, "price": 5}, "name")
        self.assert_rejected({"name": "P", "price": True}, "price")


if __name__ == "__main__":
    unittest.main()
