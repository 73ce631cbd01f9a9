"""`python -m showroom` is the same as the `showroom` command."""

from showroom.cli import main

raise SystemExit(main())
