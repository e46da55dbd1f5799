"""The safe subset of HTML a lesson step may use (rendered by QTextBrowser in the app).

Only formatting tags are allowed, no scripts, styles, links or forms, and
images only from the app's own ``resources/`` folder by a relative path, so a
lesson file shared by a teacher cannot fetch anything or run anything.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import PurePosixPath

from playground.lessons.errors import LessonError

#: tag -> attributes it may carry.
ALLOWED_TAGS: dict[str, tuple[str, ...]] = {
    **{t: () for t in ("p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "code", "pre", "ul", "ol",
                       "li", "h3", "h4", "blockquote", "hr", "table", "tr", "td", "th")},
    "img": ("src", "alt", "width", "height"),
}
_VOID = {"br", "hr", "img"}


class _Checker(HTMLParser):
    def __init__(self, field: str) -> None:
        super().__init__(convert_charrefs=True)
        self.field = field
        self.images: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            raise LessonError(f"{self.field}: <{tag}> is not allowed; use {', '.join(ALLOWED_TAGS)}")
        for name, value in attrs:
            if name not in ALLOWED_TAGS[tag]:
                raise LessonError(f"{self.field}: <{tag}> may not have the attribute {name!r}")
            if name in ("width", "height") and not (value or "").isdigit():
                raise LessonError(f"{self.field}: <img {name}> must be a whole number of pixels, got {value!r}")
        if tag == "img":
            src = dict(attrs).get("src")
            self.images.append(check_image_path(src, self.field))
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if not self.open or self.open[-1] != tag:
            expected = f"</{self.open[-1]}>" if self.open else "no closing tag"
            raise LessonError(f"{self.field}: </{tag}> does not match (expected {expected})")
        self.open.pop()

    def handle_comment(self, data):
        raise LessonError(f"{self.field}: comments are not allowed in lesson text")

    def handle_decl(self, decl):
        raise LessonError(f"{self.field}: declarations are not allowed in lesson text")

    def handle_pi(self, data):
        raise LessonError(f"{self.field}: processing instructions are not allowed in lesson text")


def check_image_path(src, field: str) -> str:
    """A relative path below ``resources/`` to a shipped image, or LessonError."""
    from playground.assets import resource_path

    if not isinstance(src, str) or not src:
        raise LessonError(f"{field}: <img> needs a src")
    path = PurePosixPath(src)
    if path.is_absolute() or ":" in src or "\\" in src or ".." in path.parts:
        raise LessonError(f"{field}: image {src!r} must be a relative path inside resources/ "
                          "(e.g. lessons/images/neuron.png)")
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
        raise LessonError(f"{field}: image {src!r} must be a .png, .jpg or .svg file")
    try:
        resource_path(*path.parts)
    except FileNotFoundError:
        raise LessonError(f"{field}: image {src!r} is not in resources/") from None
    return src


def check_rich_text(text, field: str) -> list[str]:
    """Check a step's text against the allowed subset.

    Parameters
    ----------
    text : str
    field : str
        Where it is written, for messages (``steps[0].text``).

    Returns
    -------
    list of str
        The image paths it uses (relative to ``resources/``).

    Raises
    ------
    LessonError
        Naming ``field`` and the first offending tag, attribute or image.
    """
    if not isinstance(text, str) or not text.strip():
        raise LessonError(f"{field} must be non-empty text")
    checker = _Checker(field)
    checker.feed(text)
    checker.close()
    if checker.open:
        raise LessonError(f"{field}: <{checker.open[-1]}> is never closed")
    return checker.images
