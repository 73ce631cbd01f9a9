"""The on-site Showroom server: ZeroMQ front, command handlers, PostgreSQL data layer."""

__version__ = "0.1.0"
