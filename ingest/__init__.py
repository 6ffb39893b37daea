"""Sources -> Paper -> chunks -> store. Imports `rag`, never `bot`."""
