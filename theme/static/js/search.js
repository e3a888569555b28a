// The search page: Pagefind's ready-made UI (Danish from <html lang="da">), started with the
// word from the header's search form (?q=...). Without JavaScript the fallback links stay.
"use strict";

window.addEventListener("DOMContentLoaded", () => {
  const ui = new PagefindUI({ element: "#soegning", showSubResults: true, showImages: false });
  document.getElementById("soeg-uden-javascript").hidden = true;
  // Pagefind's box has only a title; the page's heading is its visible label.
  document.querySelector("#soegning input").setAttribute("aria-labelledby", "soeg-titel");
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
});
