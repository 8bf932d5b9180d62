"""Errors a user can cause, with messages written for the user.

The command line prints ``str(error)`` as one line; the app shows it in a dialog or banner.
"""


class CitelineError(Exception):
    """Base class of every error that bad input or a bad file can cause."""


class ProjectError(CitelineError):
    """The project file cannot be opened or written."""


class NotAProjectError(ProjectError):
    """The file is not a Citeline project (another SQLite file, or not SQLite at all)."""


class NewerProjectError(ProjectError):
    """The file was written by a newer Citeline."""


class DamagedProjectError(ProjectError):
    """The file is a Citeline project but it is damaged."""


class ProjectLockedError(ProjectError):
    """Another program holds the project's lock."""


class ReadOnlyProjectError(ProjectError):
    """The project cannot be written (read-only file or folder)."""


class ConflictError(ProjectError):
    """A change no longer fits the project (another program changed it meanwhile)."""


class DiskFullError(ProjectError):
    """The disk is full; the last action was not saved."""


class DateError(CitelineError):
    """A date could not be understood."""


class ImportFailedError(CitelineError):
    """A file could not be imported; nothing of it was added."""


class ExportError(CitelineError):
    """An export could not be written."""


class NotFoundError(CitelineError):
    """An item asked for does not exist."""


class FetchError(ImportFailedError):
    """An address could not be fetched, or what it gave is not a source Citeline reads."""


class DuplicateSourceError(ImportFailedError):
    """The source's original is already in the project."""


class ServerGoneError(ProjectError):
    """The connection to a server project was lost."""
