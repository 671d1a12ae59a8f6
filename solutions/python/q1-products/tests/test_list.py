"""`GET /products`: pages, the name filter, and invalid parameters."""

import unittest
from urllib.parse import urlencode

from helpers import Service

NAMES = ["Desk Lamp", "LAMP shade", "Office chair", "50% off", "snake_case", "O'Brien"]


class ListTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.service = Service().start()
        cls.products = [cls.service.create_product({"name": name, "price": 5}) for name in NAMES]

    @classmethod
    def tearDownClass(cls) -> None:
        cls.service.close()

    def listing(self, **query: object) -> dict:
        reply = self.service.request("GET", f"/products?{urlencode(query)}")
        self.assertEqual(reply.status, 200, reply.body)
        return reply.json()

    def names(self, **query: object) -> list[str]:
        return [product["name"] for product in self.listing(**query)["items"]]

    def test_defaults_are_page_1_of_20(self) -> None:
        listing = self.listing()

        self.assertEqual(listing["items"], self.products)
        self.assertEqual((listing["page"], listing["per_page"], listing["total"]), (1, 20, 6))

    def test_pages_are_disjoint_and_in_creation_order(self) -> None:
        pages = [self.listing(page=page, per_page=4)["items"] for page in (1, 2)]

        self.assertEqual(pages[0] + pages[1], self.products)

    def test_a_page_past_the_end_is_empty_with_the_total(self) -> None:
        listing = self.listing(page=50, per_page=10)

        self.assertEqual((listing["items"], listing["total"]), ([], 6))

    def test_invalid_page_or_per_page_is_400_naming_it(self) -> None:
        for parameter, value in (("page", 0), ("page", "abc"), ("per_page", 0), ("per_page", 101)):
            with self.subTest(**{parameter: value}):
                reply = self.service.request("GET", f"/products?{parameter}={value}")
                self.assertEqual(reply.status, 400)
                self.assertEqual(reply.json()["parameter"], parameter)

    def test_the_name_filter_ignores_case_and_total_counts_matches(self) -> None:
        listing = self.listing(name="lamp")

        self.assertEqual([p["name"] for p in listing["items"]], ["Desk Lamp", "LAMP shade"])
        self.assertEqual(listing["total"], 2)

    def test_the_name_filter_matches_wildcards_and_quotes_literally(self) -> None:
        self.assertEqual(self.names(name="%"), ["50% off"])
        self.assertEqual(self.names(name="_"), ["snake_case"])
        self.assertEqual(self.names(name="'"), ["O'Brien"])
        self.assertEqual(self.names(name="' OR 1=1 --"), [])


if __name__ == "__main__":
    unittest.main()
