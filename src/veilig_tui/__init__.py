"""Veilig: a Dutch terminal app for acting on suspected abuse in the care relationship."""
