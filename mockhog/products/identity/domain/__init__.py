"""The identity area's domain layer: PostHog's rules, no Starlette."""
