"""W3C Web Annotations: every cited passage as a JSON-LD annotation of its source.

The export is one ``AnnotationCollection`` whose first page holds the annotations. Each
targets its source, by the source's web address when it has a plain http(s) one and
otherwise by ``urn:citeline:source:<sha256 of its text>``, with the two selectors
Citeline anchors passages by: a ``TextQuoteSelector`` (exact, prefix, suffix) and a
``TextPositionSelector`` (start, end in the normalized text). The body links the
passage to the event or quote citing it: a ``describing`` text body with its id and
title (a quote's words and speaker), plus a ``tagging`` body per tag and, for
evidence, a ``classifying`` body with its stance (supports, contradicts, mentions).
"""

from __future__ import annotations

import json
from typing import Any

from citeline.core.io.selection import Citation, Item, Selection, gather
from citeline.core.io.text import safe_url
from citeline.core.pages import page_of

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def target(c: Citation) -> dict[str, Any]:
    """The annotation target of a citation: its source and both selectors."""
    p = c.passage
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": p.exact, "prefix": p.prefix, "suffix": p.suffix},
        {"type": "TextPositionSelector", "start": p.start, "end": p.end},
    ]
    page = page_of(c.source, p.start)
    if page is not None:  # a PDF's page, as a PDF fragment identifier (RFC 3778)
        selectors.append(
            {
                "type": "FragmentSelector",
                "conformsTo": "http://tools.ietf.org/rfc/rfc3778",
                "value": f"page={page}",
            }
        )
    return {
        "source": safe_url(c.source.url) or f"urn:citeline:source:{c.source.sha256}",
        "selector": selectors,
    }


def annotation(item: Item, c: Citation) -> dict[str, Any]:
    """The annotation saying that ``item`` cites the passage of ``c``."""
    if item.kind == "quote":
        value = f"\u201c{item.title}\u201d \u2014 {item.speaker or 'unknown speaker'}"
    else:
        value = item.title
    body: list[dict[str, Any]] = [
        {
            "id": f"urn:citeline:{item.kind}:{item.id}",
            "type": "TextualBody",
            "value": value,
            "format": "text/plain",
            "purpose": "describing",
        }
    ]
    body += [
        {"type": "TextualBody", "value": tag, "format": "text/plain", "purpose": "tagging"}
        for tag in item.tags
    ]
    out: dict[str, Any] = {
        "id": f"urn:citeline:{item.kind}:{item.id}:passage:{c.passage.id}",
        "type": "Annotation",
        "motivation": "describing",
        "body": body,
        "target": target(c),
    }
    if c.stance:
        # How the passage bears on the event: it supports, contradicts or only mentions it.
        body.append(
            {
                "type": "TextualBody",
                "value": c.stance,
                "format": "text/plain",
                "purpose": "classifying",
            }
        )
    return out


def export_annotations(selection: Selection) -> str:
    """The selection's cited passages as a W3C Web Annotation collection (JSON-LD)."""
    chronology = gather(selection)
    annotations = [annotation(item, c) for item in chronology.items for c in item.citations]
    document = {
        "@context": CONTEXT,
        "id": "urn:citeline:annotations",
        "type": "AnnotationCollection",
        "label": chronology.title,
        "total": len(annotations),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": annotations},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
