"""The model: frozen attrs classes for campaigns, programs, letters, cycles (the nouns)."""
