"""Server projects: a project in a PostgreSQL database, shared by a desk.

- :mod:`.address` — libpq addresses, and how they are shown (never with a password);
- :mod:`.sql` — the core modules' SQL as PostgreSQL runs it;
- :mod:`.connection` — the ``store.db`` the core modules use, over psycopg;
- :mod:`.schema` — the project's tables on the server, made from the file schema;
- :mod:`.store` — :class:`~.store.ServerStore`, the Store on a server;
- :mod:`.roles` — read, edit and admin rights as PostgreSQL roles;
- :mod:`.copy` — a whole project between a file and a server.
"""
