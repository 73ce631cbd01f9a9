"""Talking to the server over ZeroMQ: pairing, a blocking client, and the GUI's background connection."""
