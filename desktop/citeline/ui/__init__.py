"""The Qt app: main window, timeline view, source reader, inspector, undo."""
