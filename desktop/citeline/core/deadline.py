"""One deadline over a whole HTTP exchange: connecting, the headers and the body.

httpx limits each read, and a read's timer starts again with every byte, so a server
that sends its headers one byte a second would never time out. Here the network
streams under httpx (httpcore's) are wrapped so that every connect, read and write is
given at most the time left before the deadline, and fails once it has passed,
whatever stage the exchange is in. Redirects open new connections through the same
wrapped backend, so they share the deadline.
"""

from __future__ import annotations

import time
from typing import Any


class DeadlinePassed(Exception):
    """The exchange's deadline passed (translated into a FetchError by the caller)."""


def _left(deadline: float, timeout: float | None) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlinePassed
    return left if timeout is None else min(timeout, left)


def _backend_class(deadline: float) -> Any:
    """A network backend class whose streams all end by ``deadline``."""
    import httpcore

    class Stream(httpcore.NetworkStream):
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            data: bytes = self._inner.read(max_bytes, _left(deadline, timeout))
            return data

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._inner.write(buffer, _left(deadline, timeout))

        def close(self) -> None:
            self._inner.close()

        def start_tls(
            self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
        ) -> Any:
            inner = self._inner.start_tls(ssl_context, server_hostname, _left(deadline, timeout))
            return Stream(inner)

        def get_extra_info(self, info: str) -> Any:
            return self._inner.get_extra_info(info)

    class Backend(httpcore.NetworkBackend):
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Any = None,
        ) -> Any:
            return Stream(
                self._inner.connect_tcp(
                    host, port, _left(deadline, timeout), local_address, socket_options
                )
            )

        def connect_unix_socket(
            self, path: str, timeout: float | None = None, socket_options: Any = None
        ) -> Any:
            return Stream(
                self._inner.connect_unix_socket(path, _left(deadline, timeout), socket_options)
            )

        def sleep(self, seconds: float) -> None:
            self._inner.sleep(min(seconds, _left(deadline, None)))

    return Backend


def bind_deadline(client: Any, deadline: float) -> None:
    """Make every connection ``client`` opens (directly or through a proxy from the
    environment) end by ``deadline`` (``time.monotonic()``)."""
    backend = _backend_class(deadline)
    transports = [client._transport, *client._mounts.values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        if pool is not None and hasattr(pool, "_network_backend"):
            pool._network_backend = backend(pool._network_backend)
