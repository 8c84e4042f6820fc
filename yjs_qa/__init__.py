"""yjs-qa: answer questions about youth justice inspection reports, with cited passages."""
