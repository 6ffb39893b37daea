"""One module per source format; each turns raw input into `Paper`s plus a list of problems."""
