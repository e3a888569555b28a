"""Visitor figures from the web server's own log, counted by GoAccess, kept without addresses.

Not a Pelican plugin: nothing here runs during a build. `invoke besoeg` (the nightly count) and
`invoke stats` (the yearly figures, through nordby_editorial) use it, and it lives beside the
plugins because that folder is on the import path of both.
"""
