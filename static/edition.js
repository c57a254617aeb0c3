/* edition — enhancements only: the page is complete without this file.
   Note previews: a note opens at its marker without leaving the reading place —
   on hover with a mouse, on tap on a touch screen, on Enter from the keyboard.
   Escape, a second tap or a tap elsewhere closes it. */
(function () {
  "use strict";

  var preview = null; // the open preview element
  var owner = null; // the marker it belongs to
  var openTimer = 0;
  var closeTimer = 0;
  var lastPointer = "mouse";

  function noteFor(marker) {
    var id = decodeURIComponent((marker.getAttribute("href") || "").split("#")[1] || "");
    return id ? document.getElementById(id) : null;
  }

  function build(marker) {
    var note = noteFor(marker);
    if (!note) return null;
    var n = note.getAttribute("value") || "";
    var box = document.createElement("div");
    box.className = "preview";
    box.id = "preview";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-labelledby", "preview-title");
    box.tabIndex = -1;
    var head = document.createElement("p");
    head.className = "preview__head";
    var title = document.createElement("span");
    title.id = "preview-title";
    title.textContent = "Note " + n;
    var go = document.createElement("a");
    go.href = "#" + note.id;
    go.textContent = "Go to note " + n;
    go.addEventListener("click", function () {
      close(false);
    });
    head.appendChild(title);
    head.appendChild(go);
    box.appendChild(head);
    var parts = note.querySelectorAll(".note__body, .trail");
    for (var i = 0; i < parts.length; i++) {
      var copy = parts[i].cloneNode(true);
      var withIds = copy.querySelectorAll("[id]");
      for (var j = 0; j < withIds.length; j++) withIds[j].removeAttribute("id");
      box.appendChild(copy);
    }
    box.addEventListener("mouseenter", function () {
      clearTimeout(closeTimer);
    });
    box.addEventListener("mouseleave", function () {
      if (lastPointer === "mouse") scheduleClose();
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault();
        close(true);
      }
    });
    box.addEventListener("focusout", function (e) {
      if (preview && !preview.contains(e.relatedTarget) && e.relatedTarget !== owner) close(false);
    });
    return box;
  }

  function place(marker, box) {
    var rect = marker.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var vh = window.innerHeight;
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var left = rect.left + rect.width / 2 - width / 2;
    left = Math.max(8, Math.min(left, vw - width - 8));
    // below the marker's line, so the line being read stays visible
    var lineBottom = rect.bottom + 4;
    var top = lineBottom + 4;
    if (top + height > vh - 8 && rect.top - height - 8 > 8) top = rect.top - height - 8;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function open(marker, focus) {
    clearTimeout(closeTimer);
    clearTimeout(openTimer);
    if (owner === marker && preview) {
      if (focus) preview.focus();
      return;
    }
    close(false);
    var box = build(marker);
    if (!box) return;
    document.body.appendChild(box);
    place(marker, box);
    preview = box;
    owner = marker;
    marker.setAttribute("aria-expanded", "true");
    marker.setAttribute("aria-controls", "preview");
    if (focus) box.focus();
  }

  function close(refocus) {
    clearTimeout(closeTimer);
    if (!preview) return;
    var marker = owner;
    var box = preview;
    preview = null; // first: removing the focused box fires its focusout, which closes again
    owner = null;
    box.remove();
    if (marker) {
      marker.removeAttribute("aria-expanded");
      marker.removeAttribute("aria-controls");
      if (refocus) marker.focus();
    }
  }

  function scheduleClose() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () {
      close(false);
    }, 300);
  }

  function isMarker(el) {
    return el && el.closest ? el.closest('a[role="doc-noteref"]') : null;
  }

  document.addEventListener("pointermove", function (e) {
    if (e.pointerType === "mouse") lastPointer = "mouse";
  });

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
    if (preview && !preview.contains(e.target) && !isMarker(e.target)) close(false);
  });

  document.addEventListener("mouseover", function (e) {
    var marker = isMarker(e.target);
    if (!marker || lastPointer !== "mouse") return;
    clearTimeout(closeTimer);
    clearTimeout(openTimer);
    openTimer = setTimeout(function () {
      open(marker, false);
    }, 120);
  });

  document.addEventListener("mouseout", function (e) {
    var marker = isMarker(e.target);
    if (!marker || lastPointer !== "mouse") return;
    clearTimeout(openTimer);
    if (preview && owner === marker) scheduleClose();
  });

  document.addEventListener("click", function (e) {
    var marker = isMarker(e.target);
    if (!marker || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (lastPointer === "touch" || lastPointer === "pen") {
      e.preventDefault();
      if (owner === marker) close(false);
      else open(marker, false);
    } else {
      close(false); // a mouse click goes to the note, as without JavaScript
    }
  });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && preview) {
      e.preventDefault();
      close(true);
      return;
    }
    var marker = isMarker(e.target);
    if (marker && e.key === "Enter" && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      lastPointer = "keyboard";
      open(marker, true);
    }
  });

  window.addEventListener("resize", function () {
    if (preview && owner) place(owner, preview);
  });
})();

