"""The REST API under ``/api/v1``, documented at ``/openapi.json`` (docs/api.md).

One module per area; every operation needs a signed-in user or an API token
(``Authorization: Bearer jm_…``): viewers read (GET), editors change data, maps and
builds, admins also create tokens for other users. Errors have the app's one JSON shape.
"""

from fastapi import APIRouter, Depends
from fastapi.security import HTTPBearer

from journeymap.web.api import (
    analytics,
    data,
    jobs,
    journeys,
    map_files,
    maps,
    tokens,
    workspace,
)
from journeymap.web.api.common import ERRORS

#: Documents the bearer scheme in /openapi.json; who the caller is, is decided by
#: :func:`journeymap.web.security.current_user` (token or session).
api_token = HTTPBearer(auto_error=False, bearerFormat="jm_…", scheme_name="apiToken",
                       description="An API token: POST /api/v1/tokens or "
                                   "`journeymap user token NAME`")

router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[Depends(api_token)])
for module in (workspace, jobs, data, journeys, analytics, maps, map_files, tokens):
    router.include_router(module.router)
