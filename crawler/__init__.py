"""nianbao: a polite crawler and archiver for government open-information annual reports."""

__version__ = "0.1.0"
