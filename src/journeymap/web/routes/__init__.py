"""The pages' routers, in the order they are mounted (the REST API is ``web.api``; the app
mounts it first)."""

from journeymap.web.routes import account, analytics, auth, data, journeys, maps, overview

ROUTERS = [auth.router, account.router, overview.router, analytics.router, journeys.router,
           data.router, maps.router]
