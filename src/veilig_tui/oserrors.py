"""Why the operating system refused, in Dutch (its own text is English)."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "de map bestaat niet",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EACCES: "je mag daar niet schrijven",
    errno.EPERM: "je mag daar niet schrijven",
    errno.EROFS: "daar mag niets worden opgeslagen (alleen lezen)",
    errno.ENOSPC: "de schijf is vol",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EISDIR: "er staat al een map met die naam",
}


def os_reason(error: OSError) -> str:
    """The reason of an OSError as a short Dutch phrase."""
    while error.errno is None and isinstance(error.__cause__, OSError):
        error = error.__cause__  # a Dutch wrapper around the real error
    return _REASONS.get(error.errno or 0, "de computer weigerde het")