/* Search: the box in every page's header. Pagefind's script and index load only
   when the reader starts to search. A result is a paragraph, a note, a work or a
   siglum; it leads to its anchor, where the searched words are marked. */
(function () {
  "use strict";

  var form = document.querySelector("form.search");
  var input = document.getElementById("search-q");
  var panel = document.getElementById("search-panel");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !panel || !list || !status) return;

  var pagefind = null;
  var loading = null;
  var generation = 0;

  function say(text) {
    status.textContent = text;
  }

  function load() {
    if (pagefind) return Promise.resolve(pagefind);
    if (location.protocol === "file:") {
      return Promise.reject(new Error("file"));
    }
    if (!loading) {
      var url = new URL("pagefind/pagefind.js", document.baseURI).href;
      loading = import(url).then(function (module) {
        pagefind = module;
        return pagefind.options({ baseUrl: new URL(".", document.baseURI).pathname }).then(function () {
          return pagefind;
        });
      });
    }
    return loading;
  }

  function parts() {
    var boxes = panel.querySelectorAll('input[name="part"]');
    var chosen = [];
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) chosen.push(boxes[i].value);
    return chosen;
  }

  function open() {
    panel.hidden = false;
    form.classList.add("search--open");
  }

  var closing = false;

  function close(refocus) {
    panel.hidden = true;
    form.classList.remove("search--open");
    if (refocus) {
      closing = true; // the focus handler must not reopen what Escape closed
      input.focus();
      closing = false;
    }
  }

  function withHighlight(url, query) {
    var u = new URL(url, document.baseURI);
    u.searchParams.set("hl", query);
    return u.href;
  }

  function render(items, query) {
    list.textContent = "";
    items.forEach(function (data) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "hit";
      a.href = withHighlight(data.url, query);
      var kind = document.createElement("span");
      kind.className = "hit__title";
      kind.textContent = data.meta.title;
      a.appendChild(kind);
      if (data.meta.chapter) {
        var chapter = document.createElement("span");
        chapter.className = "hit__chapter";
        chapter.textContent = data.meta.chapter;
        a.appendChild(chapter);
      }
      var excerpt = document.createElement("span");
      excerpt.className = "hit__excerpt";
      excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
      a.appendChild(excerpt);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function search() {
    var query = input.value.trim();
    var mine = ++generation;
    if (!query) {
      list.textContent = "";
      say("");
      return;
    }
    open();
    var chosen = parts();
    if (!chosen.length) {
      list.textContent = "";
      say("Choose at least one part of the edition to search in.");
      return;
    }
    say("Searching…");
    load()
      .then(function (pf) {
        return pf.search(query, { filters: { part: { any: chosen } } });
      })
      .then(function (found) {
        if (mine !== generation) return null;
        return Promise.all(
          found.results.slice(0, 30).map(function (r) {
            return r.data();
          })
        ).then(function (items) {
          if (mine !== generation) return;
          render(items, query);
          var n = found.results.length;
          say(n === 0 ? "No results for “" + query + "”." : n + (n === 1 ? " result" : " results") + (n > 30 ? ", the first 30 shown." : "."));
        });
      })
      .catch(function (e) {
        list.textContent = "";
        if (e && e.message === "file") {
          say("Search needs the edition to be served over http (for example with “edition serve”): opened from a file, the browser will not load the search index.");
        } else {
          say("Search could not load its index.");
        }
      });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 180);
  });
  input.addEventListener("focus", function () {
    if (location.protocol === "file:") {
      open();
      say("Search needs the edition to be served over http (for example with “edition serve”): opened from a file, the browser will not load the search index.");
      return;
    }
    load().catch(function () {}); // start fetching as soon as the reader shows intent
    if (!closing && input.value.trim() && list.children.length) open();
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    search();
    var first = list.querySelector("a");
    if (first) first.focus();
  });
  panel.addEventListener("change", function () {
    search();
  });

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a.hit"));
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
      input.select();
      return;
    }
    var inSearch = form.contains(t) || panel.contains(t);
    if (!inSearch) return;
    if (e.key === "Escape" && !panel.hidden) {
      e.preventDefault();
      close(true);
      return;
    }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      var all = links();
      if (!all.length) return;
      e.preventDefault();
      var i = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown") i = i < 0 ? 0 : Math.min(i + 1, all.length - 1);
      else if (i <= 0) {
        input.focus();
        return;
      } else i -= 1;
      all[i].focus();
    }
  });

  document.addEventListener("pointerdown", function (e) {
    if (!panel.hidden && !panel.contains(e.target) && !form.contains(e.target)) close(false);
  });

  // search.html?q=…: search straight away
  var params = new URLSearchParams(location.search);
  if (params.get("q") && document.body.classList.contains("page--search")) {
    input.value = params.get("q");
    search();
  }

  // Arriving from a result: mark the searched words in the target and show it.
  var hl = params.get("hl");
  var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (hl && target) {
    var words = hl
      .split(/\s+/)
      .filter(function (w) {
        return w.length > 1;
      })
      .map(function (w) {
        return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      });
    if (words.length) {
      var pattern = new RegExp("(" + words.join("|") + ")", "gi");
      var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        if (!pattern.test(node.nodeValue)) return;
        pattern.lastIndex = 0;
        var frag = document.createDocumentFragment();
        node.nodeValue.split(pattern).forEach(function (piece, k) {
          if (k % 2) {
            var mark = document.createElement("mark");
            mark.className = "found";
            mark.textContent = piece;
            frag.appendChild(mark);
          } else if (piece) {
            frag.appendChild(document.createTextNode(piece));
          }
        });
        node.parentNode.replaceChild(frag, node);
      });
    }
    target.classList.add("arrived");
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }
})();

