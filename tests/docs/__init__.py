"""The documentation's tests: the site builds strictly, README's links resolve, every example runs."""
