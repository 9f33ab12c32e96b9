"""What a running job sees: its run, the settings, the database, the clock."""
