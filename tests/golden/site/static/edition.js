(function () {
"use strict";
var preview = null;
var owner = null;
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
preview = null;
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
return el && el.closest ? el.closest('a[role="doc-noteref"], a.xref') : null;
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
close(false);
}
});
document.addEventListener("keydown", function (e) {
if (e.key === "Escape" && preview) {
e.preventDefault();
close(true);
return;
}
var marker = isMarker(e.target);
if (marker && marker.classList.contains("xref")) marker = null; // Enter follows it
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
(function () {
"use strict";
var KEY = "edition-reading";
var root = document.documentElement;
function stored() {
try {
return localStorage.getItem(KEY);
} catch (e) {
return null;
}
}
function store(value) {
try {
localStorage.setItem(KEY, value);
} catch (e) {
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
(function () {
"use strict";
var here = document.currentScript ? document.currentScript.src : "";
var loading = {};
function need(name) {
if (!loading[name]) {
loading[name] = new Promise(function (resolve, reject) {
var script = document.createElement("script");
script.src = new URL(name + ".js", here || document.baseURI).href;
script.onload = resolve;
script.onerror = reject;
document.head.appendChild(script);
});
}
return loading[name];
}
var params = new URLSearchParams(location.search);
var input = document.getElementById("search-q");
if (input) {
if (params.get("hl") || (params.get("q") && document.body.classList.contains("page--search"))) {
need("search");
}
input.addEventListener("focus", function () {
need("search");
});
document.addEventListener("keydown", function (e) {
var t = e.target;
var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey && !loading.search) {
e.preventDefault();
input.focus();
input.select();
}
});
}
if (!document.querySelector(".text .para")) return;
function rangeAsked() {
if (/^#p\d+-p?\d+$/.test(decodeURIComponent(location.hash)) || params.get("range")) need("passages");
}
rangeAsked();
window.addEventListener("hashchange", rangeAsked);
var cite = document.getElementById("cite");
if (cite && "IntersectionObserver" in window) {
var seen = new IntersectionObserver(function (entries) {
if (entries.some(function (e) { return e.isIntersecting; })) {
seen.disconnect();
need("passages");
}
});
seen.observe(cite);
}
document.addEventListener("click", function (e) {
if (window.editionPassages) return;
var pnum = e.target.closest ? e.target.closest(".text .pnum") : null;
if (!pnum || e.ctrlKey || e.metaKey || e.shiftKey) return;
e.preventDefault();
need("passages").then(function () {
window.editionPassages.menu(pnum);
});
});
function selected() {
if (window.editionPassages) return;
var sel = window.getSelection();
if (!sel || sel.isCollapsed || !sel.rangeCount) return;
var node = sel.getRangeAt(0).startContainer.parentElement;
if (!node || !node.closest(".text .para")) return;
need("passages").then(function () {
window.editionPassages.offer();
});
}
document.addEventListener("mouseup", function () {
setTimeout(selected, 0);
});
document.addEventListener("keyup", function (e) {
if (e.shiftKey || e.key === "Shift") selected();
});
document.addEventListener("touchend", function () {
setTimeout(selected, 250);
});
})();
