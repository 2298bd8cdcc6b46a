"""``python -m mockhog``: the same as the ``mockhog`` command."""

from mockhog.cli.main import main

raise SystemExit(main())
