"""``tidings serve``: a local, read-only web dashboard over an event store.

    from tidings.web import create_app, serve
    app = create_app("events.duckdb")        # a FastAPI app: mount it, test it, or run it
    serve("events.duckdb", port=8765)        # what `tidings serve --db events.duckdb` does

Needs the ``web`` extra (``pip install "tidings[web]"``: FastAPI, uvicorn, Jinja2).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tidings.web.app import create_app

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "serve"]

#: Only this machine can reach the dashboard unless the user says otherwise: the store may be private.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def serve(db: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, log_level: str = "warning") -> None:
    """Run the dashboard over the store at ``db`` until interrupted (a bad store fails before listening)."""
    import uvicorn

    app = create_app(db)
    print(f"tidings: serving {db} at http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    if host not in LOCAL_HOSTS:
        print(f"tidings: warning: the dashboard has no login; anyone who reaches {host}:{port} can read this store",
              file=sys.stderr, flush=True)  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level=log_level)
