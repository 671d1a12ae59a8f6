import subprocess
import sys
import tempfile
import unittest

from helpers import ROOT


class StartupTest(unittest.TestCase):
    def test_without_jwt_secret_the_service_refuses_to_start_saying_why(self):
        with tempfile.TemporaryDirectory() as folder:
            result = subprocess.run(
                [sys.executable, str(ROOT / "main.py")],
                cwd=folder,
                env={"PORT": "0", "DATABASE_PATH": f"{folder}/auth.db"},
                capture_output=True,
                text=True,
                timeout=20,
            )

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("JWT_SECRET", result.stderr)
