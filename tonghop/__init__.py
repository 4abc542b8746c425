"""tonghop: turn unit review reports into a provincial synthesis."""

__version__ = "0.1.0"
