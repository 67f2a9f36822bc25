"""Turning a database refusal into StoreUnavailable with a short, safe reason (no SQL, no values)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kiosk.store.errors import StoreUnavailable


def driver_reason(exc: SQLAlchemyError) -> str:
    """The driver's own first line only: SQLAlchemy's text would append the SQL parameters."""
    orig = getattr(exc, "orig", None)
    text = str(orig) if orig is not None else exc.__class__.__name__
    return text.strip().splitlines()[0] if text.strip() else exc.__class__.__name__


@contextmanager
def database(doing: str) -> Iterator[None]:
    """Raise StoreUnavailable("<doing> failed: …") for any database error but a constraint's."""
    try:
        yield
    except IntegrityError:
        raise
    except SQLAlchemyError as exc:
        raise StoreUnavailable(f"{doing} failed: the database refused ({driver_reason(exc)})") from None
