// Comparison page: hovering or clicking an aligned passage lights it up on both sides.
// Each highlighted piece lists the passages covering it in data-al ("3" or "3 4").
(function () {
  "use strict";
  var pieces = Array.prototype.slice.call(document.querySelectorAll(".al[data-al]"));
  function ids(el) { return el.getAttribute("data-al").split(" "); }
  function light(el, on) {
    var wanted = ids(el);
    pieces.forEach(function (p) {
      var hit = ids(p).some(function (i) { return wanted.indexOf(i) >= 0; });
      if (hit) { p.classList.toggle("active", on); }
    });
  }
  pieces.forEach(function (el) {
    el.addEventListener("mouseenter", function () { light(el, true); });
    el.addEventListener("mouseleave", function () { light(el, false); });
    el.addEventListener("focus", function () { light(el, true); });
    el.addEventListener("blur", function () { light(el, false); });
  });
})();
