// Live countdown to each duty's due time (the server renders the due day; this refines it).
(function () {
  function fmt(ms) {
    var late = ms < 0, s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    var txt = (d ? d + "天" : "") + h + "小时" + m + "分";
    return late ? "已逾期 " + txt : "剩余 " + txt;
  }
  function tick() {
    var els = document.querySelectorAll(".countdown[data-due]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i], due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) continue;
      var skew = el._skew;
      if (skew === undefined) {
        var srv = Date.parse(el.getAttribute("data-now"));
        skew = el._skew = isNaN(srv) ? 0 : srv - Date.now();
      }
      var left = due - (Date.now() + skew);
      el.textContent = fmt(left);
      el.classList.toggle("overdue", left < 0);
    }
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();
