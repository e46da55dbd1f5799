"""Reading and writing user-named files safely: regular files only, capped reads, atomic writes.

Used by the data layer (CSV files), the spec layer (experiment files) and the
CLI (``--out``, ``-o``). NumPy- and Qt-free.

Reading
    :func:`read_capped` refuses anything that is not a regular file once
    symbolic links are followed (a device such as ``/dev/zero``, a FIFO, a
    socket, a folder) *before* opening it, opens without blocking (so a FIFO
    swapped in between cannot hang), and stops reading one byte past the cap
    even when the size is unknown (``/proc`` files report 0 bytes).

Writing
    :func:`atomic_write_text` writes a temporary file ``.NAME.XXXXXXXX.tmp``
    next to the target, fsyncs it and renames it over the target, so a crash
    leaves either the old or the new file. Symbolic links are written
    *through*: the file the link points at is replaced and the link stays. A
    target that exists but is not a regular file (``/dev/full``, a FIFO) is
    refused. A new file gets the usual permissions (0666 less the umask); an
    existing file keeps its mode. Temporary files of a killed save (our name
    pattern, owned by us, older than :data:`STALE_TEMP_SECONDS`) are removed
    on the next save to that folder.

Every problem raises :class:`FileProblem` with a short reason for the user;
callers add the path and wrap it in their own error type.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path

#: A killed save's temporary file is removed by a later save once it is this old (a save takes seconds).
STALE_TEMP_SECONDS = 600
#: ``.NAME.XXXXXXXX.tmp``: our temporary files (8 characters as tempfile.mkstemp made them before, so
#: files left by older versions match too).
TEMP_PATTERN = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
#: What a temporary name adds to the target's name: ``.`` + ``.XXXXXXXX.tmp``.
_TEMP_EXTRA = 14
_CHUNK = 1 << 20


class FileProblem(Exception):
    """A file cannot be read or written; ``str(exc)`` is the reason, without the path."""


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def os_reason(exc: BaseException) -> str:
    """A short reason for an OSError or ValueError raised by a call on a path."""
    if isinstance(exc, ValueError):  # os functions raise ValueError for "embedded null byte"
        return "the path contains a NUL character"
    code = getattr(exc, "errno", None)
    reasons = {errno.ENOENT: "file not found", errno.ENAMETOOLONG: "the file name is too long",
               errno.ENOTDIR: "a part of the path is not a folder"}
    return reasons.get(code) or getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _stat(path, follow: bool = True) -> os.stat_result:
    try:
        return os.stat(path, follow_symlinks=follow)
    except (OSError, ValueError) as exc:
        raise FileProblem(os_reason(exc)) from None


def read_capped(path: str | os.PathLike, limit: int, what: str = "a file") -> bytearray:
    """All bytes of a regular file of at most ``limit`` bytes.

    Parameters
    ----------
    path : str or PathLike
    limit : int
        Largest size accepted, in bytes.
    what : str
        How the refusal names the file, with its article (``"a CSV file"``, ``"an experiment file"``).

    Returns
    -------
    bytearray
        The content (bytes-like: ``decode``, ``find``, ``count`` work as on bytes).

    Raises
    ------
    FileProblem
        Missing, not a regular file, unreadable, or larger than ``limit``.
    """
    kind = _kind(_stat(path).st_mode)
    if kind is not None:
        raise FileProblem(f"is {kind}, not {what}" if kind.startswith("a ") else f"is {kind}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        raise FileProblem(f"cannot read the file: {os_reason(exc)}") from None
    try:
        st = os.fstat(fd)
        kind = _kind(st.st_mode)  # swapped for something else between stat and open
        if kind is not None:
            raise FileProblem(f"is {kind}, not {what}")
        if st.st_size > limit:
            raise FileProblem(_too_large(st.st_size, limit, what))
        data = bytearray()
        while len(data) <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - len(data)))
            if not chunk:
                break
            data += chunk
        if len(data) > limit:  # the size said less: a file that grows, or a /proc file
            raise FileProblem(_too_large(None, limit, what))
        return data
    except OSError as exc:
        raise FileProblem(f"cannot read the file: {os_reason(exc)}") from None
    finally:
        os.close(fd)


def _too_large(size: int | None, limit: int, what: str) -> str:
    have = f"is {size / 2**20:,.0f} MB" if size is not None else "is larger than the limit"
    return f"{have}; {what} may have at most {limit / 2**20:,.0f} MB"


def write_target(path: str | os.PathLike) -> Path:
    """Check that ``path`` can be written, and return the file a write really replaces.

    Symbolic links are followed (written through). Called before long work (training)
    so that a bad output path is reported first.

    Raises
    ------
    FileProblem
        A folder, a device, FIFO or socket, a missing or read-only folder, a name too long.
    """
    try:
        real = Path(os.path.realpath(os.fspath(path)))
    except (OSError, ValueError) as exc:
        raise FileProblem(os_reason(exc)) from None
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except (OSError, ValueError) as exc:
        raise FileProblem(os_reason(exc)) from None
    if st is not None:
        kind = _kind(st.st_mode)
        if kind == "a directory":
            raise FileProblem("is a directory; give a file name")
        if kind is not None:
            raise FileProblem(f"is {kind}; only regular files are written")
    folder = real.parent
    try:
        fst = os.stat(folder)
    except (OSError, ValueError) as exc:
        raise FileProblem(f"cannot use the folder {folder}: {os_reason(exc)}") from None
    if not stat.S_ISDIR(fst.st_mode):
        raise FileProblem(f"{folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FileProblem(f"cannot write in the folder {folder}: permission denied")
    try:
        name_max = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        name_max = 255
    if len(os.fsencode(real.name)) + _TEMP_EXTRA > name_max:
        raise FileProblem(f"the file name is too long ({len(os.fsencode(real.name))} bytes; at most "
                          f"{name_max - _TEMP_EXTRA} here)")
    return real


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Replace ``path`` by a file holding ``text`` (UTF-8, newlines as given), atomically.

    See the module docstring for symbolic links, permissions and temporary files.

    Raises
    ------
    FileProblem
        If the target cannot be written; nothing is left behind then.
    """
    real = write_target(path)
    folder = real.parent
    remove_stale_temps(folder)
    try:
        mode = stat.S_IMODE(os.stat(real).st_mode)
    except OSError:
        mode = None  # a new file: the umask decides, as for any program
    data = text.encode("utf-8")
    tmp = folder / f".{real.name}.{secrets.token_hex(4)}.tmp"
    try:
        # 0o666: the kernel applies the umask (mkstemp's 0o600 would make every saved file private).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise FileProblem(f"cannot save: {os_reason(exc)}") from None
    done = False
    try:
        try:
            if mode is not None and hasattr(os, "fchmod"):  # POSIX; Windows has no modes to keep
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, real)
        done = True
    except OSError as exc:
        raise FileProblem(f"cannot save: {os_reason(exc)}") from None
    finally:
        if not done:  # also on KeyboardInterrupt: never leave a half-written temporary file
            try:
                os.unlink(tmp)
            except OSError:
                pass
    _fsync_dir(folder)


def remove_stale_temps(folder: Path, now: float | None = None) -> list[Path]:
    """Delete temporary files of killed saves in ``folder``; return what was deleted.

    Only names matching :data:`TEMP_PATTERN`, regular files (not links) owned by this
    user and older than :data:`STALE_TEMP_SECONDS`: a save in progress elsewhere is
    never touched.
    """
    now = time.time() if now is None else now
    removed = []
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not TEMP_PATTERN.match(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or (uid is not None and st.st_uid != uid):
                continue
            if now - st.st_mtime < STALE_TEMP_SECONDS:
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
