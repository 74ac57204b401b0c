"""The vault on disk: the SQLCipher engine, the schema, repositories, backups.  The only
layer that speaks SQL (docs/architecture.md, "Layers")."""
