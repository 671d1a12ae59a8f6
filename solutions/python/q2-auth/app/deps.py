"""What handlers get from the application, as FastAPI dependencies.

`create_app` builds each of these once and keeps it on `app.state`; a
handler asks for one by taking an argument of the type below, e.g.
`storage: StorageDep`.
"""

from typing import Annotated

from fastapi import Depends, Request

from app.auth.passwords import PasswordHasher
from app.auth.throttle import LoginThrottle
from app.auth.tokens import TokenIssuer
from app.mail import Outbox
from app.settings import Settings
from app.storage import Storage


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_storage(request: Request) -> Storage:
    return request.app.state.storage


def get_hasher(request: Request) -> PasswordHasher:
    return request.app.state.hasher


def get_tokens(request: Request) -> TokenIssuer:
    return request.app.state.tokens


def get_throttle(request: Request) -> LoginThrottle:
    return request.app.state.throttle


def get_outbox(request: Request) -> Outbox:
    return request.app.state.outbox


SettingsDep = Annotated[Settings, Depends(get_settings)]
StorageDep = Annotated[Storage, Depends(get_storage)]
HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]
TokensDep = Annotated[TokenIssuer, Depends(get_tokens)]
ThrottleDep = Annotated[LoginThrottle, Depends(get_throttle)]
OutboxDep = Annotated[Outbox, Depends(get_outbox)]
