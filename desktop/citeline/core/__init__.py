"""The Qt-free core of Citeline: storage, dates, anchoring, import and export."""
