"""Table definitions: queue metadata in clear columns, everything identifying in ``payload``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Uuid,
)
from sqlalchemy.types import TypeDecorator

UTC = dt.timezone.utc
GENESIS_HASH = "0" * 64


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend (SQLite has no time zones, so store naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

submissions = Table(
    "submissions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("kiosk_id", String(128), nullable=False),
    # reviewed, printed, exported: separate facts, each who (the audit actor) and when (UTC);
    # a step is done when its ``_by`` is set (a status carried over at 0007 may lack ``_at``)
    Column("reviewed_by", String(128), nullable=True),
    Column("reviewed_at", UTCDateTime, nullable=True),
    Column("printed_by", String(128), nullable=True),
    Column("printed_at", UTCDateTime, nullable=True),
    Column("exported_by", String(128), nullable=True),
    Column("exported_at", UTCDateTime, nullable=True),
    Column("severity", String(16), nullable=True),
    Column("severity_rank", SmallInteger, nullable=False),
    Column("blind_index", String(64), nullable=False, index=True),
    # keyed hash of the clinic's MRN (KeyStore.mrn_index) when the visit has one; the MRN
    # itself is inside the encrypted payload with the rest of the patient
    Column("mrn_index", String(64), nullable=True, index=True),
    Column("key_id", String(32), nullable=False, index=True),
    Column("payload", LargeBinary, nullable=False),
    # when the row reached the database: later than created_at for a visit delivered from the spool
    Column("stored_at", UTCDateTime, nullable=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(64), nullable=False),
    Column("submission_id", Uuid, nullable=True, index=True),
    Column("detail", String(500), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # The fingerprint of the key whose audit MAC key signed the row; NULL for rows written
    # before revision 0003, which keep their plain SHA-256 chain hash.
    Column("key_id", String(32), nullable=True),
)

# One row: the last audit entry's id and hash, so deleting the newest entries is detected too.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last_id", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

# The fingerprints of the keys the store's rows use ("data") and of the staff PIN pepper
# ("pepper"): a process that lacks the current one refuses to write or sign anyone in.
# A retired data key keeps only its audit MAC key, wrapped under a live key.
store_keys = Table(
    "store_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("is_current", Boolean, nullable=False, default=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("retired_at", UTCDateTime, nullable=True),
    Column("audit_key", LargeBinary, nullable=True),
    Column("wrapped_by", String(32), nullable=True),
)

staff_accounts = Table(
    "staff_accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(8), nullable=False),
    Column("pin_hash", String(255), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_count", Integer, nullable=False, default=0),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("lock_count", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False),
)

# One row per kiosk, replaced every 15 s: what the desk's fleet strip shows (no patient data).
heartbeats = Table(
    "heartbeats",
    metadata,
    Column("kiosk_id", String(128), primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("app_version", String(32), nullable=False),
    Column("spool_depth", Integer, nullable=False),
    Column("print_queue_depth", Integer, nullable=False),
    Column("printer_state", String(16), nullable=False),
    Column("last_submit_at", UTCDateTime, nullable=True),
    Column("screen", String(16), nullable=False),
    Column("problems", String(500), nullable=False),
)

# A critical flag nobody marked reviewed in time: who was told, and who acknowledged it.
escalations = Table(
    "escalations",
    metadata,
    Column("submission_id", Uuid, primary_key=True),
    Column("first_at", UTCDateTime, nullable=False),
    Column("last_attempt_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("delivered", String(64), nullable=False),  # channels that took it: "email,webhook"
    Column("acknowledged_at", UTCDateTime, nullable=True),
    Column("acknowledged_by", String(100), nullable=True),
)

# Each distinct form definition once, under the sha256 of its canonical JSON (kiosk.forms.
# canonical). Plain, like the other non-PHI tables: it is the clinic's published wording, the
# same for every patient; integrity comes from the key (checked on every read) and from the
# visit's own copy of the hash inside its authenticated, encrypted payload.
form_definitions = Table(
    "form_definitions",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("form_id", String(64), nullable=False, index=True),
    Column("version", String(64), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("reconstructed", Boolean, nullable=False, default=False),
)

# Failed sign-ins per place they come from (a kiosk, a desk PC, the command line), so one
# place cannot lock out every account in turn. Keyed by the service's ``source`` text.
signin_sources = Table(
    "signin_sources",
    metadata,
    Column("source", String(128), primary_key=True),
    Column("failed_count", Integer, nullable=False, default=0),
    Column("lock_count", Integer, nullable=False, default=0),
    Column("locked_until", UTCDateTime, nullable=True),
)

# Two visits staff declared to be the same patient (a name typed two ways): their histories
# become one. Visit ids, not blind indexes, so a link survives a key rotation. No PHI.
# Stored once per pair, the smaller id in visit_a.
history_links = Table(
    "history_links",
    metadata,
    Column("visit_a", Uuid, primary_key=True),
    Column("visit_b", Uuid, primary_key=True, index=True),
    Column("linked_at", UTCDateTime, nullable=False),
    Column("linked_by", String(128), nullable=False),
)

# The anonymous trail of kiosk sessions (kiosk.care.trail): one row per finished session,
# keyed by a random id and dated by the clinic's local day only (no time, no kiosk, no
# submission id), so no row can be matched to a stored visit. No patient data, no answers.
session_trail = Table(
    "session_trail",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("day", Date, nullable=False, index=True),
    Column("language", String(8), nullable=True),
    Column("outcome", String(16), nullable=False),  # submitted, timeout, start_over, back
    Column("last_screen", String(160), nullable=False),
    Column("seconds", Integer, nullable=False),
    # the kiosk a session is under way on, only while it is ``open`` (cleared when it ends), so
    # a kiosk starting again marks its own left-open rows ``interrupted`` and no one else's
    Column("open_on", String(64), nullable=True),
)

# Seconds spent per screen, summed per local day: kept apart from the sessions so the path
# one patient took (which skip logic, and so answers, decide) is never stored.
screen_time = Table(
    "screen_time",
    metadata,
    Column("day", Date, primary_key=True),
    Column("screen", String(160), primary_key=True),
    Column("views", Integer, nullable=False),
    Column("seconds", Integer, nullable=False),
)
