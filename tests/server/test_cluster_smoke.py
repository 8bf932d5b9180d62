import psycopg


def test_each_test_gets_an_empty_database(pg_url):
    with psycopg.connect(pg_url) as conn:
        n = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    assert n == 0
