(function () {
"use strict";
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
var SHOWN = 30;
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
var base = { baseUrl: new URL(".", document.baseURI).pathname };
var shards = parseInt(form.getAttribute("data-shards") || "1", 10);
loading = import(url).then(function (module) {
return module.options(base).then(function () {
var merged = [];
for (var k = 2; k <= shards; k++) {
merged.push(module.mergeIndex(new URL("pagefind/shard-" + k + "/", document.baseURI).href, base));
}
return Promise.all(merged);
}).then(function () {
pagefind = module;
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
closing = true;
input.focus();
closing = false;
}
}
function withHighlight(url, query) {
var u = new URL(url, document.baseURI);
u.searchParams.set("hl", query);
return u.href;
}
function norm(text) {
return text
.normalize("NFD")
.replace(/[\u0300-\u036f]/g, "")
.toLowerCase()
.replace(/[^\p{L}\p{N}]+/gu, " ")
.trim();
}
function termsOf(query) {
return norm(query).split(" ").filter(Boolean);
}
function matches(term, word) {
if (word.indexOf(term) === 0 || (word.length >= 3 && term.indexOf(word) === 0)) return true;
var n = 0;
while (n < term.length && n < word.length && term[n] === word[n]) n++;
return n >= Math.max(3, Math.min(term.length, word.length) - 2);
}
var EXCERPT = 30;
function placesOf(data, terms) {
var info = {};
var order = [];
try {
JSON.parse(data.meta.places || "[]").forEach(function (p) {
info[p[0]] = { title: p[1], kind: p[2] };
});
} catch (e) {
return [];
}
var anchors = (data.anchors || [])
.filter(function (a) {
return Object.prototype.hasOwnProperty.call(info, a.id);
})
.sort(function (a, b) {
return a.location - b.location;
});
if (!anchors.length) return [];
var words = data.content.split(/[\r\n\s]+/g);
var found = (data.locations || []).slice().sort(function (a, b) {
return a - b;
});
var k = 0;
var at = {};
found.forEach(function (loc) {
while (k + 1 < anchors.length && anchors[k + 1].location <= loc) k++;
if (loc < anchors[k].location) return;
(at[k] = at[k] || []).push(loc);
if (order.indexOf(k) < 0) order.push(k);
});
var out = [];
order.forEach(function (i) {
var locs = at[i];
var parts = [];
locs.forEach(function (loc) {
var w = norm(words[loc] || "");
parts.push(w.replace(/ /g, ""));
w.split(" ").forEach(function (piece) {
parts.push(piece);
});
});
var all = terms.every(function (t) {
return parts.some(function (w) {
return w && matches(t, w);
});
});
if (!all) return;
var start = anchors[i].location;
var end = i + 1 < anchors.length ? anchors[i + 1].location : words.length;
var from = Math.max(start, Math.min(locs[0] - 8, end - EXCERPT));
var to = Math.min(end, from + EXCERPT);
out.push({
url: data.meta.url + "#" + anchors[i].id,
title: info[anchors[i].id].title,
chapter: data.meta.chapter || "",
words: words.slice(from, to),
marked: locs
.filter(function (l) {
return l >= from && l < to;
})
.map(function (l) {
return l - from;
}),
before: from > start,
after: to < end,
weight: locs.length
});
});
return out;
}
function excerpt(hit) {
var span = document.createElement("span");
span.className = "hit__excerpt";
var text = (hit.before ? "… " : "");
hit.words.forEach(function (w, i) {
if (hit.marked.indexOf(i) >= 0) {
if (text) span.appendChild(document.createTextNode(text));
text = "";
var mark = document.createElement("mark");
mark.textContent = w;
span.appendChild(mark);
text = " ";
} else {
text += w + " ";
}
});
text = text.replace(/ $/, "") + (hit.after ? " …" : "");
if (text) span.appendChild(document.createTextNode(text));
return span;
}
function render(items, query) {
list.textContent = "";
items.forEach(function (hit) {
var li = document.createElement("li");
var a = document.createElement("a");
a.className = "hit";
a.href = withHighlight(hit.url, query);
var kind = document.createElement("span");
kind.className = "hit__title";
kind.textContent = hit.title;
a.appendChild(kind);
if (hit.chapter) {
var chapter = document.createElement("span");
chapter.className = "hit__chapter";
chapter.textContent = hit.chapter;
a.appendChild(chapter);
}
a.appendChild(excerpt(hit));
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
var terms = termsOf(query);
var hits = [];
var pages = found.results;
var next = 0;
function more() {
if (mine !== generation) return null;
if (next >= pages.length || hits.length > SHOWN) return hits;
var batch = pages.slice(next, next + 4);
next += batch.length;
return Promise.all(
batch.map(function (r) {
return r.data();
})
).then(function (datas) {
datas.forEach(function (data) {
var places = placesOf(data, terms);
places.sort(function (a, b) {
return b.weight - a.weight;
});
hits = hits.concat(places);
});
return more();
});
}
return Promise.resolve(more()).then(function (all) {
if (!all || mine !== generation) return;
var complete = next >= pages.length && all.length <= SHOWN;
render(all.slice(0, SHOWN), query);
var n = all.length;
say(
n === 0
? "No results for “" + query + "”."
: complete
? n + (n === 1 ? " result." : " results.")
: "More than " + SHOWN + " results; the first " + SHOWN + " shown."
);
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
load().catch(function () {});
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
if (document.activeElement === input) {
if (location.protocol === "file:") {
open();
say("Search needs the edition to be served over http (for example with “edition serve”): opened from a file, the browser will not load the search index.");
} else if (input.value.trim()) {
search();
}
}
var params = new URLSearchParams(location.search);
if (params.get("q") && document.body.classList.contains("page--search")) {
input.value = params.get("q");
search();
}
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
