/* The exported page: draw the graph and show the clicked paper in the side panel (text only, never HTML). */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const details = JSON.parse(document.getElementById("graph-details").textContent);
  const panel = document.getElementById("details");

  function add(tag, text, className) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (className) el.className = className;
    panel.appendChild(el);
    return el;
  }

  function show(key) {
    const paper = details[key];
    panel.replaceChildren();
    panel.scrollTop = 0;
    if (!paper) {
      add("p", "Click a group to see how many papers it holds; papers are listed one by one in the app.", "meta");
      return;
    }
    add("h2", paper.title);
    if (paper.title_zh) add("div", paper.title_zh, "zh-title");
    if (paper.meta) add("div", paper.meta, "meta");
    if (paper.links.length) {
      const links = add("div", "", "links");
      for (const [name, url] of paper.links) {
        if (!/^https?:\/\//.test(url)) continue;
        const a = document.createElement("a");
        a.href = url;
        a.textContent = name;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        links.appendChild(a);
      }
    }
    for (const [label, text] of paper.sections) {
      add("h3", label);
      add("p", text);
    }
    let list = null;
    let heading = "";
    for (const [group, other, name] of paper.related) {
      if (group !== heading) {
        add("h3", (heading = group));
        list = add("ul", "", "related");
      }
      const item = document.createElement("li");
      if (details[other]) {
        // A drawn paper: its name selects it, here and on the graph.
        const link = document.createElement("button");
        link.type = "button";
        link.className = "paper-link";
        link.textContent = name;
        link.addEventListener("click", () => select(other));
        item.appendChild(link);
      } else {
        item.textContent = name + " (not drawn)";
      }
      list.appendChild(item);
    }
    // The app's "Focus the graph on this paper", for a page that cannot redraw itself.
    add("p", "Its own lineage: readinglist graph --target " + key + " --out lineage.html", "meta");
  }

  function select(key) {
    network.selectNodes(window.readinglistHasNode(network, key) ? [key] : []);
    show(key);
  }

  const network = window.readinglistDraw(document.getElementById("graph"), data, show);
  show(data.focus);
})();
