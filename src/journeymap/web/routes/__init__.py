"""The app's routers, in the order they are mounted."""

from journeymap.web.routes import auth, overview

ROUTERS = [auth.router, overview.router]
