"""The metadata keys of a text file's header block, and the fields they fill."""

_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "publication date": "published",
    "author": "author",
    "authors": "author",
    "by": "author",
    "byline": "author",
    "source": "outlet",
    "outlet": "outlet",
    "publication": "outlet",
    "publisher": "outlet",
    "url": "url",
    "link": "url",
    "language": "language",
    "lang": "language",
}
