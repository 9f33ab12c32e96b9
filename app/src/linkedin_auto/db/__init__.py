"""SQLite storage: connection, migrations, repositories."""

from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.db.migrate import SchemaTooNew, migrate

__all__ = ["Database", "SchemaTooNew", "migrate", "open_database"]
