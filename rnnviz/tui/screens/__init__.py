"""Modal screens: help, and the input dialogs (a new sentence, a sentence file)."""
