"""The file system area's domain layer: PostHog's rules, no Starlette."""
