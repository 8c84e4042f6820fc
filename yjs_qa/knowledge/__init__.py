"""What the library knows before it reads a report: the inspection framework, the rating
scale, services, word lists."""
