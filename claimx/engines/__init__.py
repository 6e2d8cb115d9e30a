"""Running the extraction: the single-process `Extractor`, the process pool, and Dask."""
