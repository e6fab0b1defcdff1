"""`warledger serve`: the web UI and JSON API over the ledger (FastAPI)."""

from warledger.web.app import create_app

__all__ = ["create_app"]
