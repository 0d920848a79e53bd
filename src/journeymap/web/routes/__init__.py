"""The app's routers, in the order they are mounted."""

from journeymap.web.api import router as api_router
from journeymap.web.routes import analytics, auth, data, journeys, maps, overview

ROUTERS = [api_router, auth.router, overview.router,
           analytics.router,
           journeys.router,
           data.router,
           maps.router]
