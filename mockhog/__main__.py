"""``python -m mockhog``: the same as the ``mockhog`` command."""

from mockhog.cli import main

raise SystemExit(main())
