"""Production settings: the development settings plus what differs on the live site."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *

SITEURL = os.environ.get("SITEURL", "https://www.randersnordby.dk")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# A published build is always read from scratch.
LOAD_CONTENT_CACHE = False
# Every release gets a fresh search index (development builds leave it to `invoke search-index`).
HOSTING_SEARCH_INDEX = True
# .gz beside every text file, served as they are by nginx (deploy/nginx-site.conf: gzip_static).
HOSTING_PRECOMPRESS = ("html", "css", "js", "xml", "ics", "json", "svg", "txt")
# Releases are built into empty folders, so there is never an earlier page to keep.
INCREMENTAL_WRITES = False
