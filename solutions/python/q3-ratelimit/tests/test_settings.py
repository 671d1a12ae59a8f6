import sys
import unittest
from pathlib import Path

# The tests run from `tests/`; the app package sits one level up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.settings import Settings, SettingsError  # noqa: E402


class SettingsTest(unittest.TestCase):
    def test_defaults_apply_when_nothing_is_set(self) -> None:
        self.assertEqual(
            Settings.from_env({}),
            Settings(
                host="127.0.0.1",
                port=8080,
                rate_limit_max_requests=10,
                rate_limit_window_secs=60,
                redis_url=None,
            ),
        )

    def test_limits_and_redis_url_are_read(self) -> None:
        settings = Settings.from_env(
            {
                "RATE_LIMIT_MAX_REQUESTS": "5",
                "RATE_LIMIT_WINDOW_SECS": "3",
                "REDIS_URL": "redis://127.0.0.1:6379",
            }
        )
        self.assertEqual(settings.rate_limit_max_requests, 5)
        self.assertEqual(settings.rate_limit_window_secs, 3)
        self.assertEqual(settings.redis_url, "redis://127.0.0.1:6379")

    def test_a_zero_limit_is_rejected_with_its_value(self) -> None:
        with self.assertRaisesRegex(SettingsError, "RATE_LIMIT_MAX_REQUESTS must be .*, got `0`"):
            Settings.from_env({"RATE_LIMIT_MAX_REQUESTS": "0"})


if __name__ == "__main__":
    unittest.main()
