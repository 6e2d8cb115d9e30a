"""What comes in: paths, folders, stdin, JSON Lines, decoding, web pages, and `ArticleInput`."""
