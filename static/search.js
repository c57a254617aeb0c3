/* Search: the box in every page's header. Pagefind's script and index load only
   when the reader starts to search. A result is a paragraph, a note, a work or a
   siglum; it leads to its anchor, where the searched words are marked. */
(function () {
  "use strict";

  // this part's styles come with it
  var sheet = document.createElement("link");
  sheet.rel = "stylesheet";
  sheet.href = new URL("search.css", document.currentScript ? document.currentScript.src : document.baseURI).href;
  document.head.appendChild(sheet);

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

  // edition.js loads this file when the box is first used: catch up with the reader
  if (document.activeElement === input) {
    if (location.protocol === "file:") {
      open();
      say("Search needs the edition to be served over http (for example with “edition serve”): opened from a file, the browser will not load the search index.");
    } else if (input.value.trim()) {
      search();
    }
  }

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
