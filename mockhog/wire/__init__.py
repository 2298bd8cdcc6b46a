"""Wire helpers every product shares: JSON encoding, DRF field semantics and its validation errors,
integers read as Django reads them, and tokens. Nothing here imports a product area.
"""
