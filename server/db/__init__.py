"""The server's data layer: the only place that talks SQL."""
