from helpers import ServiceTestCase


class UsersTest(ServiceTestCase):
    # TODO(q2): once `/users/{id}` requires an access token, log in first and
    # send `Authorization: Bearer <token>` here, and add the 401 and 403 cases.
    def test_a_registered_user_can_be_read_back_by_its_id(self):
        user = self.app.create_user("ann@example.com")

        response = self.app.get(f"/users/{user['id']}")

        self.assertEqual(response.status, 200)
        self.assertEqual(response.json(), user)
