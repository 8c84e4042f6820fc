"""The yjs-qa command line."""

from yjs_qa.cli.app import app, main

__all__ = ["app", "main"]
