"""What handlers get from the application, as FastAPI dependencies.

`create_app` builds these once and keeps them on `app.state`; a handler
asks for one by taking an argument of the type below, e.g.
`storage: StorageDep`.
"""

from typing import Annotated

from fastapi import Depends, Request

from app.settings import Settings
from app.storage import Storage


def get_storage(request: Request) -> Storage:
    return request.app.state.storage


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StorageDep = Annotated[Storage, Depends(get_storage)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
