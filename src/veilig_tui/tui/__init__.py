"""The terminal app (Textual): thin screens over the dialogue core."""
