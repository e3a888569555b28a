"""What `./dev` runs: the tasks of tasks.py through danish_invoke.py, imported only when run as the program.

The photo workers (nordby_images) of the development server are spawned processes, and each runs
the main script again (as __mp_main__) before its first photo. Run from this script, that costs
nothing: invoke and danish_invoke.py, a quarter of a second per worker, are imported only here, in
the program itself.
"""

if __name__ == "__main__":
    import danish_invoke  # this folder is the script's, so first on the path

    danish_invoke.main()
