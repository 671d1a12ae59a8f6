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
            Settings(host="127.0.0.1", port=8080, database_path=Path("./data.db")),
        )

    def test_a_port_that_is_not_a_number_is_rejected_with_its_value(self) -> None:
        with self.assertRaisesRegex(SettingsError, "PORT must be .*, got `http`"):
            Settings.from_env({"PORT": "http"})

    def test_an_empty_database_path_is_rejected(self) -> None:
        with self.assertRaisesRegex(SettingsError, "DATABASE_PATH must not be empty"):
            Settings.from_env({"DATABASE_PATH": ""})


if __name__ == "__main__":
    unittest.main()
