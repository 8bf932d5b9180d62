"""One module per ``citeline`` subcommand; each defines a click command named ``command``."""
