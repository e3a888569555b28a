"""A tag's, category's and author's articles (nordby_content.lists) answer `in` as the plain list would."""

import copy
import pickle
from types import SimpleNamespace

from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from nordby_content.lists import ArticleList, index_article_lists


def articles(count):
    settings = copy.deepcopy(DEFAULT_CONFIG)
    return [
        Article(f"<p>{n}</p>", {"title": f"Nyhed {n}", "slug": f"nyhed-{n}"}, settings) for n in range(count)
    ]


def test_membership_follows_the_list_as_it_changes():
    docs = articles(6)
    listed = ArticleList(docs[:3])
    assert [doc in listed for doc in docs] == [True, True, True, False, False, False]
    listed.remove(docs[0])
    listed.append(docs[3])  # the same length as when the set was made, other documents
    assert [doc in listed for doc in docs] == [False, True, True, True, False, False]
    listed[1] = docs[4]
    listed += [docs[5]]
    del listed[-1]
    assert [doc in listed for doc in docs] == [doc in list(listed) for doc in docs] == [
        False, True, False, True, True, False
    ]  # fmt: skip


def test_a_copy_or_a_pickle_answers_for_its_own_documents():
    docs = articles(3)
    listed = ArticleList(docs[:2])
    assert docs[0] in listed  # the set is made in this list
    again = pickle.loads(pickle.dumps(listed))
    assert type(again) is ArticleList
    assert again[0] in again and docs[0] not in again  # other objects, with the same fields
    assert docs[2] not in copy.copy(listed) and docs[1] in copy.copy(listed)


def test_the_generators_lists_become_article_lists_in_place():
    docs = articles(4)
    categories = [("a", docs[:2]), ("b", docs[2:])]
    generator = SimpleNamespace(tags={"x": docs[:1]}, categories=categories, authors=[("c", docs)])
    index_article_lists(generator)
    assert generator.categories is categories  # the context holds this very list
    lists = [generator.tags["x"], *(arts for _, arts in categories), generator.authors[0][1]]
    assert all(type(arts) is ArticleList for arts in lists)
    assert [list(arts) for arts in lists] == [docs[:1], docs[:2], docs[2:], docs]
