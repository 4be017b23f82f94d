"""interview-coach: a privacy-first mock-interview coach that works offline."""

__version__ = "0.1.0"
