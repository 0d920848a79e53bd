"""The app's routers, in the order they are mounted."""

from journeymap.web.api import router as api_router
from journeymap.web.routes import auth, data, maps, overview

ROUTERS = [api_router, auth.router, overview.router, data.router, maps.router]
