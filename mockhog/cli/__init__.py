"""The ``mockhog`` command line: serve, generate, drift, and the control-plane commands."""
