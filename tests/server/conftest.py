"""Server-project tests share one throwaway PostgreSQL cluster; each gets a database."""

from tests.pgserver import pg_cluster, pg_url

__all__ = ["pg_cluster", "pg_url"]
