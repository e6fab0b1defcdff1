"""warledger: news reports about armed conflict in, a sourced event ledger out."""

__version__ = "0.1.0"
