"""Search over notes, news, briefings and directives; each app registers its kinds (engine.py)."""
