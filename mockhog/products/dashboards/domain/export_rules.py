"""Export rules beyond the basic create checks: safe recording ids and heatmap URLs, the monthly video
quota, and when a contentless export reads as failed."""

from __future__ import annotations

import contextlib
import ipaddress
import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from mockhog.state.records import ExportedAsset, Organization, Team

RASTERIZED_FORMATS = {"video/webm", "video/mp4", "image/gif"}
JSONL = "application/x-ndjson"
DATASET_KIND = "dataset"

# PostHog: products/exports/backend/models/exported_asset.py SESSION_RECORDING_ID_RE (whole value; a
# dot-only id is a relative path segment, not a session)
_SESSION_RECORDING_ID = re.compile(r"(?!\.+$)[A-Za-z0-9_.:-]{1,200}")

# PostHog: products/exports/backend/stuck_exports.py (and the timeouts it reads)
STUCK_MESSAGE = (
    "Export failed without throwing an exception. Please try to rerun this export and contact support "
    "if it fails to complete multiple times."
)
_STUCK_GRACE = timedelta(seconds=30)
_QUERY_TIMEOUT = timedelta(seconds=600)  # posthog/settings HOGQL_INCREASED_MAX_EXECUTION_TIME
_EXPORT_WORKFLOW_TIMEOUT = timedelta(minutes=35)  # products/exports/backend/facade/api.py
# posthog/temporal/session_replay/rasterize_recording/types.py: 2 renders of 30 minutes, plus 15
_RASTERIZE_WORKFLOW_TIMEOUT = timedelta(minutes=30) * 2 + timedelta(minutes=15)

# PostHog: products/exports/backend/api/exports.py FULL_VIDEO_EXPORTS_LIMIT_BY_TIER
_VIDEO_LIMITS = {"free": 10, "paid": 15, "enterprise": 25}
_ENTERPRISE_FEATURES = {"role_based_access", "saml"}
_PAID_FEATURES = {"recordings_file_export"}

# PostHog: posthog/security/url_validation.py
_METADATA_HOSTS = {"169.254.169.254", "metadata.google.internal"}
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
_INTERNAL_SUFFIXES = (
    ".local",
    ".internal",
    ".svc.cluster.local",
    ".cluster.local",
    ".consul",
    ".lan",
    ".home",
    ".corp",
    ".localdomain",
    ".home.arpa",
    ".intranet",
    ".priv",
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def is_valid_session_recording_id(value: Any) -> bool:
    return isinstance(value, str) and _SESSION_RECORDING_ID.fullmatch(value) is not None


def is_dataset_export(export: ExportedAsset) -> bool:
    return export.export_format == JSONL and (export.export_context or {}).get("kind") == DATASET_KIND


def is_recording_export(export: ExportedAsset) -> bool:
    return bool((export.export_context or {}).get("session_recording_id"))


def is_stuck(export: ExportedAsset, now: datetime) -> bool:
    """No content, no recorded failure, and older than its rendering pipeline could still take."""
    if export.content_base64 is not None or export.exception or export.created_at is None:
        return False
    if export.export_format in RASTERIZED_FORMATS:
        threshold = _RASTERIZE_WORKFLOW_TIMEOUT
    elif is_dataset_export(export):
        threshold = _EXPORT_WORKFLOW_TIMEOUT
    else:
        threshold = _QUERY_TIMEOUT
    return export.created_at < now - threshold - _STUCK_GRACE


def video_export_limit(organization: Organization, team: Team) -> int:
    """The team's monthly full-video quota: its plan tier's, raised (never lowered) by a team override."""
    # PostHog: Organization.get_plan_tier; the features that decide the tier are read off PostHog's tests
    features = set(organization.features)
    if features & _ENTERPRISE_FEATURES:
        limit = _VIDEO_LIMITS["enterprise"]
    else:
        limit = _VIDEO_LIMITS["paid" if features & _PAID_FEATURES else "free"]
    override = (team.extra_settings or {}).get("full_video_exports_limit")
    try:
        value = int(override) if override is not None and not isinstance(override, bool) else 0
    except (TypeError, ValueError):
        value = 0  # PostHog logs an invalid override and keeps the tier's limit
    return max(limit, value)


def video_exports_this_month(exports: list[ExportedAsset], team_id: int, now: datetime) -> int:
    """Full-video exports of the team since the start of the calendar month (system ones excluded)."""
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return sum(
        1
        for e in exports
        if e.team_id == team_id
        and e.export_format in RASTERIZED_FORMATS
        and (e.export_context or {}).get("session_recording_id") is not None
        and not e.is_system
        and e.created_at is not None
        and e.created_at >= start
    )


def url_refusal(raw_url: str) -> str | None:
    """Why a heatmap URL may not be fetched, or None when it may."""
    # Divergence: PostHog also resolves the host and refuses one that does not resolve or resolves to a
    # private address; mockhog looks up no names, so any public-looking hostname passes.
    if "\\" in raw_url or "%5c" in raw_url.lower():
        return "Invalid URL: ambiguous authority"
    try:
        parsed = urlparse(raw_url)
        hostname = parsed.hostname or ""
    except ValueError:
        return "Invalid URL"
    if parsed.scheme not in {"http", "https"}:
        return "URL must start with http:// or https://"
    if not parsed.netloc:
        return "Missing host"
    host = _canonical_host(hostname)
    if host in _METADATA_HOSTS:
        return "Local/metadata host"
    if host in _LOOPBACK_HOSTS:
        return "Local/Loopback host not allowed"
    for suffix in _INTERNAL_SUFFIXES:
        if host.endswith(suffix):
            return f"Internal domain pattern blocked: {suffix}"
    if _is_internal_ip(host):
        return "Private IP address not allowed"
    if not _is_ip(host) and not _looks_public(host):
        # what PostHog's lookup answers for a name no public DNS knows (a single label, a number)
        return "Could not resolve host"
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _looks_public(host: str) -> bool:
    """A dotted name ending in an alphabetic top-level label, as every public DNS name does."""
    labels = host.split(".")
    return len(labels) > 1 and all(labels) and labels[-1].isalpha()


def _canonical_host(host: str) -> str:
    with contextlib.suppress(ValueError):  # a name the codec refuses stays as written
        host = host.encode("idna").decode("ascii")
    return host.lower().rstrip(".")


def _is_internal_ip(host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip in _CGNAT
    )
