import unittest

from helpers import Service


class HealthTest(unittest.TestCase):
    def setUp(self) -> None:
        self.service = Service().start()
        self.addCleanup(self.service.stop)

    def test_health_answers_200(self) -> None:
        self.assertEqual(self.service.request("GET", "/health").status, 200)


if __name__ == "__main__":
    unittest.main()
