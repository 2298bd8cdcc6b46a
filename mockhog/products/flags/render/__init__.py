"""The flags area's render layer: records rendered as PostHog's serializers render them."""
