"""Connecting to the events engine. Nothing outside this package knows which backend runs."""

from journeymap.engine.backend import Engine, connect

__all__ = ["Engine", "connect"]
