"""The engine's health as the worker sees it, and why a child process went quiet.

The worker emits an :class:`EngineStatus` whenever the health changes: the
engine answers (``ok``), has not answered within the watchdog's deadline
(``not_responding``), or died / failed (``stopped``). The window shows the text
of the last two with a "Restart engine" button and clears it when ``ok``
comes back. Qt-free: :func:`stall_cause` only reads ``/proc`` and the cgroup
files (Linux); elsewhere it says nothing about the cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

OK = "ok"
NOT_RESPONDING = "not_responding"
STOPPED = "stopped"


@dataclass(frozen=True)
class EngineStatus:
    """One change of the engine's health.

    Attributes
    ----------
    state : {"ok", "not_responding", "stopped"}
    text : str
        For the user ("" when ``ok``).
    """

    state: str
    text: str = ""


def stall_cause(pid: int | None, proc: Path = Path("/proc"), cgroup_root: Path = Path("/sys/fs/cgroup")) -> str:
    """Why process ``pid`` might not answer, as far as the OS tells; "" when it does not say.

    ``/proc/PID/stat``'s state ``T`` is a job-control stop (SIGSTOP, SIGTSTP,
    Ctrl+Z), ``t`` a debugger's stop, ``D`` an uninterruptible kernel wait;
    a cgroup v2 freezer (``cgroup.events: frozen 1``) is a pause by the system
    (a container or session manager).
    """
    if pid is None:
        return ""
    try:
        stat = (proc / str(pid) / "stat").read_text()
        # The command name is in parentheses and may hold spaces: the state follows the last ")".
        state = stat[stat.rindex(")") + 2]
    except (OSError, ValueError, IndexError):
        return ""
    if state == "T":
        return "it is stopped by a signal (SIGSTOP or Ctrl+Z)"
    if state == "t":
        return "it is stopped by a debugger"
    if _frozen(pid, proc, cgroup_root):
        return "its process group was frozen by the system (cgroup freezer)"
    if state == "D":
        return "it is waiting on the kernel (uninterruptible sleep: disk, swap or a paused device)"
    return ""


def _frozen(pid: int, proc: Path, cgroup_root: Path) -> bool:
    try:
        for line in (proc / str(pid) / "cgroup").read_text().splitlines():
            if line.startswith("0::"):
                events = (cgroup_root / line[3:].lstrip("/") / "cgroup.events").read_text()
                return "frozen 1" in events
    except OSError:
        pass
    return False


def not_responding_text(pid: int | None, waited_s: float, epoch: int | None) -> str:
    """The watchdog's message: how long, why (if the OS says), and what the restart keeps."""
    cause = stall_cause(pid) or "it may be paused by the system or stuck"
    who = "The training engine" + (f" (process {pid})" if pid is not None else "")
    where = f" at epoch {epoch:,}" if epoch is not None else ""
    return (f"{who} has not answered for {waited_s:.0f} s: {cause}. Training is stuck{where}. "
            "Restart the engine to continue from the newest weights.")
