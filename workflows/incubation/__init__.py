"""Officers' pages of incubation (孵化) bases."""
