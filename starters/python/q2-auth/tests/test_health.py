from helpers import ServiceTestCase


class HealthTest(ServiceTestCase):
    def test_health_answers_200(self):
        self.assertEqual(self.app.get("/health").status, 200)
