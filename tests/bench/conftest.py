"""The benchmark is a script (`make bench`), not tests: pytest collects nothing under tests/bench."""

collect_ignore_glob = ["*"]
