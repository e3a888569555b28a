"""Writes a list page and a search page for every language that has translations (/ar/, /ar/soeg/)."""

from pelican.generators import Generator

from .documents import by_language
from .settings import languages_of


class LanguagesGenerator(Generator):
    """One list page per language with its translated articles and pages; linked from the front page."""

    def generate_context(self):
        self.lists = []
        for language in list(languages_of(self.settings).values())[1:]:
            articles = by_language(self.context.get("article_translations", []), language.code)
            pages = by_language(self.context.get("page_translations", []), language.code)
            if articles or pages:
                self.lists.append((language, articles, pages))
        self.context["language_lists"] = [
            {"code": lang.code, "url": f"{lang.code}/", "name": lang.name, "dir": lang.dir}
            for lang, _, _ in self.lists
        ]

    def generate_output(self, writer):
        feeds = self.settings["NORDBY_FEEDS"]
        default = languages_of(self.settings)[self.settings["DEFAULT_LANG"]]
        home = {"code": default.code, "url": "", "name": default.name, "dir": default.dir}
        alternates = [home, *self.context["language_lists"]]
        for language, articles, pages in self.lists:
            url = f"{language.code}/"
            writer.write_file(
                f"{url}index.html",
                self.get_template("language_index"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"articles": articles},
                template_name="language_index",
                url=url,
                lang_code=language.code,
                lang_url=url,
                lang_pages=pages,
                lang_feed=feeds["lang_rss"].format(lang=language.code),
                language_alternates=alternates,
            )
            search = self.settings["HOSTING_SEARCH_URL"]
            writer.write_file(
                f"{url}{search}index.html",
                self.get_template("search"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=f"{url}{search}",
                lang_code=language.code,
                canonical_path=f"{url}{search}",
            )
