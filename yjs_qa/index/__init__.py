"""The index folder: embedding models, versions on disk, dense and keyword search, safe updates."""
