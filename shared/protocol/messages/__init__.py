"""Payload structs, one module per message family."""