/* Passages: copy a paragraph's link, cite it or a range of paragraphs, link a
   range (#p12-p14), and link the exact words selected (a text fragment). */
(function () {
  "use strict";

  var styles = document.querySelectorAll(".cite-styles [data-style]");
  var list = document.querySelector(".cite-styles");
  var status = document.createElement("p");
  status.className = "passage-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);

  function say(text, visible) {
    status.textContent = text;
    status.classList.toggle("passage-status--shown", !!visible);
    if (visible) {
      clearTimeout(say.timer);
      say.timer = setTimeout(function () {
        status.classList.remove("passage-status--shown");
      }, 6000);
    }
  }

  function pageUrl() {
    var canonical = list && list.getAttribute("data-canonical");
    if (canonical) return canonical;
    return location.href.split("#")[0].split("?")[0];
  }

  function copy(text, what) {
    function done() {
      say((what || "Copied") + ": " + text.slice(0, 90) + (text.length > 90 ? "…" : ""), true);
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(done, function () {
        fallback(text);
        done();
      });
    }
    fallback(text);
    done();
    return Promise.resolve();
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try {
      document.execCommand("copy");
    } catch (e) {
      /* the text stays selected for the reader to copy */
    }
    area.remove();
  }

  function fill(dd, numbers, address) {
    var form = numbers && numbers.indexOf("–") >= 0 ? dd.getAttribute("data-loc-many") : dd.getAttribute("data-loc");
    var loc = numbers ? form.replace("{}", numbers) : "";
    var url = address ? dd.getAttribute("data-url").replace("{}", address) : "";
    return dd.getAttribute("data-template").replace("[[LOC]]", loc).replace("[[URL]]", url);
  }

  function plainText(html) {
    var div = document.createElement("div");
    div.innerHTML = html;
    return div.textContent.replace(/\s+/g, " ").trim();
  }

  // "How to cite this chapter": the address it is read at, and a copy button for each
  for (var i = 0; i < styles.length; i++) {
    (function (dd) {
      dd.innerHTML = fill(dd, "", pageUrl());
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the " + dd.previousElementSibling.textContent + " citation");
      button.addEventListener("click", function () {
        copy(plainText(fill(dd, "", pageUrl())), "Citation copied");
      });
      dd.appendChild(document.createTextNode(" "));
      dd.appendChild(button);
    })(styles[i]);
  }

  var paras = Array.prototype.slice.call(document.querySelectorAll(".text .para[id]"));
  if (!paras.length) return;
  var count = paras.length;

  function numberOf(el) {
    return parseInt(el.id.slice(1), 10);
  }

  // Range links: #p12-p14 or #p12-14
  function clearRange() {
    var marked = document.querySelectorAll(".para.in-range");
    for (var k = 0; k < marked.length; k++) marked[k].classList.remove("in-range");
  }

  function showRange() {
    // #p12-p14 as readers write it, or ?range=p12-p14#p12 as the site links it (so that
    // without JavaScript the link still lands on the first paragraph)
    var asked = new URLSearchParams(location.search).get("range");
    var m =
      /^#p(\d+)-p?(\d+)$/.exec(decodeURIComponent(location.hash)) ||
      (asked && /^p?(\d+)-p?(\d+)$/.exec(asked));
    clearRange();
    if (!m) return;
    var a = parseInt(m[1], 10);
    var b = parseInt(m[2], 10);
    if (a < 1 || b > count || b < a) {
      say("This link asks for paragraphs " + a + "–" + b + ", which this chapter does not have: it has paragraphs 1–" + count + ".", true);
      return;
    }
    for (var n = a; n <= b; n++) document.getElementById("p" + n).classList.add("in-range");
    var first = document.getElementById("p" + a);
    first.scrollIntoView({ block: "start" });
    first.setAttribute("tabindex", "-1");
    first.focus({ preventScroll: true });
    say("Paragraphs " + a + " to " + b + " are marked.", true);
  }
  window.addEventListener("hashchange", showRange);
  showRange();

  // The paragraph number's menu
  var menu = null;
  var menuOwner = null;

  function closeMenu(refocus) {
    if (!menu) return;
    menu.remove();
    menu = null;
    if (refocus && menuOwner) menuOwner.focus();
    if (menuOwner) menuOwner.removeAttribute("aria-expanded");
    menuOwner = null;
  }

  function option(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }

  function citePanel(first) {
    var panel = document.createElement("div");
    panel.className = "cite-passage";
    var head = document.createElement("p");
    head.className = "cite-passage__range";
    var label = document.createElement("label");
    label.textContent = "¶ " + first + " to ¶ ";
    var end = document.createElement("select");
    end.setAttribute("aria-label", "last paragraph of the passage");
    for (var n = first; n <= count; n++) {
      var o = document.createElement("option");
      o.value = String(n);
      o.textContent = String(n);
      end.appendChild(o);
    }
    label.appendChild(end);
    head.appendChild(label);
    panel.appendChild(head);
    var out = document.createElement("dl");
    panel.appendChild(out);

    function render() {
      var last = parseInt(end.value, 10);
      var numbers = last === first ? String(first) : first + "–" + last;
      var address = pageUrl() + (last === first ? "#p" + first : "#p" + first + "-p" + last);
      out.textContent = "";
      for (var k = 0; k < styles.length; k++) {
        var dt = document.createElement("dt");
        dt.textContent = styles[k].previousElementSibling.textContent;
        var dd = document.createElement("dd");
        dd.className = "citation";
        dd.innerHTML = fill(styles[k], numbers, address);
        (function (html, name) {
          var b = document.createElement("button");
          b.type = "button";
          b.className = "copy";
          b.textContent = "Copy";
          b.setAttribute("aria-label", "Copy the " + name + " citation");
          b.addEventListener("click", function () {
            copy(plainText(html), "Citation copied");
          });
          dd.appendChild(document.createTextNode(" "));
          dd.appendChild(b);
        })(dd.innerHTML, dt.textContent);
        out.appendChild(dt);
        out.appendChild(dd);
      }
    }
    end.addEventListener("change", render);
    render();
    return panel;
  }

  function openMenu(pnum) {
    closeMenu(false);
    var para = pnum.closest(".para");
    var n = numberOf(para);
    menu = document.createElement("div");
    menu.className = "para-menu";
    menu.setAttribute("role", "dialog");
    menu.setAttribute("aria-label", "Paragraph " + n);
    var link = pageUrl() + "#p" + n;
    menu.appendChild(
      option("Copy link to ¶ " + n, function () {
        copy(link, "Link copied");
        closeMenu(true);
      })
    );
    var citeButton = option("Cite this passage", function () {
      citeButton.remove();
      var panel = citePanel(n);
      menu.appendChild(panel);
      panel.querySelector("select").focus();
    });
    menu.appendChild(citeButton);
    var go = document.createElement("a");
    go.href = "#p" + n;
    go.textContent = "Go to ¶ " + n;
    go.addEventListener("click", function () {
      closeMenu(false);
    });
    menu.appendChild(go);
    menu.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault();
        closeMenu(true);
      }
    });
    para.appendChild(menu);
    menuOwner = pnum;
    pnum.setAttribute("aria-expanded", "true");
    menu.querySelector("button").focus();
  }

  document.addEventListener("click", function (e) {
    var pnum = e.target.closest ? e.target.closest(".text .pnum") : null;
    if (pnum && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      if (menuOwner === pnum) closeMenu(true);
      else openMenu(pnum);
      return;
    }
    if (menu && e.composedPath().indexOf(menu) < 0) closeMenu(false);
  });

  // Selecting words offers a link to exactly them (a text fragment)
  var chip = null;

  function removeChip() {
    if (chip) chip.remove();
    chip = null;
  }

  function fragmentText(text) {
    function enc(s) {
      return encodeURIComponent(s).replace(/-/g, "%2D").replace(/,/g, "%2C");
    }
    var words = text.split(/\s+/).filter(Boolean);
    if (words.length <= 10) return enc(words.join(" "));
    return enc(words.slice(0, 4).join(" ")) + "," + enc(words.slice(-4).join(" "));
  }

  function offerSelection() {
    var sel = window.getSelection();
    removeChip();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    var text = sel.toString().replace(/\s+/g, " ").trim();
    if (text.length < 3) return;
    var range = sel.getRangeAt(0);
    var start = range.startContainer.parentElement && range.startContainer.parentElement.closest(".text .para");
    var end = range.endContainer.parentElement && range.endContainer.parentElement.closest(".text .para");
    if (!start || start !== end) return;
    var url = pageUrl() + "#" + start.id + ":~:text=" + fragmentText(text);
    chip = document.createElement("button");
    chip.type = "button";
    chip.className = "selection-link";
    chip.textContent = "Copy link to this passage";
    chip.setAttribute("data-url", url);
    var rect = range.getBoundingClientRect();
    chip.style.top = rect.bottom + window.scrollY + 6 + "px";
    chip.style.left = Math.max(8, Math.min(rect.left + window.scrollX, document.documentElement.clientWidth - 220)) + "px";
    chip.addEventListener("mousedown", function (e) {
      e.preventDefault(); // keep the selection
    });
    chip.addEventListener("click", function () {
      copy(url, "Link to the selected words copied");
      removeChip();
    });
    document.body.appendChild(chip);
  }

  document.addEventListener("mouseup", function (e) {
    if (chip && chip.contains(e.target)) return;
    setTimeout(offerSelection, 0);
  });
  document.addEventListener("keyup", function (e) {
    if (e.shiftKey || e.key === "Shift") offerSelection();
  });
  document.addEventListener("touchend", function () {
    setTimeout(offerSelection, 250);
  });
})();

