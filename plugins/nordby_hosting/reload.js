// `./dev serve` only: reload the page when a build has finished, or once the server is back after a restart.
(function () {
  var events = new EventSource("/_live/events");
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
