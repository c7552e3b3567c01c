"""`pearls serve [-a ADDR] [--as-of DATE]`: a live preview that rebuilds on every edit."""

from __future__ import annotations

import argparse
import errno
import ipaddress
import socket

from generator.clock import today
from generator.commands.common import iso_date, project_root
from generator.errors import UsageError
from generator.site.publish import serve_site


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="preview the site live, drafts and future pearls included",
        description="Build the site and serve it locally, rebuilding and reloading the browser "
        "on every edit to the content, the bibliography and the templates (as `mkdocs serve` "
        'does). Drafts and pearls dated after DATE are shown too, marked "Not yet published". '
        "Content errors do not stop it: every page lists them, and each file that has them is "
        "left out until it is fixed. Stop with Ctrl-C.",
    )
    parser.add_argument(
        "-a",
        "--dev-addr",
        default="127.0.0.1:8000",
        type=dev_address,
        metavar="IP:PORT",
        help="address to serve on (default: 127.0.0.1:8000)",
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="preview as of DATE (YYYY-MM-DD): what is marked as not yet published; default: today",
    )
    return parser


def dev_address(text: str) -> str:
    """``IP:PORT`` with a port the system can bind (MkDocs' server died of any other with a
    traceback, ``OverflowError: bind(): port must be 0-65535``)."""
    host, colon, port = text.rpartition(":")
    if not (
        colon
        and _ip(host) is not None
        and port.isascii()
        and port.isdigit()
        and int(port) <= 65535
    ):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not IP:PORT with a port from 0 to 65535 (e.g. 127.0.0.1:8000)"
        )
    return text


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address MkDocs' server listens on for ``host`` (an IP address, ``[IPv6]``, or
    ``localhost``), or None for any other host, which MkDocs refuses."""
    if host == "localhost":
        return ipaddress.IPv4Address("127.0.0.1")
    try:
        return ipaddress.ip_address(host.removeprefix("[").removesuffix("]"))
    except ValueError:
        return None


def bindable(address: str) -> None:
    """Refuse (one line) an ``IP:PORT`` the server could not listen on: a port another server
    holds, an address not of this machine (MkDocs' server died of either with a traceback,
    after a whole build)."""
    host, _, port = address.rpartition(":")
    ip = _ip(host)
    if ip is None:
        return
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
        try:
            probe.bind((str(ip), int(port)))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                hint = (
                    "another server (another `pearls serve`?) listens there: stop it, or give "
                    f"another port, e.g. -a {host}:{8001 if port == '8000' else 8000}"
                )
            else:
                hint = "give an address of this machine, e.g. -a 127.0.0.1:8000"
            raise UsageError(f"cannot serve on {address}: {exc.strerror}; {hint}") from None


def run(args: argparse.Namespace) -> int:
    today()  # an invalid SOURCE_DATE_EPOCH is refused here, not in MkDocs
    root = project_root(args)
    bindable(args.dev_addr)
    return serve_site(root, args.dev_addr, args.as_of)
