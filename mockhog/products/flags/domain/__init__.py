"""The flags area's domain layer: PostHog's rules, no Starlette."""
