"""Wire helpers every product shares: JSON encoding, the rendering context, DRF field semantics and its
validation errors, integers and tokens.
"""
