// The search page: Pagefind's ready-made UI (Danish from <html lang="da">), started with the
// word from the header's search form (?q=...). Without JavaScript the fallback links show instead;
// with it, the stylesheet hides them from the first paint, so nothing jumps when Pagefind arrives.
"use strict";

window.addEventListener("DOMContentLoaded", () => {
  const fallback = document.getElementById("soeg-uden-javascript");
  if (typeof PagefindUI === "undefined") {
    // No search index (a preview built without it, or a failed download): the links are the way on.
    fallback.classList.add("search-unavailable");
    return;
  }
  const ui = new PagefindUI({ element: "#soegning", showSubResults: true, showImages: false });
  fallback.hidden = true;
  // Pagefind's box has only a title; the page's heading is its visible label.
  document.querySelector("#soegning input").setAttribute("aria-labelledby", "soeg-titel");
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
});
