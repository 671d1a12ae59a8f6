import time
import warnings

import jwt
from jwt.warnings import InsecureKeyLengthWarning

from helpers import SECRET, ServiceTestCase


class UsersTest(ServiceTestCase):
    def test_a_token_reads_its_own_user_by_me_and_by_id(self):
        user = self.app.create_user("ann@example.com")
        token = self.app.token_for("ann@example.com")

        for path in ["/users/me", f"/users/{user['id']}"]:
            with self.subTest(path=path):
                response = self.app.get_with_token(path, token)
                self.assertEqual(response.status, 200)
                self.assertEqual(response.json(), user)

    def test_the_scheme_is_case_insensitive(self):
        self.app.create_user("ann@example.com")
        token = self.app.token_for("ann@example.com")

        response = self.app.get("/users/me", {"Authorization": f"bearer {token}"})

        self.assertEqual(response.status, 200)

    def test_any_other_id_is_403_whether_it_exists_or_not(self):
        self.app.create_user("ann@example.com")
        other = self.app.create_user("bob@example.com")
        token = self.app.token_for("ann@example.com")

        for user_id in [other["id"], 999999, "abc"]:
            with self.subTest(user_id=user_id):
                self.assert_error(self.app.get_with_token(f"/users/{user_id}", token), 403)

    def test_no_token_or_a_bad_one_is_401_with_a_bearer_challenge(self):
        user = self.app.create_user("ann@example.com")
        token = self.app.token_for("ann@example.com")
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        now = int(time.time())

        for situation, authorization in [
            ("no header", None),
            ("another scheme", f"Basic {token}"),
            ("no token", "Bearer"),
            ("not a JWT", "Bearer not.a.jwt"),
            ("another secret", "Bearer " + jwt.encode(claims, "x" * 32, algorithm="HS256")),
            ("HS512", "Bearer " + hs512(claims)),
            ("alg none", "Bearer " + jwt.encode(claims, None, algorithm="none")),
            (
                "expired",
                "Bearer "
                + jwt.encode({**claims, "exp": now - 180}, SECRET, algorithm="HS256"),
            ),
            (
                "no user",
                "Bearer "
                + jwt.encode({**claims, "sub": str(user["id"] + 1)}, SECRET, algorithm="HS256"),
            ),
        ]:
            with self.subTest(situation):
                headers = {"Authorization": authorization} if authorization else {}
                response = self.app.get("/users/me", headers)
                self.assert_error(response, 401)
                self.assertTrue(response.headers["WWW-Authenticate"].startswith("Bearer"))


def hs512(claims: dict) -> str:
    """The right secret, the wrong algorithm. (PyJWT warns that the test
    secret is short for HS512: true, and beside the point here.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        return jwt.encode(claims, SECRET, algorithm="HS512")
