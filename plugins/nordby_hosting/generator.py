"""Writes the search page and the fingerprinted copies of the theme's CSS and JavaScript."""

import shutil
from pathlib import Path

from pelican.generators import Generator

from .assets import fingerprinted_files


class HostingGenerator(Generator):
    """The files the web server needs beyond Pelican's own: search page, hashed assets."""

    def generate_context(self):
        self.assets = list(fingerprinted_files(self.settings))

    def generate_output(self, writer):
        out = Path(self.output_path)
        for source, target in self.assets:
            (out / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, out / target)
        writer.write_file(
            self.settings["HOSTING_SEARCH_SAVE_AS"],
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.settings["HOSTING_SEARCH_URL"],
        )
