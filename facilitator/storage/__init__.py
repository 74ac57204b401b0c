"""The vault on disk: SQLCipher through SQLAlchemy, the key envelope, the commit record,
backups, migrations and the repositories.  All SQL of the app is here; nothing here
imports Qt, the services or the exports (docs/architecture.md, "Layers")."""
