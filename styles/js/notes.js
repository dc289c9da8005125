/* Notes beside the text on wide screens, in a popup at their call on narrow ones.

   Each note is written once, as an item of the endnotes list at the end of the
   article, and stays there in the document: this script only changes where that
   same item is shown. Without JavaScript the notes are endnotes with backlinks.
   Wide screens: every item is placed in the margin beside its first call.
   Narrow screens: a click or tap on a call (or hovering it with a mouse) shows
   the item in a popup under the call; Escape, the close button or a click
   elsewhere hides it again. */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 75em)");
  var hover = window.matchMedia("(hover: hover) and (pointer: fine)");
  var root = document.documentElement;
  var list = document.querySelector(".notes-list");
  var article = list && list.closest("article");
  if (!article) return;
  var calls = Array.prototype.slice.call(article.querySelectorAll('a[role="doc-noteref"]'));
  var open = null;       // the note shown as a popup, if any
  var opener = null;     // the call that opened it
  var closer = null;     // the popup's close button
  var hoverTimer = 0;
  var GAP = 12;          // px between stacked sidenotes

  function noteFor(call) { return document.getElementById(call.hash.slice(1)); }

  /* Wide screens: each note beside its first call, pushed down below the one before. */
  function placeSidenotes() {
    var top = article.getBoundingClientRect().top;
    var below = 0;
    var placed = {};
    calls.forEach(function (call) {
      var note = noteFor(call);
      if (!note || placed[note.id]) return;
      placed[note.id] = true;
      var y = Math.max(call.getBoundingClientRect().top - top, below);
      note.style.top = y + "px";
      below = y + note.offsetHeight + GAP;
    });
    article.style.setProperty("--sidenotes-end", below + "px");
  }

  function showPopup(call, byHover) {
    var note = noteFor(call);
    if (!note) return;
    if (open && open !== note) hidePopup(false);
    open = note;
    opener = call;
    note.classList.add("note-popup");
    call.setAttribute("aria-expanded", "true");
    if (!closer) {
      closer = document.createElement("button");
      closer.type = "button";
      closer.className = "note-close";
      if (!/^en(-|$)/i.test(root.lang)) closer.lang = "en";  // the site's own words are English
      closer.textContent = "\u00d7";
      closer.addEventListener("click", function () { hidePopup(true); });
    }
    closer.setAttribute("aria-label", "Close note " + note.getAttribute("value"));
    note.appendChild(closer);
    placePopup(call, note);
    if (!byHover) {
      note.tabIndex = -1;
      note.focus({ preventScroll: true });
    }
  }

  /* Under the call, or above it when there is more room there; it scrolls with the text. */
  function placePopup(call, note) {
    var box = call.getBoundingClientRect();
    var margin = 8;
    var height = note.offsetHeight;
    var y = box.bottom + 6;
    if (y + height > window.innerHeight - margin && box.top - 6 - height >= margin) y = box.top - 6 - height;
    var x = Math.min(box.left - 24, document.documentElement.clientWidth - note.offsetWidth - margin);
    note.style.top = (y + window.scrollY) + "px";
    note.style.left = (Math.max(margin, x) + window.scrollX) + "px";
  }

  function hidePopup(returnFocus) {
    if (!open) return;
    var call = opener;
    open.classList.remove("note-popup");
    open.style.top = open.style.left = "";
    open.removeAttribute("tabindex");
    if (closer && closer.parentNode) closer.parentNode.removeChild(closer);
    call.setAttribute("aria-expanded", "false");
    open = opener = null;
    if (returnFocus) call.focus();
  }

  function onCallClick(event) {
    if (wide.matches) return;          // the note is beside the call: let the link lead to it
    event.preventDefault();
    if (open && opener === event.currentTarget) hidePopup(true);
    else showPopup(event.currentTarget, false);
  }

  function onCallHover(event) {
    if (wide.matches || !hover.matches) return;
    clearTimeout(hoverTimer);
    var call = event.currentTarget;
    if (event.type === "mouseenter") hoverTimer = setTimeout(function () { showPopup(call, true); }, 150);
    else hoverTimer = setTimeout(leaveHover, 300);
  }

  function leaveHover() {
    if (open && !open.matches(":hover") && document.activeElement !== open) hidePopup(false);
  }

  function onDocumentClick(event) {
    if (!open || open.contains(event.target) || calls.indexOf(event.target.closest("a")) >= 0) return;
    hidePopup(false);
  }

  function onKey(event) {
    if (event.key === "Escape" && open) hidePopup(true);
  }

  /* A backlink inside the popup leads to its call: close the popup on the way. */
  function onNoteClick(event) {
    var link = event.target.closest('a[role="doc-backlink"]');
    if (link && open && open.contains(link)) hidePopup(false);
  }

  function apply() {
    hidePopup(false);
    root.classList.toggle("sidenotes", wide.matches);
    calls.forEach(function (call) {
      if (wide.matches) {
        call.removeAttribute("aria-expanded");
        call.removeAttribute("aria-controls");
      } else {
        call.setAttribute("aria-expanded", "false");
        call.setAttribute("aria-controls", call.hash.slice(1));
      }
    });
    if (wide.matches) placeSidenotes();
    else Array.prototype.forEach.call(list.children, function (note) { note.style.top = ""; });
  }

  /* The text moved (fonts, images, a new width): the notes follow it. */
  function relayout() {
    if (wide.matches) placeSidenotes();
    else if (open) placePopup(opener, open);
  }

  calls.forEach(function (call) {
    call.addEventListener("click", onCallClick);
    call.addEventListener("mouseenter", onCallHover);
    call.addEventListener("mouseleave", onCallHover);
  });
  list.addEventListener("click", onNoteClick);
  list.addEventListener("mouseleave", function () {
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(leaveHover, 300);
  });
  document.addEventListener("click", onDocumentClick);
  document.addEventListener("keydown", onKey);
  wide.addEventListener("change", apply);
  window.addEventListener("resize", relayout);
  window.addEventListener("load", relayout);
  if (document.fonts) document.fonts.ready.then(relayout);
  apply();
}());
