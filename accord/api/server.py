"""`accord serve`: the app on a socket, with the checks that keep a store that
is served off this machine from being served to everyone by mistake.

- Host header: only the names the server listens on (see `app.host_names`),
  so a web page on another site cannot reach a local server through DNS
  rebinding; `--allow-host NAME` adds one (a reverse proxy's name).
- Off loopback, a token is required (`--token`, or `ACCORD_TOKEN`): every
  request must carry it. `--no-auth` serves without one, with a warning.
- The socket is bound and listening before the address is printed, so the
  printed URL works at once.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable

from accord.api.app import create_app, host_names, is_loopback
from accord.errors import ConfigError

MIN_TOKEN = 16
TOKEN_HINT = "python -c 'import secrets; print(secrets.token_urlsafe())'"


def check_access(host: str, token: str | None, no_auth: bool) -> str | None:
    """Refuse (ConfigError) to serve off loopback without a token unless told to;
    returns the warning to print, if any."""
    if token is not None and no_auth:
        raise ConfigError("--token and --no-auth exclude each other: give one")
    if token is not None and len(token) < MIN_TOKEN:
        raise ConfigError(f"the token is too short ({len(token)} characters): use at least "
                          f"{MIN_TOKEN}, e.g. from {TOKEN_HINT}")
    if is_loopback(host) or token is not None:
        return None
    if no_auth:
        return (f"warning: serving on {host} with no authentication: anyone who can reach "
                "this machine can read the store")
    raise ConfigError(f"refusing to serve on {host} (not loopback) without --token: anyone "
                      "who can reach this machine could read the store. Give --token TOKEN "
                      f"(e.g. from {TOKEN_HINT}), or --no-auth to serve it to everyone")


def listen(host: str, port: int) -> socket.socket:
    """A bound socket on host:port (ConfigError naming the address when it cannot)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)  # connections wait in the backlog until the server takes them
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror or exc}): "
                          "choose another --port or --host") from None
    return sock


def url(host: str, port: int, token: str | None = None) -> str:
    """The address to open: this machine's name when it listens on every interface."""
    name = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    shown = f"[{name}]" if ":" in name else name
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def serve(db: str | None, *, host: str = "127.0.0.1", port: int = 8000,
          token: str | None = None, no_auth: bool = False, allow_hosts: Iterable[str] = (),
          say: Callable[[str], None] = print, warn: Callable[[str], None] = print) -> None:
    """Serve the store at `db` until interrupted; `say` prints the address."""
    import uvicorn

    warning = check_access(host, token, no_auth)
    web = create_app(db, hosts=host_names(host, allow_hosts), token=token)
    sock = listen(host, port)
    if warning:
        warn(warning)
    say(f"accord: serving {db or 'accord.db'} at {url(host, port, token)} "
        "(API under /api, docs at /docs; Ctrl+C stops)")
    config = uvicorn.Config(web, log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])
