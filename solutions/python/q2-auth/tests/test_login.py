import time

import jwt

from helpers import PASSWORD, SECRET, ServiceTestCase


class LoginTest(ServiceTestCase):
    env = {"JWT_TTL_SECS": "1800"}

    def test_the_right_credentials_get_an_hs256_token_for_the_user(self):
        user = self.app.create_user("ann@example.com")

        response = self.app.login("Ann@Example.com ")

        self.assertEqual(response.status, 200, response.body)
        body = response.json()
        self.assertEqual((body["token_type"], body["expires_in"]), ("Bearer", 1800))
        claims = jwt.decode(body["access_token"], SECRET, algorithms=["HS256"])
        self.assertEqual(claims["sub"], str(user["id"]))
        self.assertEqual(claims["exp"] - claims["iat"], 1800)
        self.assertLessEqual(abs(claims["iat"] - time.time()), 5)

    def test_a_wrong_password_and_an_unknown_email_get_the_same_401(self):
        self.app.create_user("ann@example.com")

        wrong_password = self.app.login("ann@example.com", "not-the-password")
        unknown_email = self.app.login("nobody@example.com", "not-the-password")

        self.assert_error(wrong_password, 401)
        self.assertEqual(unknown_email.status, 401)
        self.assertEqual(unknown_email.body, wrong_password.body)

    def test_malformed_json_is_400_and_a_missing_field_422(self):
        response = self.app.request(
            "POST", "/auth/login", '{"email": ', {"Content-Type": "application/json"}
        )
        self.assert_error(response, 400)

        response = self.app.post_json("/auth/login", {"password": PASSWORD})
        self.assertEqual(self.assert_error(response, 422)["field"], "email")
        self.assertNotIn(PASSWORD, response.body.decode())


class ThrottlingTest(ServiceTestCase):
    env = {"LOGIN_MAX_FAILURES": "2", "LOGIN_LOCKOUT_SECS": "2"}

    def test_failures_lock_the_email_for_a_while_even_with_the_right_password(self):
        self.app.create_user("ann@example.com")
        for _ in range(2):
            self.assert_error(self.app.login("ann@example.com", "not-the-password"), 401)

        locked = self.app.login("ann@example.com")

        self.assert_error(locked, 429)
        self.assertIn(locked.headers["Retry-After"], {"1", "2"})
        time.sleep(int(locked.headers["Retry-After"]) + 0.5)
        self.assertEqual(self.app.login("ann@example.com").status, 200)

    def test_a_successful_login_resets_the_count(self):
        self.app.create_user("ann@example.com")
        self.app.login("ann@example.com", "not-the-password")
        self.app.token_for("ann@example.com")

        self.assert_error(self.app.login("ann@example.com", "not-the-password"), 401)
        self.assertEqual(self.app.login("ann@example.com").status, 200)
