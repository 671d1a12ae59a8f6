import unittest

from helpers import Service


class ProductsTest(unittest.TestCase):
    """Each test gets a fresh service with an empty database."""

    def setUp(self) -> None:
        self.service = Service().start()
        self.addCleanup(self.service.close)

    def test_creating_a_product_returns_201_and_the_product_with_an_id(self) -> None:
        reply = self.service.request(
            "POST",
            "/products",
            {"name": "Desk lamp", "description": "Warm white, 40 W", "price": 19.99},
        )

        self.assertEqual(reply.status, 201)
        product = reply.json()
        self.assertIsNotNone(product.get("id"))
        self.assertEqual(product["name"], "Desk lamp")
        self.assertEqual(product["description"], "Warm white, 40 W")
        self.assertEqual(product["price"], 19.99)

    def test_description_defaults_to_empty_when_omitted(self) -> None:
        product = self.service.create_product({"name": "Mug", "price": 4.5})

        self.assertEqual(product["description"], "")

    def test_a_created_product_can_be_read_back_by_its_id(self) -> None:
        created = self.service.create_product({"name": "Desk lamp", "price": 19.99})

        reply = self.service.request("GET", f"/products/{created['id']}")

        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.json(), created)

    def test_an_unknown_id_is_404_with_a_json_error(self) -> None:
        reply = self.service.request("GET", "/products/424242")

        self.assertEqual(reply.status, 404)
        self.assertIsInstance(reply.json().get("error"), str)

    def test_an_id_that_is_not_a_number_is_404(self) -> None:
        reply = self.service.request("GET", "/products/lamp")

        self.assertEqual(reply.status, 404)

    def test_the_list_holds_every_product_in_creation_order_with_a_total(self) -> None:
        lamp = self.service.create_product({"name": "Lamp", "price": 10})
        mug = self.service.create_product({"name": "Mug", "price": 4.5})

        reply = self.service.request("GET", "/products")

        self.assertEqual(reply.status, 200)
        listing = reply.json()
        self.assertEqual(listing["items"], [lamp, mug])
        self.assertEqual(listing["total"], 2)

    def test_the_list_of_a_new_service_is_empty(self) -> None:
        reply = self.service.request("GET", "/products")

        self.assertEqual(reply.json(), {"items": [], "total": 0})

    def test_products_survive_a_restart(self) -> None:
        created = self.service.create_product({"name": "Desk lamp", "price": 19.99})

        self.service.stop()
        self.service.start()

        self.assertEqual(self.service.request("GET", f"/products/{created['id']}").json(), created)


if __name__ == "__main__":
    unittest.main()
