"""Which network addresses a crawler of public portals must never reach, and the allow-list.

Pure functions: private, loopback, link-local, shared, reserved, multicast and unspecified
addresses, and the cloud metadata endpoints (169.254.169.254, Alibaba's 100.100.100.200,
fd00:ec2::254, metadata.google.internal ...), unless a name, address or network is allow-listed.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",
        "169.254.170.2",
        "100.100.100.200",
        "fd00:ec2::254",
        "169.254.0.23",
    )
)
METADATA_HOSTS = frozenset(
    {"metadata", "metadata.google.internal", "metadata.tencentyun.com", "instance-data"}
)
# inet_aton() also reads 2130706433, 0x7f.1 or 127.1 as addresses; so does a resolver.
_NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]+|\d+)){0,3}$", re.IGNORECASE)


def literal_address(host: str) -> IPAddress | None:
    """The address ``host`` denotes by itself (IPv4 in any inet_aton spelling, or IPv6)."""
    host = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def address_problem(address: IPAddress) -> str | None:
    """Why ``address`` is off limits (``cloud-metadata``, ``loopback``, ``private`` ...), or None
    for a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return "cloud-metadata"
    for attribute in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
        if getattr(address, f"is_{attribute}"):
            return attribute.replace("_", "-")
    if not address.is_global:
        return "non-global"
    return None


class AllowList:
    """ALLOWED_PRIVATE_HOSTS: host names, addresses and networks (CIDR) we may reach anyway."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.names: set[str] = set()
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in entries:
            entry = entry.strip().lower()
            if not entry:
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                self.names.add(entry.rstrip("."))

    def allows_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.names

    def allows_address(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)


def host_problem(host: str, allow: AllowList) -> str | None:
    """Why a URL host is refused before any lookup (literal address or metadata name), or None."""
    if allow.allows_host(host):
        return None
    if host.lower().rstrip(".") in METADATA_HOSTS:
        return "cloud-metadata"
    address = literal_address(host)
    if address is None or allow.allows_address(address):
        return None
    return address_problem(address)
