"""Authentication, secrets and the encrypted LinkedIn session vault."""
