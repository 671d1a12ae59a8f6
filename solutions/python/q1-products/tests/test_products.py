"""Create, read, replace, patch and delete, through the real HTTP service."""

import unittest

from helpers import Service

LAMP = {"name": "Desk lamp", "description": "Warm white, 40 W", "price": 19.99}


class ProductsTest(unittest.TestCase):
    """Each test gets a fresh service with an empty database."""

    def setUp(self) -> None:
        self.service = Service().start()
        self.addCleanup(self.service.close)

    def test_create_answers_201_with_the_product_and_its_location(self) -> None:
        reply = self.service.request("POST", "/products", LAMP)

        self.assertEqual(reply.status, 201)
        product = reply.json()
        self.assertEqual(product, {"id": product["id"], **LAMP})
        self.assertEqual(reply.headers["location"], f"/products/{product['id']}")

    def test_description_defaults_to_empty_and_an_id_in_the_body_is_ignored(self) -> None:
        product = self.service.create_product({"id": 999, "name": "Mug", "price": 4.5})

        self.assertNotEqual(product["id"], 999)
        self.assertEqual(product["description"], "")

    def test_a_created_product_can_be_read_back_by_its_id(self) -> None:
        created = self.service.create_product(LAMP)

        reply = self.service.request("GET", f"/products/{created['id']}")

        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.json(), created)

    def test_unknown_ids_and_ids_that_are_not_numbers_are_404(self) -> None:
        for raw_id in ("424242", "lamp", "1.5", "0", "99999999999999999999999"):
            with self.subTest(raw_id=raw_id):
                reply = self.service.request("GET", f"/products/{raw_id}")
                self.assertEqual(reply.status, 404)
                self.assertIn(raw_id, reply.json()["error"])

    def test_put_replaces_the_whole_product(self) -> None:
        created = self.service.create_product(LAMP)
        path = f"/products/{created['id']}"

        reply = self.service.request("PUT", path, {"name": "Floor lamp", "price": 49})

        self.assertEqual(reply.status, 200)
        expected = {"id": created["id"], "name": "Floor lamp", "description": "", "price": 49}
        self.assertEqual(reply.json(), expected)
        self.assertEqual(self.service.request("GET", path).json(), expected)

    def test_put_on_an_unknown_id_is_404_and_creates_nothing(self) -> None:
        reply = self.service.request("PUT", "/products/424242", LAMP)

        self.assertEqual(reply.status, 404)
        self.assertEqual(self.service.request("GET", "/products").json()["total"], 0)

    def test_an_invalid_put_is_422_and_changes_nothing(self) -> None:
        created = self.service.create_product(LAMP)
        path = f"/products/{created['id']}"

        reply = self.service.request("PUT", path, {"name": "", "price": 5})

        self.assertEqual(reply.status, 422)
        self.assertEqual(reply.json()["field"], "name")
        self.assertEqual(self.service.request("GET", path).json(), created)

    def test_patch_changes_only_the_fields_sent(self) -> None:
        created = self.service.create_product(LAMP)
        path = f"/products/{created['id']}"

        reply = self.service.request("PATCH", path, {"price": 7.5})

        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.json(), {**created, "price": 7.5})

    def test_patch_checks_each_field_and_refuses_null(self) -> None:
        created = self.service.create_product(LAMP)
        path = f"/products/{created['id']}"

        for body, field in (({"name": ""}, "name"), ({"price": None}, "price")):
            with self.subTest(body=body):
                reply = self.service.request("PATCH", path, body)
                self.assertEqual(reply.status, 422)
                self.assertEqual(reply.json()["field"], field)
        self.assertEqual(self.service.request("GET", path).json(), created)

    def test_delete_answers_204_then_the_product_is_gone(self) -> None:
        created = self.service.create_product(LAMP)
        path = f"/products/{created['id']}"

        reply = self.service.request("DELETE", path)

        self.assertEqual((reply.status, reply.body), (204, b""))
        self.assertEqual(self.service.request("GET", path).status, 404)
        self.assertEqual(self.service.request("DELETE", path).status, 404)
        self.assertEqual(self.service.request("PUT", path, LAMP).status, 404)

    def test_a_deleted_id_is_never_reused(self) -> None:
        first = self.service.create_product(LAMP)
        self.service.request("DELETE", f"/products/{first['id']}")

        second = self.service.create_product(LAMP)

        self.assertNotEqual(second["id"], first["id"])

    def test_products_survive_a_restart(self) -> None:
        created = self.service.create_product(LAMP)

        self.service.stop()
        self.service.start()

        self.assertEqual(self.service.request("GET", f"/products/{created['id']}").json(), created)


if __name__ == "__main__":
    unittest.main()
