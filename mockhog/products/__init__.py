"""PostHog's product areas, one package each, with the same layers inside: api (endpoints), domain
(PostHog's rules), render and schemas (wire shapes), and the area's routes.
"""
