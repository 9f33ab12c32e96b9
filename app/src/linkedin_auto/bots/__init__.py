"""The bots. Importing this package registers them as run types."""
