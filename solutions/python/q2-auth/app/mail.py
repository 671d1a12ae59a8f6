"""The outbox: each outgoing email is written to `MAIL_OUTBOX_DIR` as one
`.eml` file, where a mail relay (or a developer) picks it up.

Each message is written under a temporary dot-name, then renamed to
`<unix time>-<random>.eml`: a reader never sees half a message.
"""

import asyncio
import os
import secrets
import time
from email.message import EmailMessage
from pathlib import Path

SENDER = "no-reply@localhost"


class Outbox:
    def __init__(self, directory: Path) -> None:
        self._directory = directory

    def create(self) -> None:
        """Makes sure the folder exists; at startup, so a bad path fails early."""
        self._directory.mkdir(parents=True, exist_ok=True)

    async def send(self, to: str, subject: str, text: str) -> None:
        message = EmailMessage()
        message["From"] = SENDER
        message["To"] = to
        message["Subject"] = subject
        # 8bit: links stay on one line (quoted-printable would fold them).
        message.set_content(text, cte="8bit")
        await asyncio.to_thread(self._write, bytes(message))

    def _write(self, data: bytes) -> None:
        self.create()
        name = f"{int(time.time())}-{secrets.token_hex(8)}.eml"
        partial = self._directory / f".{name}.partial"
        with open(partial, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, self._directory / name)
