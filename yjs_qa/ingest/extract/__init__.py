"""Structured data read from passages: ratings and recommendations."""
