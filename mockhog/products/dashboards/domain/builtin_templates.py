"""PostHog's built-in dashboard templates behind the ``use_template`` keys."""

from __future__ import annotations

from typing import Any

from mockhog.products.dashboards.domain.template_model import Template, TemplateTile


def _layouts(
    sm: tuple[int, int, int, int], xs_y: int, *, min_w: int = 3, xs_min_w: int = 3
) -> dict[str, Any]:
    x, y, w, h = sm
    return {
        "sm": {"x": x, "y": y, "w": w, "h": h, "minW": min_w, "minH": 5},
        "xs": {"x": 0, "y": xs_y, "w": 1, "h": 5, "minW": xs_min_w, "minH": 5},
    }


def _trends(math: str, interval: str, date_from: str, display: str, **extra: Any) -> dict[str, Any]:
    source: dict[str, Any] = {
        "kind": "TrendsQuery",
        "series": [{"kind": "EventsNode", "event": "$pageview", "name": "$pageview", "math": math}],
        "interval": interval,
        "dateRange": {"date_from": date_from, "explicitDate": False},
        "properties": [],
        "filterTestAccounts": False,
        "trendsFilter": {"display": display, "showLegend": False, "yAxisScaleType": "linear"},
        "breakdownFilter": {"breakdown_type": "event"},
    }
    source.update(extra)
    return {"kind": "InsightVizNode", "source": source}


def _pageview_steps(count: int) -> list[dict[str, Any]]:
    names = ["First page view", "Second page view", "Third page view"]
    return [
        {"kind": "EventsNode", "event": "$pageview", "name": "$pageview", "custom_name": names[i]}
        for i in range(count)
    ]


# PostHog: posthog/models/dashboard_templates.py original_template() (used by DEFAULT_APP)
PRODUCT_ANALYTICS = Template(
    name="Product analytics",
    description="",
    filters={},
    tiles=(
        TemplateTile(
            "INSIGHT",
            _layouts((0, 0, 6, 5), 0),
            "Daily active users (DAUs)",
            "Shows the number of unique users that use your app every day.",
            _trends("dau", "day", "-30d", "ActionsLineGraph"),
            color="blue",
        ),
        TemplateTile(
            "INSIGHT",
            _layouts((6, 0, 6, 5), 5),
            "Weekly active users (WAUs)",
            "Shows the number of unique users that use your app every week.",
            _trends("dau", "week", "-90d", "ActionsLineGraph"),
            color="green",
        ),
        TemplateTile(
            "INSIGHT",
            _layouts((6, 5, 6, 5), 10),
            "Retention",
            "Weekly retention of your users.",
            {
                "kind": "InsightVizNode",
                "source": {
                    "kind": "RetentionQuery",
                    "dateRange": {"date_from": "-7d", "explicitDate": False},
                    "properties": [],
                    "filterTestAccounts": False,
                    "retentionFilter": {
                        "period": "Week",
                        "totalIntervals": 11,
                        "retentionType": "retention_first_time",
                        "targetEntity": {"id": "$pageview", "type": "events"},
                        "returningEntity": {"id": "$pageview", "type": "events"},
                    },
                },
            },
            color="blue",
        ),
        TemplateTile(
            "INSIGHT",
            _layouts((0, 5, 6, 5), 15),
            "Growth accounting",
            "How many of your users are new, returning, resurrecting, or dormant each week.",
            {
                "kind": "InsightVizNode",
                "source": {
                    "kind": "LifecycleQuery",
                    "series": [{"kind": "EventsNode", "event": "$pageview"}],
                    "interval": "week",
                    "dateRange": {"date_from": "-30d", "explicitDate": False},
                    "properties": [],
                    "filterTestAccounts": False,
                },
            },
            color="purple",
        ),
        TemplateTile(
            "INSIGHT",
            _layouts((0, 10, 6, 5), 20),
            "Referring domain (last 14 days)",
            "Shows the most common referring domains for your users over the past 14 days.",
            _trends(
                "dau",
                "day",
                "-14d",
                "ActionsBarValue",
                breakdownFilter={"breakdown_type": "event", "breakdown": "$referring_domain"},
            ),
            color="black",
        ),
        TemplateTile(
            "INSIGHT",
            _layouts((6, 10, 6, 5), 25),
            "Pageview funnel, by browser",
            "This example funnel shows how many of your users have completed 3 page views, "
            "broken down by browser.",
            {
                "kind": "InsightVizNode",
                "source": {
                    "kind": "FunnelsQuery",
                    "series": _pageview_steps(3),
                    "dateRange": {"date_from": "-7d", "explicitDate": False},
                    "properties": [],
                    "filterTestAccounts": False,
                    "funnelsFilter": {
                        "funnelVizType": "steps",
                        "funnelOrderType": "ordered",
                        "funnelWindowInterval": 14,
                        "funnelWindowIntervalUnit": "day",
                    },
                    "breakdownFilter": {"breakdown_type": "event", "breakdown": "$browser"},
                },
            },
            color="green",
        ),
    ),
)

