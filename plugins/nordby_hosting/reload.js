// `./dev serve` only: reload the page once a build has written it anew (the server is told which page
// this is) or has finished, or once the server is back after a restart.
(function () {
  var events = new EventSource("/_live/events?page=" + encodeURIComponent(location.pathname));
  var lost = false;
  events.onmessage = function (event) {
    if (event.data === "reload") location.reload();
  };
  events.onerror = function () {
    lost = true;
  };
  events.onopen = function () {
    if (lost) location.reload();
  };
})();
