"""Safe local storage for veilig: drafts, finished meldingen and an audit trail."""

from veilig_tui.store.archive import build_record
from veilig_tui.store.atomic import AtomicJSONStorage
from veilig_tui.store.clock import Clock, FixedClock, local_now
from veilig_tui.store.drafts import new_draft_id
from veilig_tui.store.errors import (
    StoreBusyError,
    StoreError,
    StoreLocationError,
    StorePermissionError,
    StoreUnreadableError,
    StoreWriteError,
    UnknownReferenceError,
)
from veilig_tui.store.locking import DEFAULT_LOCK_TIMEOUT
from veilig_tui.store.models import (
    Addition,
    AuditEvent,
    BrokenCopy,
    CleanupReport,
    Draft,
    DraftSummary,
    Melding,
    MeldingSummary,
    Progress,
    StartupReport,
    Typing,
)
from veilig_tui.store.paths import DATA_ENV, data_dir
from veilig_tui.store.references import new_reference
from veilig_tui.store.store import Store

__all__ = [
    "DATA_ENV",
    "DEFAULT_LOCK_TIMEOUT",
    "Addition",
    "AtomicJSONStorage",
    "AuditEvent",
    "BrokenCopy",
    "CleanupReport",
    "Clock",
    "Draft",
    "FixedClock",
    "DraftSummary",
    "Melding",
    "MeldingSummary",
    "Progress",
    "StartupReport",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreLocationError",
    "StorePermissionError",
    "StoreUnreadableError",
    "StoreWriteError",
    "Typing",
    "UnknownReferenceError",
    "build_record",
    "data_dir",
    "local_now",
    "new_draft_id",
    "new_reference",
]
