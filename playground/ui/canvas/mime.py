"""The drag-and-drop payload of palette items: one custom MIME type, a short text."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData

MIME_TYPE = "application/x-playground-item"

#: What the palette can drag: a hidden layer, a neuron, or an activation by name.
KINDS = ("layer", "neuron", "activation")


def make_mime(kind: str, value: str = "") -> QMimeData:
    """The QMimeData a palette item carries: ``kind`` or ``kind:value`` in UTF-8."""
    if kind not in KINDS:
        raise ValueError(f"unknown palette item {kind!r}")
    mime = QMimeData()
    payload = f"{kind}:{value}" if value else kind
    mime.setData(MIME_TYPE, QByteArray(payload.encode("utf-8")))
    return mime


def read_mime(mime: QMimeData | None) -> tuple[str, str] | None:
    """``(kind, value)`` of a palette payload, or None for anything else (files, text...)."""
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    text = bytes(mime.data(MIME_TYPE).data()).decode("utf-8", errors="replace")
    kind, _, value = text.partition(":")
    return (kind, value) if kind in KINDS else None
