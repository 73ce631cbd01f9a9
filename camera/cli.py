"""`showroom camera`: the face-camera service is not part of this release yet."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("showroom camera: the face-camera service is not available in this version yet.", file=sys.stderr)
    return 2
