"""Elasticsearch store: templates, idempotent writes, optimistic concurrency and the spool."""

from ipwatch.store.cursor import Cursor
from ipwatch.store.store import Store, Versioned, WriteResult, doc_id, make_client
from ipwatch.store.templates import Indices

__all__ = ["Cursor", "Indices", "Store", "Versioned", "WriteResult", "doc_id", "make_client"]
