"""Code shared by every Showroom process: the wire protocol and domain vocabulary (no I/O, no Qt, no SQL)."""
