"""`GET /health`: answers 200 as soon as the server accepts requests."""


async def health_check() -> dict[str, str]:
    return {"status": "ok"}
