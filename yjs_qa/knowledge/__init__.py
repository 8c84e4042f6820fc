"""What the library knows before it reads a report: the inspection framework, services, word lists."""
