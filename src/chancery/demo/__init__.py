"""Demo data for `./scripts/demo`: the top layer, allowed to use every app and used by none."""
