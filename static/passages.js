/* Passages: copy a paragraph's link, cite it or a range of paragraphs, link a
   range (#p12-p14), and link the exact words selected (a text fragment). */
(function () {
  "use strict";

  // this part's styles come with it
  var sheet = document.createElement("link");
  sheet.rel = "stylesheet";
  sheet.href = new URL("passages.css", document.currentScript ? document.currentScript.src : document.baseURI).href;
  // Nothing opens before its styles have come: unstyled, the menu would sit at the
  // end of its paragraph, and focusing it scroll the page away from the number.
  var styled = new Promise(function (resolve) {
    sheet.addEventListener("load", resolve);
    sheet.addEventListener("error", resolve); // unstyled rather than never
  });
  function whenStyled(fn) {
    return function (arg) {
      styled.then(function () {
        fn(arg);
      });
    };
  }
  document.head.appendChild(sheet);

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

  var openStyled = whenStyled(openMenu);

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
      else openStyled(pnum);
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

  // for edition.js, which loaded this file on the reader's first click or selection
  window.editionPassages = { menu: openStyled, offer: whenStyled(offerSelection) };
})();
