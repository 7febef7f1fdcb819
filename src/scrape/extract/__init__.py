"""Extraction: site rules (data), the generic extractor, metadata cascade, fallback."""

from scrape.extract.article import extract_article

__all__ = ["extract_article"]
