"""Reading TimelineJS3 JSON files as people write them, as one all-or-nothing edit.

What is accepted: years as numbers or strings ("2020", 2020, -500, 100000), dates down
to milliseconds, ``display_date``, eras, groups (which become lanes), and HTML in any
text field. HTML is stored as plain text with its tags stripped and script or style
content dropped; a slide's media is kept as a link written into the event's description
and is never fetched. Milliseconds are finer than Citeline's dates: the time is kept to
the second and the full time is recorded in the event's date provenance.

Each event's date becomes EDTF with the precision written: ``{"year": 2021, "month": 3}``
is March 2021, not 1 March. A ``display_date`` that says "c." or "about" makes the date
approximate, one ending in "?" makes it uncertain.
"""

from __future__ import annotations

import re
from typing import Any

from citeline.core import catalog, errors
from citeline.core.calendar import days_in_month
from citeline.core.edits import Edit
from citeline.core.edtf import DateValue, parse_edtf
from citeline.core.io.building import ItemBuilder
from citeline.core.io.jsonread import Invalid, at, field, kind_of, records
from citeline.core.io.text import count, html_to_text, safe_url
from citeline.core.store import Store

_UNITS = ("year", "month", "day", "hour", "minute", "second", "millisecond")
_LIMITS = {"hour": 23, "minute": 59, "second": 59, "millisecond": 999}
_APPROXIMATE = re.compile(r"^\s*(?:c\.|ca\.|circa\b|about\b|around\b|approx)|~", re.IGNORECASE)
_UNTITLED = "Untitled event"


def _number(value: Any, path: str, unit: str) -> int | None:
    """A date field as an int; None when absent or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise Invalid(f"{path}: {value!r} is not a {unit}")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+\s*", value):
        return int(value)
    shown = f'"{value}"' if isinstance(value, str) else kind_of(value)
    raise Invalid(f"{path}: {shown} is not a {unit}")


def _year_text(year: int) -> str:
    if -9999 <= year <= 9999:
        return f"-{-year:04d}" if year < 0 else f"{year:04d}"
    return f"Y{year}"


def parse_date_object(obj: Any, path: str) -> tuple[str, int | None]:
    """The EDTF text of a TimelineJS3 date object and its milliseconds (if any)."""
    if not isinstance(obj, dict):
        raise Invalid(f"{path}: expected a date object with a year, found {kind_of(obj)}")
    v = {u: _number(obj.get(u), at(path, u), u) for u in _UNITS}
    year = v["year"]
    if year is None:
        raise Invalid(f"{at(path, 'year')}: missing")
    text = _year_text(year)
    month, day = v["month"], v["day"]
    if month is not None:
        if not 1 <= month <= 12:
            raise Invalid(f"{at(path, 'month')}: {month} is not a month")
        if not -9999 <= year <= 9999:
            raise Invalid(f"{at(path, 'month')}: a month can only be given for years -9999 to 9999")
        text += f"-{month:02d}"
    if day is not None:
        if month is None:
            raise Invalid(f"{at(path, 'day')}: a day needs a month")
        if not 1 <= day <= days_in_month(year, month):
            raise Invalid(f"{at(path, 'day')}: {day} is not a day of {text}")
        text += f"-{day:02d}"
    for unit, limit in _LIMITS.items():
        if v[unit] is not None and not 0 <= v[unit] <= limit:  # type: ignore[operator]
            raise Invalid(f"{at(path, unit)}: {v[unit]} is not a valid {unit}")
    finer = [u for u in _UNITS[3:] if v[u] is not None]
    if finer:
        if day is None:
            raise Invalid(f"{at(path, finer[0])}: a time needs a day")
        if v["hour"] is None:
            raise Invalid(f"{at(path, finer[0])}: a time needs an hour")
        # "hour": 14 alone is read as 14:00, the coarsest time EDTF can write.
        text += f"T{v['hour']:02d}:{v['minute'] or 0:02d}"
        if v["second"] is not None or v["millisecond"] is not None:
            text += f":{v['second'] or 0:02d}"
    return text, v["millisecond"]


def _qualify(edtf: str, display: str | None) -> str:
    if not display or "T" in edtf:
        return edtf
    approximate = bool(_APPROXIMATE.search(display))
    uncertain = display.rstrip().endswith("?")
    if approximate and uncertain:
        return edtf + "%"
    return edtf + ("~" if approximate else "?" if uncertain else "")


def slide_date(slide: dict[str, Any], path: str) -> tuple[DateValue, dict[str, Any] | None]:
    """A slide's date and, when the file said more than EDTF keeps, its provenance."""
    display = field(slide, "display_date", path, str)
    start, ms = parse_date_object(slide.get("start_date"), at(path, "start_date"))
    start = _qualify(start, display)
    text = start
    if slide.get("end_date") not in (None, {}, ""):
        end, end_ms = parse_date_object(slide["end_date"], at(path, "end_date"))
        ms = ms if ms is not None else end_ms
        text = f"{start}/{_qualify(end, display)}"
    try:
        value = parse_edtf(text)
    except errors.DateError as exc:
        where = at(path, "end_date" if "/" in text else "start_date")
        reason = str(exc).partition(": ")[2] or str(exc)
        raise Invalid(f"{where}: {reason}") from None
    provenance: dict[str, Any] = {}
    if display:
        provenance["expression"] = html_to_text(display)
    if ms is not None:
        provenance["milliseconds"] = ms
        provenance["anchor"] = "the file gave the time to the millisecond; kept to the second"
    return value, provenance or None


