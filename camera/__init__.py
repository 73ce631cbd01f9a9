"""The face-camera service (detection, tracking, embeddings, events to the server)."""
