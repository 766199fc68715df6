/* Bảng vàng search: the header box and the /search/ page.
 *
 * The word sets, name index and filter sets the build writes into /lookup/ answer every
 * query (exemplars.site.lookup): a few small files, fetched when a reader starts searching,
 * whatever the number of matches. Pagefind's full-text index (/pagefind/) answers only when
 * they cannot be loaded. Every URL is made from Material's `base` (the path from this page
 * to the site root), so the search works at any depth and under a subpath. Values from the
 * indexes are put in the page as text.
 */
(function () {
  "use strict";

  var HEADER_HITS = 8;
  var PAGE_HITS = 20;
  var FILTERS = ["kind", "unit", "award", "campaign", "year"];

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
        // Pagefind's own excerpts are not used (see excerptNode): the shortest length spares
        // it the work. Without exact diacritics "hoa" finds "Hòa"; marks typed still rank
        // first (see tier).
        return pf.options({ baseUrl: root.pathname, excerptLength: 1, exactDiacritics: false })
          .then(function () {
          return pf.init();
        }).then(function () { return pf; });
      });
      pagefindPromise.catch(function () { pagefindPromise = null; });
    }
    return pagefindPromise;
  }

  /* Fetch the dictionaries before the reader types: the word sets, filter sets and name
   * index answer every query from them. Pagefind (its script, WebAssembly and a page list
   * that grows with the site: ~240 KB at 10,000 records, ~400 KB at 50,000) starts only if
   * they cannot be loaded. */
  function warm() {
    lookupTerms().catch(function () { /* full text alone still answers */ });
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

  /* ------------------------------------------------------------- folding, like exemplars.text */

  /* Letters as a reader compares them: no tone marks, d for đ, lower case (text.fold). */
  function foldText(text) {
    return (text || "").normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐÐ]/g, "d")
      .toLowerCase();
  }

  /* lookup.name_key: folded words of letters and digits, one space apart. */
  function nameKey(text) {
    return foldText(text).replace(/[^a-z0-9]+/g, " ").trim();
  }

  /* lookup.number_key: "245/QĐ-UBND" → "245/qdubnd". */
  function numberKey(text) {
    return foldText(text).replace(/[^a-z0-9/]+/g, "");
  }

  var NUMBER = /^(?:(?:quyet dinh|qd)\s*)?(?:so\s*)?(\d+(?:\s*\/\s*[a-z0-9][a-z0-9\s\/-]*)?)$/;

  /* The decision number a query names, as a key prefix, or "": "245/QĐ-UBND", "245/qd-ubnd",
   * "so 245", "quyết định số 245", "245". A bare year stays a year. */
  function numberQuery(query, terms) {
    var folded = foldText(query).trim();
    var match = NUMBER.exec(folded);
    if (!match) return "";
    var key = numberKey(match[1]);
    var bare = /^\d+$/.test(folded);
    if (bare && terms && terms.phrases[folded]) return "";
    return key;
  }

  /* ------------------------------------------------------------- dictionaries and name index */

  var lookupPromise = null;
  var shardPromises = {};

  function fetchJson(path) {
    return fetch(new URL(path, root).href).then(function (response) {
      if (!response.ok) throw new Error(path + ": " + response.status);
      return response.json();
    });
  }

  /* lookup/terms.json: facet phrases and the name index's shard list, fetched once. */
  function lookupTerms() {
    if (!lookupPromise) {
      lookupPromise = fetchJson("lookup/terms.json").then(function (terms) {
        terms.firstKeys = terms.shards.map(function (s) { return s[0]; });
        return terms;
      });
      lookupPromise.catch(function () { lookupPromise = null; });
    }
    return lookupPromise;
  }

  function shard(terms, index) {
    var digest = terms.shards[index][1];
    if (!shardPromises[digest]) {
      shardPromises[digest] = fetchJson("lookup/n/" + digest + ".json");
      shardPromises[digest].catch(function () { delete shardPromises[digest]; });
    }
    return shardPromises[digest];
  }

  /* lookup.sort_key: names before decision numbers, each in key order. */
  function keyOrder(a, b) {
    var da = /^\d/.test(a);
    var db = /^\d/.test(b);
    if (da !== db) return da ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /* lookup.shard_for: the last shard whose first key is not after `key`. */
  function shardFor(firstKeys, key) {
    var lo = 0;
    var hi = firstKeys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keyOrder(firstKeys[mid], key) <= 0) lo = mid + 1; else hi = mid;
    }
    return Math.max(lo - 1, 0);
  }

  /* A row of the name index as a hit. */
  function rowHit(row) {
    return { key: row[0], title: row[1], url: new URL(row[2], root).href, kind: row[3],
      unit: row[4], text: row[5], source: "name" };
  }

  /* Filter sets (lookup.filter_sets): the records of a filter value by name index position. */
  var setPromises = {};

  function filterSet(id) {
    if (!setPromises[id]) {
      setPromises[id] = fetchJson("lookup/s/" + id + ".json").then(function (set) {
        var at = 0;
        set.positions = set.gaps.map(function (gap) { at += gap; return at; });
        return set;
      });
      setPromises[id].catch(function () { delete setPromises[id]; });
    }
    return setPromises[id];
  }

  /* Rows at these positions of the name index, from the shards that hold them. */
  function rowsAt(terms, positions) {
    return Promise.all(positions.map(function (p) {
      return shard(terms, Math.floor(p / terms.shardSize)).then(function (rows) {
        return rowHit(rows[p % terms.shardSize]);
      });
    }));
  }

  /* The set ids of a query made of filters: {facet: [ids]} from the chips and the ticks. */
  function filterGroups(terms, chips, ticked) {
    var groups = {};
    function add(facet, id) {
      var list = groups[facet] || (groups[facet] = []);
      if (list.indexOf(id) < 0) list.push(id);
    }
    chips.forEach(function (chip) { add(chip.facet, chip.set); });
    Object.keys(ticked).forEach(function (facet) {
      ticked[facet].forEach(function (value) {
        var id = terms.filters[facet] && terms.filters[facet][value];
        add(facet, id || "none");
      });
    });
    return groups;
  }

  /* Records matching filter groups (any set of a facet, every facet), without Pagefind:
   * {count, page(offset, n) → hits}. One set answers from its own file; several intersect
   * their positions and read the rows from the name index's shards. */
  function setAnswer(terms, groups) {
    var facets = Object.keys(groups);
    var ids = [].concat.apply([], facets.map(function (f) { return groups[f]; }));
    if (ids.indexOf("none") >= 0) {
      return Promise.resolve({ count: 0, page: function () { return Promise.resolve([]); } });
    }
    return Promise.all(ids.map(filterSet)).then(function (sets) {
      var byId = {};
      ids.forEach(function (id, i) { byId[id] = sets[i]; });
      var positions;
      var first = null;
      if (ids.length === 1) {
        positions = sets[0].positions;
        first = sets[0].rows.map(rowHit);
      } else {
        var wanted = facets.map(function (facet) {
          var union = {};
          groups[facet].forEach(function (id) {
            byId[id].positions.forEach(function (p) { union[p] = true; });
          });
          return union;
        });
        var union0 = Object.keys(wanted[0]).map(Number).sort(function (a, b) { return a - b; });
        positions = union0.filter(function (p) {
          return wanted.every(function (set) { return set[p]; });
        });
      }
      return {
        count: positions.length,
        page: function (offset, n) {
          if (first && offset + n <= first.length) return Promise.resolve(first.slice(offset, offset + n));
          return rowsAt(terms, positions.slice(offset, offset + n));
        },
      };
    });
  }

  /* ------------------------------------------------------------- word sets (lookup.word_files) */

  // The query is the reader's (or a link's: ?q=…): a longer one is read up to these limits
  // (a pasted citation is still found by its first words).
  var MAX_QUERY_CHARS = 400;
  var MAX_QUERY_WORDS = 32;
  var EMPTY_SET = { a: [], s: [], n: [] };
  var wordFilePromises = {};

  /* lookup/<folder>/<id>/<name>.json, or null: `name` must already be folded to [a-z0-9_]. */
  function wordPath(terms, folder, name) {
    var w = terms.words;
    if (!w || !/^[0-9a-f]{6,64}$/.test(w.id) || !/^[a-z0-9_]{1,80}$/.test(name)) return null;
    return "lookup/" + folder + "/" + w.id + "/" + name + ".json";
  }

  /* A word-set file, or null when there is none (a word no record holds). */
  function wordFile(terms, folder, name) {
    var path = wordPath(terms, folder, name);
    if (!path) return Promise.resolve(null);
    if (!wordFilePromises[path]) {
      wordFilePromises[path] = fetch(new URL(path, root).href).then(function (response) {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
      wordFilePromises[path].catch(function () { delete wordFilePromises[path]; });
    }
    return wordFilePromises[path];
  }

  /* lookup.encode_positions: the gaps between positions, or a base64 bitmap. */
  function decodePositions(data, total) {
    var out = [];
    if (typeof data === "string") {
      var bits = atob(data);
      for (var p = 0; p < total; p++) {
        if ((bits.charCodeAt(p >> 3) >> (p & 7)) & 1) out.push(p);
      }
      return out;
    }
    var at = 0;
    (data || []).forEach(function (gap) { at += gap; out.push(at); });
    return out;
  }

  /* Positions in every list (each ascending), ascending. */
  function intersect(lists, total) {
    if (!lists.length) return [];
    var count = new Uint8Array(total);
    lists.forEach(function (list) { list.forEach(function (p) { count[p] += 1; }); });
    var smallest = lists.reduce(function (a, b) { return a.length <= b.length ? a : b; });
    return smallest.filter(function (p) { return count[p] === lists.length; });
  }

  /* The words and quoted phrases of a query's text, folded to [a-z0-9]: {words, phrases,
   * all}; null when it has no word. Past MAX_QUERY_WORDS words the rest is left out. */
  function wordQuery(terms, text) {
    if (!terms.words || !text) return null;
    text = text.slice(0, MAX_QUERY_CHARS);
    var words = [];
    var phrases = [];
    text.split(/("[^"]*"?)/).forEach(function (part) {
      if (!part) return;
      var folded = nameKey(part).split(" ").filter(Boolean);
      if (part.charAt(0) === '"' && folded.length > 1) phrases.push(folded);
      else words.push.apply(words, folded);
    });
    var all = [];
    words.concat.apply(words, phrases).forEach(function (w) {
      if (all.indexOf(w) < 0) all.push(w);
    });
    if (!all.length) return null;
    if (all.length > MAX_QUERY_WORDS) {
      all = all.slice(0, MAX_QUERY_WORDS);
      var kept = function (w) { return all.indexOf(w) >= 0; };
      words = words.filter(kept);
      phrases = phrases.filter(function (phrase) { return phrase.every(kept); });
    }
    return { words: words, phrases: phrases, all: all };
  }

  /* Rows of the word sets' chunks (name, link, kind, unit, visible text) at these positions. */
  function wordRows(terms, positions) {
    var size = terms.words.chunk;
    return Promise.all(positions.map(function (p) {
      return wordFile(terms, "r", String(Math.floor(p / size))).then(function (rows) {
        var hit = rowHit(rows[p % size]);
        hit.source = "words";
        return hit;
      });
    }));
  }

  /* Is each phrase in one of these fields (folded words), word after word? */
  function fieldsHold(fields, phrases) {
    var padded = fields.map(function (f) { return " " + f + " "; });
    return phrases.every(function (phrase) {
      var wanted = " " + phrase.join(" ") + " ";
      return padded.some(function (f) { return f.indexOf(wanted) >= 0; });
    });
  }

  /* Does the record `hit` (at position `p`) hold each phrase? What its result shows (name,
   * unit, the start of its text) answers most; the rest of its text is read only if not. */
  function holdsPhrases(terms, p, hit, phrases) {
    if (fieldsHold([nameKey(hit.title), nameKey(hit.unit), nameKey(hit.text)], phrases)) {
      return Promise.resolve(true);
    }
    var size = terms.words.chunk;
    return wordFile(terms, "t", String(Math.floor(p / size))).then(function (texts) {
      return fieldsHold(texts[p % size] || [], phrases);
    });
  }

  /* Positions of the records the filter groups allow, or null for no filter. */
  function groupPositions(terms, groups) {
    var facets = Object.keys(groups);
    if (!facets.length) return Promise.resolve(null);
    return Promise.all(facets.map(function (facet) {
      return Promise.all(groups[facet].map(function (id) {
        return id === "none" ? { positions: [] } : filterSet(id);
      })).then(function (sets) {
        var union = {};
        sets.forEach(function (set) { set.positions.forEach(function (p) { union[p] = true; }); });
        return Object.keys(union).map(Number).sort(function (a, b) { return a - b; });
      });
    })).then(function (lists) { return intersect(lists, terms.words.total); });
  }

  /* A word file's three sets, decoded: {a: holding it, s: showing it, n: named with it}. */
  function decodedSet(file, total) {
    var a = decodePositions(file.a, total);
    return { a: a, s: file.s ? decodePositions(file.s, total) : a, n: decodePositions(file.n, total) };
  }

  /* The union of several words' sets (the words a fragment completes to). */
  function unionSets(sets, total) {
    function merge(key) {
      var seen = new Uint8Array(total);
      var out = [];
      sets.forEach(function (set) {
        set[key].forEach(function (p) { if (!seen[p]) { seen[p] = 1; out.push(p); } });
      });
      return out.sort(function (x, y) { return x - y; });
    }
    return { a: merge("a"), s: merge("s"), n: merge("n") };
  }

  /* The sets of one query word: its own file; else, for a word outside quotes, the words of
   * the vocabulary that start with it (a word being typed): their own files, or past
   * `completions` of them the file of the beginning (lookup.prefix_sets); none when no
   * word does (a word no record holds, quoted or longer than any syllable). */
  function wordSet(terms, word, open) {
    var total = terms.words.total;
    return wordFile(terms, "w", word).then(function (file) {
      if (file) return decodedSet(file, total);
      if (!open) return EMPTY_SET;
      return wordFile(terms, "w", "_all").then(function (vocabulary) {
        if (typeof vocabulary !== "string") throw new Error("lookup: no vocabulary");
        var completions = vocabulary.split(" ").filter(function (w) {
          return w.indexOf(word) === 0;
        });
        if (!completions.length) return EMPTY_SET;
        if (completions.length > (terms.words.completions || 10)) {
          return wordFile(terms, "x", word).then(function (start) {
            return start ? decodedSet(start, total) : EMPTY_SET;
          });
        }
        return Promise.all(completions.map(function (w) { return wordFile(terms, "w", w); }))
          .then(function (files) {
            return unionSets(files.filter(Boolean).map(function (f) { return decodedSet(f, total); }), total);
          });
      });
    });
  }

  /* The records holding every word (and every quoted phrase) of `wq` among those the filter
   * groups allow, from a few small files whatever the number of matches: {count, page,
   * base}; `base` is the records the text alone finds (for the facet counts). Records whose
   * name holds every word come first, then those whose result shows every word, then the
   * others (a word in the body). A file that fails to load rejects. */
  function wordAnswer(terms, wq, groups) {
    var total = terms.words.total;
    var pairs = [];
    var quoted = [];
    wq.phrases.forEach(function (phrase) {
      for (var i = 0; i < phrase.length; i++) {
        if (quoted.indexOf(phrase[i]) < 0) quoted.push(phrase[i]);
        var pair = i + 1 < phrase.length ? phrase[i] + "_" + phrase[i + 1] : "";
        if (pair && pairs.indexOf(pair) < 0) pairs.push(pair);
      }
    });
    return Promise.all([
      Promise.all(wq.all.map(function (w) { return wordSet(terms, w, quoted.indexOf(w) < 0); })),
      Promise.all(pairs.map(function (pair) { return wordFile(terms, "p", pair); })),
      groupPositions(terms, groups),
    ]).then(function (loaded) {
      var sets = loaded[0];
      var pairFiles = loaded[1];  // null: no record has the two words side by side
      var lists = sets.map(function (set) { return set.a; })
        .concat(pairFiles.map(function (f) { return decodePositions(f, total); }));
      var base = intersect(lists, total);
      var matching = loaded[2] ? intersect([base, loaded[2]], total) : base;
      var rank = new Uint8Array(total);
      intersect(sets.map(function (set) { return set.s; }).concat([matching]), total)
        .forEach(function (p) { rank[p] = 1; });
      intersect(sets.map(function (set) { return set.n; }).concat([matching]), total)
        .forEach(function (p) { rank[p] = 2; });
      var order = [2, 1, 0].map(function (r) {
        return matching.filter(function (p) { return rank[p] === r; });
      }).reduce(function (a, b) { return a.concat(b); });
      var long = wq.phrases.filter(function (phrase) { return phrase.length > 2; });
      if (!long.length) {
        // Pairs are exact for words and two-word phrases: no record is checked.
        return { count: order.length, base: base, page: function (offset, n) {
          return wordRows(terms, order.slice(offset, offset + n));
        } };
      }
      // A phrase of three words or more: records with each of its pairs, checked one by one
      // against their folded text as they are shown.
      var kept = [];
      var next = 0;
      var dropped = 0;
      function fill(upTo) {
        if (kept.length >= upTo || next >= order.length) return Promise.resolve();
        var batch = order.slice(next, next + Math.max(upTo - kept.length, 8));
        next += batch.length;
        return wordRows(terms, batch).then(function (hits) {
          return Promise.all(batch.map(function (p, i) {
            return holdsPhrases(terms, p, hits[i], long);
          })).then(function (holds) {
            hits.forEach(function (hit, i) {
              if (holds[i]) kept.push(hit); else dropped += 1;
            });
            return fill(upTo);
          });
        });
      }
      var answer = { count: order.length, base: base, page: function (offset, n) {
        return fill(offset + n).then(function () {
          answer.count = order.length - dropped;
          return kept.slice(offset, offset + n);
        });
      } };
      return answer;
    });
  }

  var NO_ANSWER = { count: 0, base: [], page: function () { return Promise.resolve([]); } };

  /* The word-set answer to a query's text with these filter groups (none for a text without
   * a word), or null when the word sets cannot be loaded (a file failed, or the terms came
   * from an older build): then Pagefind's full-text index answers. */
  function wordSearch(text, chips, ticked) {
    return lookupTerms().then(function (terms) {
      var wq = wordQuery(terms, text);
      return wq ? wordAnswer(terms, wq, filterGroups(terms, chips, ticked)) : NO_ANSWER;
    }).catch(function () { return null; });
  }

  /* Every facet value's records (lookup/f/<id>.json), decoded: {facet: {value: positions}}. */
  var facetPromise = null;

  function facetValues(terms) {
    if (!facetPromise) {
      var id = String(terms.facets || "");
      if (!/^[0-9a-f]{6,64}$/.test(id) || !terms.words) return Promise.reject(new Error("facets"));
      facetPromise = fetchJson("lookup/f/" + id + ".json").then(function (file) {
        var out = {};
        Object.keys(file).forEach(function (facet) {
          out[facet] = {};
          Object.keys(file[facet]).forEach(function (value) {
            out[facet][value] = decodePositions(file[facet][value], terms.words.total);
          });
        });
        return out;
      });
      facetPromise.catch(function () { facetPromise = null; });
    }
    return facetPromise;
  }

  /* {facet: {value: count}}: for each value, the records among `base` (null: all) and
   * `allowed` (null: all) that the other facets' ticks allow and that hold the value. */
  function facetCounts(facets, total, base, allowed, ticked) {
    var scope = new Uint8Array(total);
    if (base) base.forEach(function (p) { scope[p] = 1; }); else scope.fill(1);
    if (allowed) {
      var keep = new Uint8Array(total);
      allowed.forEach(function (p) { keep[p] = 1; });
      for (var i = 0; i < total; i++) scope[i] &= keep[i];
    }
    var chosen = Object.keys(ticked).filter(function (facet) { return facets[facet]; });
    // How many of the ticked facets allow each record.
    var allows = new Uint8Array(total);
    var tickedBy = {};
    chosen.forEach(function (facet) {
      var mine = tickedBy[facet] = new Uint8Array(total);
      ticked[facet].forEach(function (value) {
        (facets[facet][value] || []).forEach(function (p) { mine[p] = 1; });
      });
      for (var i = 0; i < total; i++) allows[i] += mine[i];
    });
    var counts = {};
    Object.keys(facets).forEach(function (facet) {
      // A record counts for this facet if every other ticked facet allows it.
      var need = chosen.length - (tickedBy[facet] ? 1 : 0);
      var own = tickedBy[facet];
      counts[facet] = {};
      Object.keys(facets[facet]).forEach(function (value) {
        var n = 0;
        facets[facet][value].forEach(function (p) {
          if (scope[p] && allows[p] - (own ? own[p] : 0) === need) n += 1;
        });
        counts[facet][value] = n;
      });
    });
    return counts;
  }

  /* Names (or decision numbers) that start with `key`, in key order, so an exact name comes
   * first: the shard where `key` sorts, and the next ones while they still start with it. */
  function keyHits(terms, key, limit, accept) {
    if (!key || !terms.shards.length) return Promise.resolve([]);
    var hits = [];
    var index = shardFor(terms.firstKeys, key);
    function more(i, loaded) {
      return shard(terms, i).then(function (rows) {
        rows.forEach(function (row) {
          if (hits.length < limit && row[0].indexOf(key) === 0 && accept(row[0])) {
            hits.push(rowHit(row));
          }
        });
        var next = i + 1;
        if (hits.length < limit && loaded < 3 && next < terms.shards.length &&
            terms.firstKeys[next].indexOf(key) === 0) {
          return more(next, loaded + 1);
        }
        return hits;
      });
    }
    return more(index, 1);
  }

  function nameHits(terms, query, limit) {
    var key = nameKey(query);
    return keyHits(terms, key, limit, function () { return true; });
  }

  function decisionHits(terms, number, limit) {
    // "245" is 245/… and not 2450/…
    return keyHits(terms, number, limit, function (key) {
      return number.indexOf("/") >= 0 || key === number || key.charAt(number.length) === "/";
    });
  }

  /* Query understanding: runs of words that name a unit, an award, a kind or a year become
   * filters (answered by Pagefind's filter index, not by scoring text); quoted parts stay
   * text. Returns {chips: [{facet, label, values, words}], filters, rest}. */
  function understand(terms, query) {
    var out = { chips: [], filters: {}, rest: "" };
    var rest = [];
    var parts = query.split(/("[^"]*"?)/);
    parts.forEach(function (part) {
      if (!part) return;
      if (part.charAt(0) === '"') { rest.push(part); return; }
      var words = part.split(/\s+/).filter(Boolean);
      var folded = words.map(nameKey);
      var i = 0;
      while (i < words.length) {
        var found = 0;
        for (var n = Math.min(words.length - i, 12); n >= 1 && !found; n--) {
          var phrase = folded.slice(i, i + n).join(" ").replace(/\s+/g, " ").trim();
          var named = phrase && terms.phrases[phrase];
          if (!named) continue;
          named.forEach(function (index) {
            var value = terms.values[index];
            var chip = { facet: value[0], label: value[1], values: value[2], set: value[3],
              words: words.slice(i, i + n).join(" ") };
            out.chips.push(chip);
            var list = out.filters[chip.facet] || (out.filters[chip.facet] = []);
            chip.values.forEach(function (v) { if (list.indexOf(v) < 0) list.push(v); });
          });
          found = n;
        }
        if (found) { i += found; } else { rest.push(words[i]); i += 1; }
      }
    });
    out.rest = rest.join(" ").trim();
    return out;
  }

  /* ------------------------------------------------------------- excerpts and ranking */

  var EXCERPT_CHARS = 200;

  function sentences(text) {
    return (text || "").split(/(?<=[.!?…])\s+/).map(function (s) { return s.trim(); })
      .filter(Boolean);
  }

  /* A word of the record matches a query word folded alike; the last query word also as
   * a prefix (the reader may still be typing it). */
  function wordMatcher(query) {
    var wanted = nameKey(query.replace(/"/g, " ")).split(" ").filter(Boolean);
    return function (word) {
      var folded = nameKey(word);
      if (!folded) return -1;
      for (var i = 0; i < wanted.length; i++) {
        if (folded === wanted[i] || (i === wanted.length - 1 && wanted[i].length > 1 &&
            folded.indexOf(wanted[i]) === 0)) return i;
      }
      return -1;
    };
  }

  /* An excerpt is a sentence or two of the record's visible text (its name, summary,
   * citations), chosen where most query words are, cut only between words, with the
   * matched words marked as the record writes them. Never labels or hidden aliases. */
  function excerptNode(hit, query) {
    var out = el("p", "bv-hit__excerpt");
    var matcher = wordMatcher(query);
    var list = sentences(hit.text);
    function score(sentence) {
      var seen = {};
      (sentence.match(/[\p{L}\p{N}]+/gu) || []).forEach(function (w) {
        var m = matcher(w);
        if (m >= 0) seen[m] = true;
      });
      return Object.keys(seen).length;
    }
    var best = 0;
    var bestScore = -1;
    list.forEach(function (sentence, i) {
      var points = score(sentence);
      if (points > bestScore) { best = i; bestScore = points; }
    });
    var chosen = list[best] || "";
    if (best + 1 < list.length && chosen.length + list[best + 1].length < EXCERPT_CHARS * 0.8) {
      chosen += " " + list[best + 1];
    }
    // The name leads the excerpt when only it holds what was typed ("dang van duc").
    if (score(hit.title) > Math.max(bestScore, 0)) chosen = hit.title + (chosen ? " — " + chosen : "");
    if (chosen.length > EXCERPT_CHARS) {
      var cut = chosen.lastIndexOf(" ", EXCERPT_CHARS);
      chosen = chosen.slice(0, cut > 0 ? cut : EXCERPT_CHARS).replace(/[\s,;:]+$/, "") + "…";
    }
    chosen.split(/([\p{L}\p{N}]+)/u).forEach(function (piece) {
      if (!piece) return;
      if (/^[\p{L}\p{N}]+$/u.test(piece) && matcher(piece) >= 0) {
        out.appendChild(el("mark", "", piece));
      } else {
        out.appendChild(document.createTextNode(piece));
      }
    });
    return out;
  }

  function words(text) {
    return (text || "").normalize("NFC").toLocaleLowerCase("vi").split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  }

  /* Order of hits: the decision a number names and the exact name first, then titles with
   * every word as typed (marks included), then names that start with or hold the query
   * (its words side by side first), then the text matches in their order. */
  function tier(hit, query, number) {
    if (number && hit.key && hit.key.indexOf(number) === 0) return 0;
    var key = nameKey(query);
    var title = nameKey(hit.title);
    if (key && title === key) return 0;
    var typed = words(query);
    var titleWords = words(hit.title);
    if (typed.length && typed.every(function (w) { return titleWords.indexOf(w) >= 0; })) return 1;
    // The words side by side in the title ("Tổ phòng, chống dịch …"), then anywhere in it.
    if (key && (" " + title + " ").indexOf(" " + key + " ") >= 0) return 2;
    if (key && title.indexOf(key) === 0) return 2;
    var keyWords = key.split(" ");
    var titleKeys = title.split(" ");
    if (key && keyWords.every(function (w) { return titleKeys.indexOf(w) >= 0; })) return 3;
    return 4;
  }

  function ranked(query, number, hits) {
    var seen = {};
    var unique = hits.filter(function (hit) {
      var url = hit.url.replace(/#.*$/, "");
      if (seen[url]) return false;
      seen[url] = true;
      return true;
    });
    return unique.map(function (hit, i) { return { hit: hit, tier: tier(hit, query, number), i: i }; })
      .sort(function (a, b) { return a.tier - b.tier || a.i - b.i; })
      .map(function (x) { return x.hit; });
  }

  /* Pagefind's result data as a hit: title, kind, unit and the visible text for excerpts. */
  function pagefindHit(data) {
    var meta = data.meta || {};
    return { title: meta.title || data.url, url: new URL(data.url, window.location.href).href,
      kind: meta.kind || "", unit: meta.unit || "", text: meta.text || "", source: "text" };
  }

  /* Fragments are fetched only for the hits about to be shown. */
  function hitData(results) {
    return Promise.all(results.map(function (r) { return r.data().then(pagefindHit); }));
  }

  /* One hit: title, the record kind and unit, the highlighted excerpt. */
  function hitContent(hit, query) {
    var article = el("article", "md-search-result__article md-typeset bv-hit");
    article.appendChild(el("h1", "bv-hit__title", hit.title));
    var meta = el("p", "bv-hit__meta");
    if (hit.kind) meta.appendChild(el("span", "bv-badge bv-hit__kind", hit.kind));
    if (hit.unit) meta.appendChild(el("span", "bv-hit__unit", hit.unit));
    if (meta.childNodes.length) article.appendChild(meta);
    article.appendChild(excerptNode(hit, query));
    return article;
  }

  var FACET_LABELS = { kind: "Loại", unit: "Đơn vị", award: "Hình thức", campaign: "Phong trào",
    year: "Năm" };

  function chipText(chip) {
    return (FACET_LABELS[chip.facet] || chip.facet) + ": " + chip.label;
  }

  /* Pagefind's filter object from {facet: [values]}: any value of a facet, every facet. */
  function pagefindFilters(filters) {
    var out = {};
    Object.keys(filters).forEach(function (name) { out[name] = { any: filters[name] }; });
    return out;
  }

  function mergeFilters(a, b) {
    var out = {};
    [a, b].forEach(function (filters) {
      Object.keys(filters).forEach(function (name) {
        var list = out[name] || (out[name] = []);
        filters[name].forEach(function (v) { if (list.indexOf(v) < 0) list.push(v); });
      });
    });
    return out;
  }

  /* What to ask for a query: the decision its number names, names that start with it, and
   * otherwise its understood filters and remaining text. */
  function plan(query) {
    return lookupTerms().then(function (terms) {
      var number = numberQuery(query, terms);
      var decisions = number ? decisionHits(terms, number, PAGE_HITS) : Promise.resolve([]);
      return Promise.all([decisions, nameHits(terms, query, HEADER_HITS)])
        .then(function (found) {
          var names = found[1];
          // A query made wholly of filter words is those filters unless a record has exactly
          // that name; a query that only starts like names ("nguyen hai hoa") is a name.
          var understood = number ? { chips: [], filters: {}, rest: query } : understand(terms, query);
          var key = nameKey(query);
          var exact = names.some(function (hit) { return hit.key === key; });
          var whole = understood.chips.length && !understood.rest;
          if (exact || (names.length && !whole)) understood = { chips: [], filters: {}, rest: query };
          return { number: found[0].length ? number : "", decisions: found[0], names: names,
            understood: understood };
        });
    }).catch(function () {
      // Without the dictionaries, full text alone still answers.
      return { number: "", decisions: [], names: [], understood: { chips: [], filters: {}, rest: query } };
    });
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
      lookupTerms().catch(function () { /* full text alone still answers */ });
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

    var partial = false;  // only the name index has answered: more hits are coming

    function setActive(index) {
      var all = options();
      // While more hits are coming the arrows stop at the ends instead of wrapping round, so
      // the hit they reach is the same one once the list has grown.
      if (partial) index = Math.max(0, Math.min(index, all.length - 1));
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

    /* hits: what to show now; total: how many there are (null while only the name index has
     * answered); note: the understood filters, for the status line. */
    function render(query, hits, total, note) {
      partial = total === null;
      // A hit chosen with the arrow keys while this search ran stays chosen if still listed.
      var chosen = active >= 0 && options()[active] ? options()[active].querySelector("a").href : "";
      clear();
      if (!hits.length) {
        if (total === null) return;  // the full-text search has not answered yet
        status.textContent = noResultText(query);
        status.classList.add("bv-search__status--none");
        return;
      }
      status.classList.remove("bv-search__status--none");
      var count = total === null ? "Đang tìm thêm…"
        : total < 0 ? "Các tên bắt đầu bằng “" + query + "”" : countText(Math.max(total, hits.length));
      status.textContent = count + (note ? " — " + note : "");
      hits.slice(0, HEADER_HITS).forEach(function (hit, i) {
        var item = el("li", "md-search-result__item bv-hit-option");
        item.id = "bv-search-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var link = el("a", "md-search-result__link");
        link.href = hit.url;
        link.tabIndex = -1;
        link.appendChild(hitContent(hit, query));
        item.appendChild(link);
        listbox.appendChild(item);
      });
      if (total !== null && (total < 0 || total > HEADER_HITS)) {
        var more = el("li", "md-search-result__item bv-hit-option bv-hit-more");
        more.id = "bv-search-option-more";
        more.setAttribute("role", "option");
        more.setAttribute("aria-selected", "false");
        var link = el("a", "md-search-result__link",
          total < 0 ? "Xem tất cả kết quả" : "Xem tất cả " + total + " kết quả");
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

    var straightTo = "";  // the one decision a number names: Enter opens it

    function run() {
      var query = input.value.trim();
      var mine = ++generation;
      straightTo = "";
      if (!query) {
        clear();
        status.textContent = initialStatus;
        status.classList.remove("bv-search__status--none");
        return;
      }
      // First the decision a number names and the names that start with the query, from one
      // small shard of the name index; then the word sets, with what the query names as
      // filters.
      plan(query).then(function (p) {
        if (mine !== generation) return null;
        var first = p.decisions.concat(p.names);
        if (p.decisions.length === 1) straightTo = p.decisions[0].url;
        var note = p.understood.chips.map(chipText).join(", ");
        if (first.length) render(query, ranked(query, p.number, first), null, note);
        if (p.decisions.length) {  // a decision number: its decisions, nothing else to ask
          render(query, ranked(query, p.number, first), first.length, note);
          return null;
        }
        var text = p.understood.rest || null;
        if (p.names.length >= HEADER_HITS && !p.understood.chips.length) {
          // The names fill the list and rank above text matches: the text is left to the
          // search page ("Xem tất cả kết quả"), so a common name costs one shard.
          render(query, ranked(query, p.number, first), -1, note);
          return null;
        }
        if (!text && p.understood.chips.length) {
          // Only filters: their sets answer.
          return lookupTerms().then(function (terms) {
            return setAnswer(terms, filterGroups(terms, p.understood.chips, {}));
          }).then(function (answer) {
            return answer.page(0, HEADER_HITS).then(function (hits) {
              if (mine !== generation) return;
              render(query, ranked(query, p.number, first.concat(hits)), answer.count, note);
            });
          });
        }
        return wordSearch(text, p.understood.chips, {}).then(function (answer) {
          if (mine !== generation) return null;
          if (!answer) return textSearch();
          return answer.page(0, HEADER_HITS).then(function (hits) {
            if (mine !== generation) return;
            var all = ranked(query, p.number, first.concat(hits));
            render(query, all, Math.max(answer.count, all.length), note);
          });
        });
        function textSearch() {
          return pagefind().then(function (pf) {
            return pf.search(text, { filters: pagefindFilters(p.understood.filters) });
          }).then(function (search) {
            if (mine !== generation) return null;
            var results = search.results;
            return hitData(results.slice(0, HEADER_HITS)).then(function (hits) {
              if (mine !== generation) return;
              var all = ranked(query, p.number, first.concat(hits));
              render(query, all, Math.max(results.length, all.length), note);
            });
          });
        }
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
    // A tap or click on the box (or its icon on a phone) fetches the dictionaries before
    // focus lands.
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
        if (count) setActive(active < 0 ? (partial ? 0 : count - 1) : active - 1);
      } else if (event.key === "Enter") {
        event.preventDefault();
        var chosen = active >= 0 ? options()[active] : null;
        var query = input.value.trim();
        if (chosen) {
          window.location.href = chosen.querySelector("a").href;
        } else if (straightTo) {
          window.location.href = straightTo;  // a decision number goes straight to it
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
    var chipBox = container.querySelector(".bv-chips");
    var hits = container.querySelector(".bv-search-page__hits");
    var moreButton = container.querySelector(".bv-search-page__more");
    var state = readState();
    var results = [];
    var shown = 0;
    var shownUrls = {};
    var generation = 0;
    var allFilters = null;
    var query = "";

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

    /* The filters in force as removable chips: those the query's words named (removing one
     * takes its words out of the query) and those ticked (removing one unticks it). */
    function renderChips(understood) {
      chipBox.replaceChildren();
      var chips = understood.chips.map(function (chip) {
        return { text: chipText(chip), remove: function () { dropWords(chip.words); } };
      });
      FILTERS.forEach(function (name) {
        (state.filters[name] || []).forEach(function (value) {
          chips.push({ text: (FACET_LABELS[name] || name) + ": " + value, remove: function () {
            var list = state.filters[name].filter(function (v) { return v !== value; });
            if (list.length) state.filters[name] = list; else delete state.filters[name];
            push();
          } });
        });
      });
      chips.forEach(function (chip) {
        var button = el("button", "bv-chip", chip.text + " ");
        button.type = "button";
        button.setAttribute("aria-label", "Bỏ lọc " + chip.text);
        button.appendChild(el("span", "bv-chip__x", "×")).setAttribute("aria-hidden", "true");
        button.addEventListener("click", chip.remove);
        chipBox.appendChild(button);
      });
      chipBox.hidden = chips.length === 0;
    }

    function dropWords(phrase) {
      var at = state.q.indexOf(phrase);
      state.q = at < 0 ? state.q
        : (state.q.slice(0, at) + " " + state.q.slice(at + phrase.length)).replace(/\s+/g, " ").trim();
      push();
    }

    function push() {
      history.pushState(null, "", stateUrl(state));
      run();
    }

    function appendHits(list) {
      list.forEach(function (hit) {
        shownUrls[hit.url.replace(/#.*$/, "")] = true;
        var item = el("li", "bv-search-page__hit");
        var link = el("a", "bv-search-page__link");
        link.href = hit.url;
        link.appendChild(hitContent(hit, query));
        item.appendChild(link);
        hits.appendChild(item);
      });
    }

    var pager = null;  // (offset, n) → hits of the current answer
    var total = 0;

    /* The next page of results, leaving out what the name index already showed. */
    function showMore() {
      var mine = generation;
      var from = shown;
      shown += PAGE_HITS;
      pager(from, PAGE_HITS).then(function (list) {
        if (mine !== generation) return;
        appendHits(list.filter(function (hit) { return !shownUrls[hit.url.replace(/#.*$/, "")]; }));
        moreButton.hidden = shown >= total;
      });
    }

    /* Facet counts, from one file of every value's records (lookup.facet_file): for each value,
     * how many of the records the text finds, the query's chips allow and the other facets'
     * ticks allow, hold it; a facet's own ticks are left out, so the numbers say what ticking
     * one more would give. Without text, every record counts. Loaded after the results. */
    var facetsWanted = null;  // the last answer's facet request, kept while they are folded
    var wide = window.matchMedia ? window.matchMedia("(min-width: 60em)") : null;
    var toggle = container.querySelector(".bv-facets-toggle");

    function facetsShown() {
      return (wide && wide.matches) || toggle.getAttribute("aria-expanded") === "true";
    }

    /* Counts are asked for only while the filters are on screen: on a phone they are folded
     * away until opened, and the file of their values is not fetched. `base`: the records
     * the text finds (null: every record); `chips`: the filters the query's words named. */
    function loadFacets(mine, base, chips) {
      facetsWanted = { mine: mine, base: base, chips: chips };
      if (facetsShown()) countFacets(mine, base, chips);
    }

    function countFacets(mine, base, chips) {
      facetsWanted = null;
      lookupTerms().then(function (terms) {
        return Promise.all([facetValues(terms), groupPositions(terms, filterGroups(terms, chips, {}))])
          .then(function (loaded) {
            var facets = loaded[0];
            allFilters = facets;
            return facetCounts(facets, terms.words.total, base, loaded[1], state.filters);
          });
      }).then(function (counts) {
        if (mine === generation) renderFacets(counts);
      }).catch(function () { /* the results are shown; facets stay as they were */ });
    }

    function show(mine, first, count) {
      container.removeAttribute("aria-busy");
      hits.replaceChildren();
      shownUrls = {};
      total = count;
      if (!count) {
        status.textContent = state.q ? noResultText(state.q) : "Không có kết quả với bộ lọc đã chọn";
        moreButton.hidden = true;
        return;
      }
      status.textContent = countText(count) + (state.q ? " cho “" + state.q + "”" : "");
      appendHits(first);
      moreButton.hidden = shown >= count;
    }

    function run() {
      var mine = ++generation;
      input.value = state.q;
      query = state.q;
      shown = 0;
      var hasFilters = Object.keys(state.filters).length > 0;
      container.setAttribute("aria-busy", "true");
      var planned = state.q ? plan(state.q)
        : Promise.resolve({ number: "", decisions: [], names: [],
          understood: { chips: [], filters: {}, rest: "" } });
      planned.then(function (p) {
        if (mine !== generation) return null;
        renderChips(p.understood);
        var text = p.understood.rest || "";
        if (!state.q && !hasFilters) {
          container.removeAttribute("aria-busy");
          hits.replaceChildren();
          status.textContent = "Gõ từ khoá hoặc chọn bộ lọc để tìm.";
          moreButton.hidden = true;
          loadFacets(mine, null, []);
          return null;
        }
        if (p.decisions.length && !hasFilters) {
          // A decision number goes straight to its decision(s): no full-text search.
          pager = function () { return Promise.resolve([]); };
          shown = p.decisions.length;
          show(mine, p.decisions, p.decisions.length);
          loadFacets(mine, null, []);
          return null;
        }
        if (!text) {
          // Only filters (named in the query or ticked): their sets answer.
          return lookupTerms().then(function (terms) {
            return setAnswer(terms, filterGroups(terms, p.understood.chips, state.filters));
          }).then(function (answer) {
            pager = answer.page;
            return answer.page(0, PAGE_HITS).then(function (first) {
              if (mine !== generation) return;
              shown = first.length;
              show(mine, first, answer.count);
              loadFacets(mine, null, p.understood.chips);
            });
          });
        }
        var names = Object.keys(p.understood.filters).length || hasFilters ? [] : p.names;
        if (names.length) {
          // The names that start with the query show while the text is looked up.
          status.textContent = "Đang tìm thêm…";
          hits.replaceChildren();
          shownUrls = {};
          appendHits(ranked(state.q, p.number, names));
        }
        // The word sets answer: every word of the text (a word typed in part: every word it
        // starts), among the records the filters allow; Pagefind only if they cannot load.
        return wordSearch(text, p.understood.chips, state.filters).then(function (answer) {
          if (mine !== generation) return null;
          if (!answer) return textSearch();
          pager = answer.page;
          return answer.page(0, PAGE_HITS).then(function (list) {
            if (mine !== generation) return;
            shown = PAGE_HITS;
            var first = ranked(state.q, p.number, names.concat(list));
            show(mine, first, Math.max(answer.count, first.length));
            loadFacets(mine, answer.base, p.understood.chips);
          });
        });
        function textSearch() {
          var effective = mergeFilters(state.filters, p.understood.filters);
          return pagefind().then(function (pf) {
            return pf.search(text, { filters: pagefindFilters(effective) });
          }).then(function (search) {
            if (mine !== generation) return null;
            var results = search.results;
            pager = function (offset, n) { return hitData(results.slice(offset, offset + n)); };
            var slice = results.slice(0, PAGE_HITS);
            return hitData(slice).then(function (list) {
              if (mine !== generation) return;
              shown = slice.length;
              var first = ranked(state.q, p.number, names.concat(list));
              show(mine, first, Math.max(results.length, first.length));
              loadFacets(mine, null, p.understood.chips);
            });
          });
        }
      }).catch(function () {
        if (mine === generation) status.textContent = "Không tải được chỉ mục tìm kiếm.";
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
    toggle.setAttribute("aria-expanded", Object.keys(state.filters).length ? "true" : "false");
    function countWhenShown() {
      var w = facetsWanted;
      if (w && w.mine === generation && facetsShown()) countFacets(w.mine, w.base, w.chips);
    }
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      countWhenShown();
    });
    if (wide && wide.addEventListener) wide.addEventListener("change", countWhenShown);
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
    if (page) searchPage(page);  // loads the dictionaries and the filters at once
    else if (box) warmWhenIdle();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
