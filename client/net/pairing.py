"""Reading the pairing file exported by `showroom admin pairing`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FORMAT = "showroom-pairing/1"


class PairingError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Pairing:
    server_name: str
    server_public_key: bytes
    command_endpoint: str
    event_endpoint: str

    @classmethod
    def load(cls, path: Path) -> Pairing:
        try:
            raw = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise PairingError(f"cannot read pairing file {path}: {exc}") from exc
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise PairingError(f"{path} is not a Showroom pairing file")
        try:
            key = str(raw["server_public_key"]).encode("ascii")
            if len(key) != 40:
                raise PairingError("server_public_key must be 40 Z85 characters")
            return cls(str(raw.get("server_name", "")), key, str(raw["command_endpoint"]), str(raw["event_endpoint"]))
        except KeyError as exc:
            raise PairingError(f"pairing file lacks {exc}") from exc

    def with_host(self, host: str) -> Pairing:
        """The same server reached under another address (the login dialog's server field)."""

        def swap(endpoint: str) -> str:
            port = endpoint.rsplit(":", 1)[1]
            return f"tcp://{host}:{port}"

        return Pairing(self.server_name, self.server_public_key, swap(self.command_endpoint), swap(self.event_endpoint))

    @property
    def host(self) -> str:
        return self.command_endpoint.split("://", 1)[1].rsplit(":", 1)[0]
