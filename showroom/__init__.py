"""The `showroom` command: one entry point that starts the demo, the server, the client or the camera."""
