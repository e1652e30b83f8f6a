"""Django's PostgreSQL backend, with a connection health check that needs no round
trip and psycopg's compiled loader for timestamps (base.py)."""
