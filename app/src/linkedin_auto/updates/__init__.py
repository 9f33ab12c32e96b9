"""Updates: signed release bundles, their verification, and the hand-over to the root updater."""
