"""Bảng vàng: the engine that turns honor-roll content files into a site."""

__version__ = "0.1.0"
