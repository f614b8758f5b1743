// Keyboard access to sideways-scrolling boxes (WCAG 2.1.1): a box whose content is wider than the
// box gets tabindex="0", role="region" and a name (its table's caption or aria-labelledby, or the
// heading just before it), so a keyboard user can focus it and scroll with the arrow keys.
// Boxes that fit are left alone (no useless tab stop). Re-checked on resize and after htmx swaps.
(function () {
  "use strict";
  var SELECTOR = ".table-scroll, .chart-scroll, .map-scroll, [data-scroll-region]";
  var FALLBACK = { ja: "横にスクロールできる表", en: "Table that scrolls sideways" };

  function nameFor(box) {
    var table = box.querySelector("table");
    if (table) {
      if (table.getAttribute("aria-labelledby")) return { by: table.getAttribute("aria-labelledby") };
      if (table.getAttribute("aria-label")) return { label: table.getAttribute("aria-label") };
      var caption = table.querySelector("caption");
      if (caption && caption.textContent.trim()) return { label: caption.textContent.trim() };
    }
    var node = box.previousElementSibling;
    while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
    if (node && node.textContent.trim()) return { label: node.textContent.trim() };
    var lang = (document.documentElement.lang || "ja").slice(0, 2);
    return { label: FALLBACK[lang] || FALLBACK.ja };
  }

  function update(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      var name = nameFor(box);
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (name.by) box.setAttribute("aria-labelledby", name.by);
      else box.setAttribute("aria-label", name.label);
      box.setAttribute("data-scroll-focusable", "");
    } else if (!scrolls && box.hasAttribute("data-scroll-focusable")) {
      ["tabindex", "role", "aria-label", "aria-labelledby", "data-scroll-focusable"].forEach(function (a) { box.removeAttribute(a); });
    }
  }

  // Two boxes under the same heading text (e.g. one per subsidy frame) would be two regions with one
  // name: add the heading of the section around each, so every region's name is unique.
  function disambiguate() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-scroll-focusable][aria-label]"));
    var counts = {};
    boxes.forEach(function (b) { counts[b.getAttribute("aria-label")] = (counts[b.getAttribute("aria-label")] || 0) + 1; });
    boxes.forEach(function (b) {
      var label = b.getAttribute("aria-label");
      if (counts[label] < 2) return;
      var section = b.parentElement && b.parentElement.closest("section, article, [id]");
      var heading = section && section.querySelector("h2, h3, h4");
      var context = heading && heading.textContent.replace(/\s+/g, " ").trim();
      if (context && context !== label) b.setAttribute("aria-label", label + " – " + context);
    });
  }

  function updateAll() { document.querySelectorAll(SELECTOR).forEach(update); disambiguate(); }

  var pending = null;
  function later() { if (pending) clearTimeout(pending); pending = setTimeout(updateAll, 100); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", updateAll);
  else updateAll();
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", updateAll);
})();