def _text(slide: dict[str, Any], path: str) -> tuple[str, str]:
    text = field(slide, "text", path, dict, default={})
    where = at(path, "text")
    headline = html_to_text(field(text, "headline", where, str, default=""))
    body = html_to_text(field(text, "text", where, str, default=""))
    return headline, body


def _media(slide: dict[str, Any], path: str) -> str | None:
    """The media of a slide as plain text: the link (never fetched), caption and credit."""
    media = field(slide, "media", path, dict)
    if not media:
        return None
    where = at(path, "media")
    url = field(media, "url", where, str, default="").strip()
    caption = html_to_text(field(media, "caption", where, str, default=""))
    credit = html_to_text(field(media, "credit", where, str, default=""))
    if url.lower().startswith("<blockquote"):
        line = f"\u201c{html_to_text(url)}\u201d"
    elif url:
        line = f"Media: {url}" if safe_url(url) else f"Media (not a web link): {url}"
    else:
        line = "Media:"
    extra = " \u2014 ".join(p for p in (caption, credit) if p)
    return f"{line} \u2014 {extra}" if extra else line


def read_timelinejs(store: Store, data: dict[str, Any], name: str) -> tuple[Edit, str]:
    """The edit adding a parsed TimelineJS3 document's slides and eras, and its summary."""
    try:
        return _read(store, data, name)
    except Invalid as exc:
        raise errors.ImportFailedError(f"{name}: {exc}") from None


def _read(store: Store, data: dict[str, Any], name: str) -> tuple[Edit, str]:
    build = ItemBuilder(store)
    media_count = 0
    events = records(data, "events")
    if not events and not data.get("eras"):
        raise Invalid("events: the file has no events")
    for path, slide in events:
        value, provenance = slide_date(slide, path)
        headline, body = _text(slide, path)
        media = _media(slide, path)
        media_count += media is not None
        title = " ".join(headline.split()) or " ".join(body.split())[:80] or _UNTITLED
        group = " ".join(html_to_text(field(slide, "group", path, str, default="")).split())
        build.event(
            title=title,
            date=value,
            description="\n\n".join(p for p in (body, media) if p),
            lane=group or None,
            provenance=provenance,
        )
    eras = records(data, "eras")
    for path, era in eras:
        if "end_date" not in era:
            raise Invalid(f"{at(path, 'end_date')}: missing (an era needs an end)")
        value, _ = slide_date(era, path)
        headline, body = _text(era, path)
        build.era(" ".join((headline or body or "Era").split()), value)
    summary = f"TimelineJS3: {count(len(events), 'event')}, {count(len(eras), 'era')}"
    if build.created["lanes"]:
        summary += f", {count(build.created['lanes'], 'new lane')}"
    if media_count:
        summary += (
            f"; {count(media_count, 'media link')} kept as text in descriptions (not fetched)"
        )
    title_slide = field(data, "title", "", dict)
    if title_slide and store.project_info().get("title") == "Untitled project":
        headline, body = _text(title_slide, "title")
        info = {"title": " ".join(headline.split())} if headline.strip() else {}
        if body:
            info["description"] = body
        if info:
            build.changes.extend(catalog.set_project_info(store, **info).changes)
            summary += "; project title set from the title slide"
    return build.edit(f"Import {name}"), summary
