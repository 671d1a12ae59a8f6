import re
import time

from helpers import PASSWORD, ServiceTestCase

LINK = re.compile(r"http://reset\.example\.test:9999/reset-password\?token=([A-Za-z0-9_-]+)")


class PasswordResetTest(ServiceTestCase):
    def request_reset(self, email):
        return self.app.post_json("/auth/password-reset", {"email": email})

    def confirm(self, token, new_password):
        return self.app.post_json(
            "/auth/password-reset/confirm", {"token": token, "new_password": new_password}
        )

    def test_a_reset_emails_a_link_only_to_an_existing_account(self):
        self.app.create_user("ann@example.com")

        known = self.request_reset("ann@example.com")
        unknown = self.request_reset("nobody@example.com")

        self.assertEqual((known.status, unknown.status), (202, 202))
        self.assertEqual(known.body, unknown.body)
        [message] = self.app.outbox_messages()
        self.assertIn("To: ann@example.com", message)
        self.assertGreaterEqual(len(LINK.search(message).group(1)), 22)

    def test_the_token_sets_a_new_password_once(self):
        self.app.create_user("ann@example.com")
        old_token = self.app.token_for("ann@example.com")
        time.sleep(1.1)  # `iat` is in whole seconds: let it fall before the reset
        self.request_reset("ann@example.com")
        token = LINK.search(self.app.outbox_messages()[0]).group(1)

        self.assert_error(self.confirm(token, "short"), 422)
        self.assertEqual(self.confirm(token, "a-brand-new-password").status, 204)
        self.assert_error(self.confirm(token, "another-new-password"), 400)

        self.assertEqual(self.app.login("ann@example.com", "a-brand-new-password").status, 200)
        self.assert_error(self.app.login("ann@example.com", PASSWORD), 401)
        self.assert_error(self.app.get_with_token("/users/me", old_token), 401)

    def test_an_unknown_token_is_400(self):
        self.assert_error(self.confirm("not-a-real-token-0000000000", "a-brand-new-password"), 400)
