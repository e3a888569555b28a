"""What `./dev` runs: the tasks of tasks.py through danish_invoke.py, imported only when run as the program.

The photo workers (nordby_images) are spawned processes, and each runs the build's main script again
(as __mp_main__) before its first photo. Run from this script, that costs nothing: the import of
invoke and of danish_invoke.py, a quarter of a second per worker at the start of a first build, is
made only here, in the program itself.
"""

if __name__ == "__main__":
    import danish_invoke  # this folder is the script's, so first on the path

    danish_invoke.main()
