"""The Showroom desktop client (PySide6) and its network layer (no Qt in `client.net`)."""

__version__ = "0.1.0"