_GOOGLE = [
    {"key": "$referring_domain", "type": "event", "value": "google", "operator": "icontains"},
    {"key": "utm_source", "type": "event", "value": "is_not_set", "operator": "is_not_set"},
]
_NO_QUERY_STRING = [{"key": "$current_url", "type": "event", "value": "?", "operator": "not_icontains"}]


def _web(sm: tuple[int, int, int, int], i: int, **query: Any) -> dict[str, Any]:
    layouts = _layouts(sm, (i - 21) * 5, xs_min_w=1)
    layouts["sm"]["i"] = layouts["xs"]["i"] = str(i)
    return layouts


# PostHog: posthog/helpers/dashboard_templates.py _create_website_dashboard (WEBSITE_TRAFFIC)
WEBSITE_TRAFFIC = Template(
    name=None,
    description=None,
    filters={"date_from": "-30d"},
    tags=("marketing",),
    tiles=(
        TemplateTile(
            "INSIGHT",
            _web((0, 0, 6, 5), 21),
            "Website Unique Users (Total)",
            "Shows the number of unique users that use your app every day.",
            _trends("dau", "day", "-30d", "BoldNumber", compareFilter={"compare": True}),
            color="blue",
        ),
        TemplateTile(
            "INSIGHT",
            _web((6, 0, 6, 5), 22),
            "Organic SEO Unique Users (Total)",
            "",
            _trends("dau", "day", "-30d", "BoldNumber", compareFilter={"compare": True}, properties=_GOOGLE),
            color="green",
        ),
        TemplateTile(
            "INSIGHT",
            _web((0, 5, 6, 5), 23),
            "Website Unique Users (Breakdown)",
            "",
            _trends("dau", "week", "-30d", "ActionsBar"),
            color="blue",
        ),
        TemplateTile(
            "INSIGHT",
            _web((6, 5, 6, 5), 24),
            "Organic SEO Unique Users (Breakdown)",
            "",
            _trends("dau", "week", "-30d", "ActionsBar", properties=_GOOGLE),
            color="green",
        ),
        TemplateTile(
            "INSIGHT",
            _web((0, 10, 6, 5), 25),
            "Sessions Per User",
            "",
            _trends("dau", "week", "-30d", "ActionsLineGraph", formula="B/A"),
        ),
        TemplateTile(
            "INSIGHT",
            _web((6, 10, 6, 5), 26),
            "Pages Per User",
            "",
            _trends("total", "week", "-30d", "ActionsLineGraph", formula="A/B"),
        ),
        TemplateTile(
            "INSIGHT",
            _web((0, 15, 6, 8), 27),
            "Top Website Pages (Overall)",
            "",
            _trends(
                "unique_session",
                "day",
                "-30d",
                "ActionsBarValue",
                properties=_NO_QUERY_STRING,
                breakdownFilter={"breakdown_type": "event", "breakdown": "$current_url"},
            ),
            color="black",
        ),
        TemplateTile(
            "INSIGHT",
            _web((6, 15, 6, 8), 28),
            "Top Website Pages (via Google)",
            "",
            _trends(
                "unique_session",
                "day",
                "-30d",
                "ActionsBarValue",
                properties=[*_NO_QUERY_STRING, _GOOGLE[0]],
                breakdownFilter={"breakdown_type": "event", "breakdown": "$current_url"},
            ),
            color="black",
        ),
        TemplateTile(
            "INSIGHT",
            _web((0, 23, 12, 8), 29),
            "Website Users by Location",
            "",
            _trends(
                "dau",
                "day",
                "-30d",
                "WorldMap",
                breakdownFilter={"breakdown_type": "person", "breakdown": "$geoip_country_code"},
            ),
        ),
    ),
)

# PostHog: posthog/helpers/dashboard_templates.py DASHBOARD_TEMPLATES, looked up before stored templates
REGISTRY_KEYS = ("DEFAULT_APP", "WEBSITE_TRAFFIC")
# ... and the original template's name, the last resort after stored templates
USE_TEMPLATE_KEYS = {
    "DEFAULT_APP": PRODUCT_ANALYTICS,
    "WEBSITE_TRAFFIC": WEBSITE_TRAFFIC,
    "Product analytics": PRODUCT_ANALYTICS,
}


def builtin(key: str) -> Template | None:
    """The template a ``use_template`` key names, if PostHog has it built in."""
    return USE_TEMPLATE_KEYS.get(key)
