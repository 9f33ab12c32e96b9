"""Playwright + system Chromium: launch, identity, session check, selectors."""
