"""What an in-process client gets for a drop fault: the error httpx raises when a server drops the line.

A module of its own, so that serving (which closes a real socket instead) starts without httpx loaded.
"""

from __future__ import annotations

import httpx


class ConnectionDropped(httpx.RemoteProtocolError):
    """A drop fault in-process (no socket to close): raised to the client as httpx does for a live drop."""
