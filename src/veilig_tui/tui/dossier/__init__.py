"""`veilig dossier`: the holder's dossiers on screen (a thin layer over veilig_tui.dossier)."""
