"""frontmap's command line: a click group whose commands load on demand."""
