"""The Showroom wire protocol: one envelope, typed payloads, a registry, stable error codes."""
