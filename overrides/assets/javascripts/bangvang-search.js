/* Bảng vàng search: the header box and the /search/ page, answering from Pagefind.
 *
 * Pagefind's index is built by the site build into /pagefind/ and fetched in small chunks,
 * only when a reader starts searching. Every URL is made from Material's `base` (the path
 * from this page to the site root), so the search works at any depth and under a subpath.
 * Values from the index are put in the page as text; excerpts keep only Pagefind's <mark>.
 */
(function () {
  "use strict";

  var HEADER_HITS = 8;
  var PAGE_HITS = 20;
  // Pagefind matches with and without tone marks alike; among the first hits, those whose
  // title holds the query words exactly as typed (marks included) move to the top.
  var RERANK_WINDOW = 16;
  var FILTERS = ["kind", "unit", "award", "campaign", "year"];
  var EXCERPT_WORDS = 24;

  function siteRoot() {
    var base = ".";
    var config = document.getElementById("__config");
    if (config) {
      try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  var root = siteRoot();
  var pagefindPromise = null;

  /* Load and start Pagefind once (its script, worker, WebAssembly and page list), on first
   * use or when warmed; a failed load is forgotten so the next use tries again. */
  function pagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: EXCERPT_WORDS }).then(function () {
          return pf.init();
        }).then(function () { return pf; });
      });
      pagefindPromise.catch(function () { pagefindPromise = null; });
    }
    return pagefindPromise;
  }

  /* Start Pagefind before the reader types, so the first keystroke only fetches the index
   * chunks of its words. Errors are shown by the search that needs Pagefind, not here. */
  function warm() {
    pagefind().catch(function () { /* reported when searching */ });
  }

  /* Warm once the page is loaded and the browser is idle (at most 2 s later). */
  function warmWhenIdle() {
    function soon() {
      if (window.requestIdleCallback) window.requestIdleCallback(warm, { timeout: 2000 });
      else setTimeout(warm, 200);
    }
    if (document.readyState === "complete") soon();
    else window.addEventListener("load", soon, { once: true });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* Pagefind's excerpt is escaped text with <mark> around the hits: keep text and marks only. */
  function excerptNode(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    var out = el("p", "bv-hit__excerpt");
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        out.appendChild(el("mark", "", node.textContent));
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  /* Letters as a reader compares them: no tone marks, d for đ, lower case. */
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLocaleLowerCase("vi").replace(/[^\p{L}\p{N}]+/gu, "");
  }

  /* The other spellings of a name are indexed as hidden text at the end of the page so that
   * "dang van duc" finds "Đặng Văn Đức"; Pagefind then takes its excerpt from them. Such an
   * excerpt is replaced by one from the visible text, with the words that match the query
   * (folded, the last one as a prefix) highlighted here. */
  function visibleExcerpt(data, query, length) {
    var aliases = data.meta && data.meta.aliases;
    var html = data.excerpt || "";
    if (!aliases || !query) return html;
    var template = document.createElement("template");
    template.innerHTML = html;
    if (template.content.textContent.indexOf(aliases) < 0) return html;
    var content = data.content || "";
    var cut = content.lastIndexOf(aliases);
    var tokens = (cut >= 0 ? content.slice(0, cut) : content).split(/\s+/).filter(Boolean);
    var wanted = query.split(/\s+/).map(fold).filter(Boolean);
    function matches(token) {
      var folded = fold(token);
      return folded && wanted.some(function (w, i) {
        return folded === w || (i === wanted.length - 1 && folded.indexOf(w) === 0);
      });
    }
    var first = tokens.findIndex(matches);
    var start = Math.max(0, Math.min(first < 0 ? 0 : first - 3, tokens.length - length));
    return tokens.slice(start, start + length).map(function (token) {
      var escaped = token.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      return matches(token) ? "<mark>" + escaped + "</mark>" : escaped;
    }).join(" ");
  }

  /* One hit: title, the record kind and unit, the highlighted excerpt. */
  function hitContent(data) {
    var article = el("article", "md-search-result__article md-typeset bv-hit");
    article.appendChild(el("h1", "bv-hit__title", (data.meta && data.meta.title) || data.url));
    var meta = el("p", "bv-hit__meta");
    if (data.meta && data.meta.kind) meta.appendChild(el("span", "bv-badge bv-hit__kind", data.meta.kind));
    if (data.meta && data.meta.unit) meta.appendChild(el("span", "bv-hit__unit", data.meta.unit));
    if (meta.childNodes.length) article.appendChild(meta);
    article.appendChild(excerptNode(data.shownExcerpt || data.excerpt));
    return article;
  }

  function words(text) {
    return (text || "").normalize("NFC").toLocaleLowerCase("vi").split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  }

  /* Exact-diacritics matches in the title first; otherwise Pagefind's order is kept. */
  function rankExact(query, datas) {
    var wanted = words(query);
    function exact(data) {
      var title = words(data.meta && data.meta.title);
      return wanted.length && wanted.every(function (w) { return title.indexOf(w) >= 0; });
    }
    var first = datas.filter(exact);
    return first.concat(datas.filter(function (d) { return !exact(d); }));
  }

  /* Data of the first hits, exact matches first. */
  function hitData(query, results) {
    return Promise.all(results.map(function (r) {
      return r.data().then(function (data) {
        data.shownExcerpt = visibleExcerpt(data, query, EXCERPT_WORDS);
        return data;
      });
    }));
  }

  function topHits(query, results) {
    return hitData(query, results.slice(0, RERANK_WINDOW))
      .then(function (datas) { return query ? rankExact(query, datas) : datas; });
  }

  function noResultText(query) {
    return "Không tìm thấy kết quả cho “" + query + "”";
  }

  function countText(count) {
    return count + " kết quả";
  }

  /* ---------------------------------------------------------------- header box -------- */

  function headerSearch(box) {
    var toggle = document.getElementById("__search");
    var input = box.querySelector("#bv-search-input");
    var listbox = box.querySelector("#bv-search-listbox");
    var status = box.querySelector(".bv-search__status");
    var form = box.querySelector("form");
    var initialStatus = status.textContent;
    var active = -1;
    var generation = 0;

    function options() { return listbox.querySelectorAll("[role=option]"); }

    function open() {
      if (toggle && !toggle.checked) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
      pagefind();
    }

    function shut() {
      if (toggle && toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
      input.setAttribute("aria-expanded", "false");
    }

    function close() {
      shut();
      input.blur();
    }

    function setActive(index) {
      var all = options();
      active = all.length ? (index + all.length) % all.length : -1;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
        option.classList.toggle("bv-hit--active", i === active);
      });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", all[active].id);
        all[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function clear() {
      listbox.replaceChildren();
      active = -1;
      input.removeAttribute("aria-activedescendant");
      input.setAttribute("aria-expanded", "false");
    }

    function render(query, results, datas) {
      // A hit chosen with the arrow keys while this search ran stays chosen if still listed.
      var chosen = active >= 0 && options()[active] ? options()[active].querySelector("a").href : "";
      clear();
      if (!results.length) {
        status.textContent = noResultText(query);
        status.classList.add("bv-search__status--none");
        return;
      }
      status.classList.remove("bv-search__status--none");
      status.textContent = countText(results.length);
      datas.forEach(function (data, i) {
        var item = el("li", "md-search-result__item bv-hit-option");
        item.id = "bv-search-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var link = el("a", "md-search-result__link");
        link.href = data.url;
        link.tabIndex = -1;
        link.appendChild(hitContent(data));
        item.appendChild(link);
        listbox.appendChild(item);
      });
      if (results.length > datas.length) {
        var more = el("li", "md-search-result__item bv-hit-option bv-hit-more");
        more.id = "bv-search-option-more";
        more.setAttribute("role", "option");
        more.setAttribute("aria-selected", "false");
        var link = el("a", "md-search-result__link", "Xem tất cả " + results.length + " kết quả");
        link.href = searchPageUrl(query);
        link.tabIndex = -1;
        more.appendChild(link);
        listbox.appendChild(more);
      }
      input.setAttribute("aria-expanded", "true");
      if (chosen) {
        var again = Array.prototype.findIndex.call(options(), function (option) {
          return option.querySelector("a").href === chosen;
        });
        if (again >= 0) setActive(again);
      }
    }

    function searchPageUrl(query) {
      var url = new URL("search/", root);
      url.searchParams.set("q", query);
      return url.href;
    }

    function run() {
      var query = input.value.trim();
      var mine = ++generation;
      if (!query) {
        clear();
        status.textContent = initialStatus;
        status.classList.remove("bv-search__status--none");
        return;
      }
      // debouncedSearch preloads the query's index chunks at once, then waits 120 ms for
      // more keystrokes before ranking.
      pagefind().then(function (pf) {
        return pf.debouncedSearch(query, {}, 120);
      }).then(function (search) {
        if (search === null || mine !== generation) return null;
        var results = search.results;
        return topHits(query, results).then(function (datas) {
          if (mine === generation) render(query, results, datas.slice(0, HEADER_HITS));
        });
      }).catch(function () {
        if (mine === generation) status.textContent = "Không tải được chỉ mục tìm kiếm.";
      });
    }

    input.addEventListener("focus", open);
    // Tabbing on past the box closes it, or on a phone its panel would cover the page the
    // focus moved to. (A click elsewhere has no focus target and is left to Material.)
    box.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (!next || box.contains(next)) return;
      shut();
      // While open on a phone, Material locks the page's scrolling, so the browser could not
      // bring the newly focused element into view: do it once the lock is gone.
      function reveal() {
        if (document.activeElement === next) next.scrollIntoView({ block: "nearest" });
      }
      var body = document.body;
      if (!body.hasAttribute("data-md-scrolllock")) {
        setTimeout(reveal, 0);
        return;
      }
      new MutationObserver(function (changes, observer) {
        if (body.hasAttribute("data-md-scrolllock")) return;
        observer.disconnect();
        reveal();
      }).observe(body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
    });
    // A tap or click on the box (or its icon on a phone) warms Pagefind before focus lands.
    box.addEventListener("pointerdown", warm);
    document.querySelectorAll('label[for="__search"]').forEach(function (label) {
      label.addEventListener("pointerdown", warm);
    });
    input.addEventListener("input", run);
    form.addEventListener("reset", function () {
      setTimeout(function () { run(); input.focus(); }, 0);
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked && document.activeElement !== input) input.focus();
      });
    }

    input.addEventListener("keydown", function (event) {
      var count = options().length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (count) setActive(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (count) setActive(active < 0 ? count - 1 : active - 1);
      } else if (event.key === "Enter") {
        event.preventDefault();
        var chosen = active >= 0 ? options()[active] : null;
        var query = input.value.trim();
        if (chosen) {
          window.location.href = chosen.querySelector("a").href;
        } else if (query) {
          window.location.href = searchPageUrl(query);
        }
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });

    listbox.addEventListener("mousemove", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) setActive(Array.prototype.indexOf.call(options(), option));
    });

    /* "/" and "s" open the search from anywhere but a text field. */
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== "/" && event.key !== "s" && event.key !== "S") return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.nodeName))) {
        return;
      }
      event.preventDefault();
      open();
      input.focus();
    });
  }

  /* ---------------------------------------------------------------- /search/ page ------ */

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    FILTERS.forEach(function (name) {
      var values = params.getAll(name).filter(Boolean);
      if (values.length) filters[name] = values;
    });
    return { q: (params.get("q") || "").trim(), filters: filters };
  }

  function stateUrl(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FILTERS.forEach(function (name) {
      (state.filters[name] || []).forEach(function (value) { params.append(name, value); });
    });
    var search = params.toString();
    return window.location.pathname + (search ? "?" + search : "");
  }

  function searchPage(container) {
    var form = container.querySelector("form");
    var input = container.querySelector("#bv-q");
    var status = container.querySelector(".bv-search-page__status");
    var hits = container.querySelector(".bv-search-page__hits");
    var moreButton = container.querySelector(".bv-search-page__more");
    var state = readState();
    var results = [];
    var shown = 0;
    var generation = 0;
    var allFilters = null;

    function pagefindFilters(filters) {
      var out = {};
      Object.keys(filters).forEach(function (name) { out[name] = { any: filters[name] }; });
      return out;
    }

    function renderFacets(counts) {
      FILTERS.forEach(function (name) {
        var box = container.querySelector('[data-filter="' + name + '"] .bv-facet__options');
        if (!box) return;
        var chosen = state.filters[name] || [];
        var values = Object.keys(allFilters[name] || {});
        chosen.forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
        values.sort(function (a, b) {
          return name === "year" ? b.localeCompare(a) : a.localeCompare(b, "vi");
        });
        box.replaceChildren();
        values.forEach(function (value, i) {
          var count = counts && counts[name] ? counts[name][value] || 0 : 0;
          var id = "bv-f-" + name + "-" + i;
          var row = el("div", "bv-facet__option");
          var check = el("input");
          check.type = "checkbox";
          check.name = name;
          check.value = value;
          check.id = id;
          check.checked = chosen.indexOf(value) >= 0;
          var label = el("label", "", value + " ");
          label.htmlFor = id;
          label.appendChild(el("span", "bv-facet__count", "(" + count + ")"));
          if (!count && !check.checked) row.classList.add("bv-facet__option--empty");
          row.appendChild(check);
          row.appendChild(label);
          box.appendChild(row);
        });
        box.closest("fieldset").hidden = values.length === 0;
      });
    }

    function showMore() {
      var mine = generation;
      var next = shown === 0
        ? topHits(state.q, results).then(function (datas) {
          // The re-ranked window, then the rest of the first page in Pagefind's order.
          var rest = results.slice(datas.length, PAGE_HITS);
          return hitData(state.q, rest)
            .then(function (more) { return datas.concat(more); });
        })
        : hitData(state.q, results.slice(shown, shown + PAGE_HITS));
      next.then(function (datas) {
        if (mine !== generation) return;
        datas.forEach(function (data) {
          var item = el("li", "bv-search-page__hit");
          var link = el("a", "bv-search-page__link");
          link.href = data.url;
          link.appendChild(hitContent(data));
          item.appendChild(link);
          hits.appendChild(item);
        });
        shown += datas.length;
        moreButton.hidden = shown >= results.length;
      });
    }

    function run() {
      var mine = ++generation;
      input.value = state.q;
      var hasFilters = Object.keys(state.filters).length > 0;
      container.setAttribute("aria-busy", "true");
      pagefind().then(function (pf) {
        var filtersReady = allFilters ? Promise.resolve(allFilters) : pf.filters();
        return filtersReady.then(function (filters) {
          allFilters = filters;
          if (!state.q && !hasFilters) return null;
          var query = state.q || null;
          // Values of one facet add up (any of them), so each chosen facet is counted as if
          // its own choice were not made: the numbers say what ticking one more would give.
          var chosen = Object.keys(state.filters);
          return Promise.all([pf.search(query, { filters: pagefindFilters(state.filters) })]
            .concat(chosen.map(function (name) {
              var others = Object.assign({}, state.filters);
              delete others[name];
              return pf.search(query, { filters: pagefindFilters(others) });
            }))).then(function (searches) {
            var main = searches[0];
            var counts = Object.assign({}, main.filters);
            chosen.forEach(function (name, i) { counts[name] = searches[i + 1].filters[name]; });
            main.facetCounts = counts;
            return main;
          });
        });
      }).then(function (search) {
        if (mine !== generation) return;
        container.removeAttribute("aria-busy");
        hits.replaceChildren();
        shown = 0;
        results = search ? search.results : [];
        renderFacets(search ? search.facetCounts : allFilters);
        if (!search) {
          status.textContent = "Gõ từ khoá hoặc chọn bộ lọc để tìm.";
          moreButton.hidden = true;
          return;
        }
        if (!results.length) {
          status.textContent = state.q ? noResultText(state.q) : "Không có kết quả với bộ lọc đã chọn";
          moreButton.hidden = true;
          return;
        }
        status.textContent = countText(results.length) + (state.q ? " cho “" + state.q + "”" : "");
        showMore();
      }).catch(function () {
        status.textContent = "Không tải được chỉ mục tìm kiếm.";
      });
    }

    function formState() {
      var filters = {};
      FILTERS.forEach(function (name) {
        var values = Array.prototype.map.call(
          form.querySelectorAll('input[name="' + name + '"]:checked'),
          function (c) { return c.value; });
        if (values.length) filters[name] = values;
      });
      return { q: input.value.trim(), filters: filters };
    }

    function commit(push) {
      state = formState();
      var url = stateUrl(state);
      if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
      run();
    }

    var typing = null;
    input.addEventListener("input", function () {
      clearTimeout(typing);
      // Fetch the words' index chunks while the reader may still be typing.
      var query = input.value.trim();
      if (query) pagefind().then(function (pf) { return pf.preload(query); }).catch(function () {});
      typing = setTimeout(function () { commit(false); }, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(typing);
      commit(true);
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") commit(true);
    });
    moreButton.addEventListener("click", showMore);
    // On a phone the filters fold away unless the URL chose some; wide screens always show them.
    var toggle = container.querySelector(".bv-facets-toggle");
    toggle.setAttribute("aria-expanded", Object.keys(state.filters).length ? "true" : "false");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
    });
    window.addEventListener("popstate", function () {
      state = readState();
      run();
    });
    run();
  }

  function start() {
    var box = document.querySelector("[data-bv-search]");
    if (box) headerSearch(box);
    var page = document.getElementById("bv-search-page");
    if (page) searchPage(page);  // starts Pagefind and loads the filters at once
    else if (box) warmWhenIdle();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