/* Emendations: show the text as printed or as corrected, remembered across pages. */
(function () {
  "use strict";

  var KEY = "edition-reading";
  var root = document.documentElement;

  function stored() {
    try {
      return localStorage.getItem(KEY);
    } catch (e) {
      return null; // storage refused (private mode, file://): the choice lasts for the page
    }
  }

  function store(value) {
    try {
      localStorage.setItem(KEY, value);
    } catch (e) {
      /* nothing to remember with */
    }
  }

  if (stored() === "printed") root.classList.add("as-printed");
  var emends = document.querySelectorAll(".emend");
  if (!emends.length) return;
  var head = document.querySelector(".chapter__head, .listing > h1, .assignment header");
  if (!head) return;
  var box = document.createElement("p");
  box.className = "reading-switch";
  var button = document.createElement("button");
  button.type = "button";
  function label() {
    var printed = root.classList.contains("as-printed");
    button.setAttribute("aria-pressed", printed ? "true" : "false");
    button.textContent = "Text as printed";
    note.textContent = printed
      ? " The text reads as the source printed it; " + emends.length + " corrections of the editors are marked."
      : " The text reads with the editors’ " + emends.length + " corrections, marked with a dotted line.";
  }
  var note = document.createElement("span");
  button.addEventListener("click", function () {
    var printed = !root.classList.contains("as-printed");
    root.classList.toggle("as-printed", printed);
    store(printed ? "printed" : "corrected");
    label();
  });
  box.appendChild(button);
  box.appendChild(note);
  head.insertAdjacentElement("afterend", box);
  label();
})();
