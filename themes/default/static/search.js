/* vanban offline search.
 *
 * A classic script: fetch, XHR and modules are blocked from file://, so the index is a set of
 * script files (tim-kiem/meta.js, t-<prefix>.js, d-<n>.js) that call into the global
 * VANBAN_SEARCH registry, and this file adds <script src> tags for the ones a query needs.
 * Tokenising mirrors src/search/tokenize.rs; a test runs both on the same text.
 * Document text is untrusted: it only ever reaches the page through textContent.
 */
(function (W) {
  "use strict";

  var R = (W.VANBAN_SEARCH = W.VANBAN_SEARCH || {});
  var store = { meta: null, shards: {}, docs: {} };
  R.meta = function (m) { store.meta = m; };
  R.shard = function (key, terms) { store.shards[key] = terms; };
  R.docs = function (n, rows) { store.docs[n] = rows; };

  var PAGE = 20;
  var MAX_WORD_CHARS = 30;
  var MAX_QUERY_WORDS = 30;
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var DIGIT = {};
  for (var i = 0; i < DIGITS.length; i++) DIGIT[DIGITS.charAt(i)] = i;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var MARKS = /\p{M}/gu;
  var TONE = /[\u0300\u0301\u0303\u0309\u0323]/;
  var SUBJECT = 4, META = 8, NUMBER = 16;
  var BODY_WEIGHT = [0, 1, 1.5, 2];

  /* ---- text: the same rules as tokenize.rs ---- */

  function foldWord(w) {
    var f = w.normalize("NFD").replace(MARKS, "").replace(/đ/g, "d").toLowerCase();
    if (/^[0-9]+$/.test(f)) f = f.replace(/^0+/, "") || "0";
    return f;
  }

  function exactWord(w) {
    var out = "", tones = "";
    for (var c of w.normalize("NFD")) {
      if (TONE.test(c)) tones += c; else out += c;
    }
    return out + tones;
  }

  /** Words ({folded, exact, follows}) and number-like compounds of a text. */
  function tokenize(text) {
    var lower = String(text).normalize("NFC").toLowerCase();
    var words = [], compounds = [], chain = [];
    var gap = "", word = "", haveWord = false;
    function flushChain() {
      if (chain.length >= 2) {
        var key = chain.join("");
        if (/[0-9]/.test(key) && /[^0-9]/.test(key)) compounds.push(key);
      }
      chain = [];
    }
    function endWord() {
      if (!word.replace(MARKS, "")) {
        // Marks with no letter to sit on: a gap, not a word (as in tokenize.rs).
        gap += word;
        word = "";
        return;
      }
      var joined = gap === "-" || gap === "/";
      var follows = haveWord && gap.length > 0 && /^\s+$/u.test(gap);
      if (!(haveWord && joined)) flushChain();
      gap = "";
      if (Array.from(word).length > MAX_WORD_CHARS) {
        flushChain();
        haveWord = false;
      } else {
        var folded = foldWord(word);
        chain.push(folded);
        words.push({ folded: folded, exact: exactWord(word), follows: follows });
        haveWord = true;
      }
      word = "";
    }
    for (var c of lower) {
      if (WORD_CHAR.test(c)) {
        word += c;
      } else {
        if (word) endWord();
        gap += c;
      }
    }
    if (word) endWord();
    flushChain();
    return { words: words, compounds: compounds };
  }

  /** Every term a query looks up (see query_terms in src/search/mod.rs), with the query
   *  word positions each one covers. */
  function queryTerms(q) {
    var t = tokenize(q);
    var words = t.words.slice(0, MAX_QUERY_WORDS);
    var unigrams = {}, bigrams = {}, numbers = {};
    words.forEach(function (w, i) {
      var u = unigrams[w.folded] || (unigrams[w.folded] = { bits: 0, exact: {} });
      u.bits |= 1 << i;
      u.exact[w.exact] = true;
      if (i > 0 && w.follows) bigrams[words[i - 1].folded + " " + w.folded] = 1 << (i - 1) | 1 << i;
      if (/^[0-9]/.test(w.folded)) {
        var run = w.folded, bits = 1 << i;
        for (var j = i + 1; j < words.length && j <= i + 5; j++) {
          run += words[j].folded;
          bits |= 1 << j;
          numbers[run] = (numbers[run] || 0) | bits;
        }
      }
    });
    t.compounds.forEach(function (c) {
      if (!(c in numbers)) numbers[c] = 0;
    });
    var accents = /[\p{M}đ]/u.test(String(q).normalize("NFD").toLowerCase());
    return { words: words, unigrams: unigrams, bigrams: bigrams, numbers: numbers, accents: accents };
  }

  function decode(s) {
    var out = [], acc = 0;
    for (var k = 0; k < s.length; k++) {
      var d = DIGIT[s.charAt(k)];
      if (d >= 32) acc = acc * 32 + (d - 32);
      else { out.push(acc * 32 + d); acc = 0; }
    }
    return out;
  }

  /** Sorted doc ids from a gap-encoded string. */
  function decodeIds(s) {
    var gaps = decode(s), ids = [], next = 0;
    for (var k = 0; k < gaps.length; k++) { next += gaps[k]; ids.push(next); next += 1; }
    return ids;
  }

  function weight(flags) {
    return (flags & NUMBER ? 10 : 0) + (flags & SUBJECT ? 4 : 0) + (flags & META ? 2.5 : 0) +
      BODY_WEIGHT[flags & 3];
  }

  function popcount(x) {
    var n = 0;
    while (x) { x &= x - 1; n++; }
    return n;
  }

  /* ---- the engine: loads what a query needs and ranks ---- */

  /**
   * @param {function(string): Promise} load  loads one index file (path under tim-kiem/)
   */
  function Engine(load) {
    this.load = load;
    this.meta = null;
  }

  Engine.prototype.init = function () {
    var self = this;
    return this.load("meta.js").then(function () {
      var m = store.meta;
      if (!m) throw new Error("meta.js did not register");
      self.meta = m;
      self.shardKeys = {};
      m.shards.forEach(function (k) { self.shardKeys[k] = true; });
      self.issuerOf = decode(m.di);
      self.typeOf = decode(m.dt);
      self.yearOf = decode(m.dy);
      self.campaignDocs = m.dc.map(function (s) {
        var set = {};
        decodeIds(s).forEach(function (id) { set[id] = true; });
        return set;
      });
      self.drafts = {};
      decodeIds(m.drafts).forEach(function (id) { self.drafts[id] = true; });
      return self;
    });
  };

  /** The longest shard key that is a prefix of the term. */
  Engine.prototype.shardFor = function (term) {
    var chars = Array.from(term);
    for (var n = chars.length; n > 0; n--) {
      var p = chars.slice(0, n).join("");
      if (this.shardKeys[p]) return p;
    }
    return null;
  };

  Engine.prototype.shardFile = function (key) {
    var name = "t-";
    for (var c of key) {
      if (/[a-z0-9]/.test(c)) name += c;
      else if (c === " ") name += "_";
      else name += "-" + c.codePointAt(0).toString(16) + "-";
    }
    return name + ".js";
  };

  Engine.prototype.entry = function (term) {
    var key = this.shardFor(term);
    var shard = key === null ? null : store.shards[key];
    return shard && Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
  };

  /** Filters from slugs: {issuer, type, year, campaign} → a predicate on doc ids. */
  Engine.prototype.filter = function (f) {
    var m = this.meta, self = this;
    function find(list, slug) {
      for (var k = 0; k < list.length; k++) if (list[k][1] === slug) return k;
      return -2;
    }
    var issuer = f.issuer ? find(m.issuers, f.issuer) : -1;
    var type = f.type ? find(m.types, f.type) : -1;
    var campaign = f.campaign ? find(m.campaigns, f.campaign) : -1;
    var year = f.year ? m.years.indexOf(Number(f.year)) + 1 : 0;
    if (f.year && year === 0) year = -1;
    return function (id) {
      return (issuer === -1 || self.issuerOf[id] === issuer) &&
        (type === -1 || self.typeOf[id] === type) &&
        (year === 0 || self.yearOf[id] === year) &&
        (campaign === -1 || (campaign >= 0 && self.campaignDocs[campaign][id] === true));
    };
  };

  /** Ranked doc ids for a query and filters; best first. */
  Engine.prototype.search = function (q, filters) {
    var self = this, qt = queryTerms(q);
    var terms = Object.keys(qt.unigrams).concat(Object.keys(qt.bigrams), Object.keys(qt.numbers));
    var files = {};
    terms.forEach(function (t) {
      var key = self.shardFor(t);
      if (key !== null && !store.shards[key]) files[self.shardFile(key)] = true;
    });
    return Promise.all(Object.keys(files).sort().map(function (f) {
      return self.load(f).catch(function () { /* a missing shard holds no match */ });
    })).then(function () {
      return { ids: self.rank(qt, self.filter(filters || {})), words: qt.words };
    });
  };

  Engine.prototype.rank = function (qt, keep) {
    var n = this.meta.n, self = this;
    if (!qt.words.length) {
      var all = [];
      for (var id = 0; id < n; id++) if (keep(id)) all.push(id);
      return all;
    }
    var score = new Float64Array(n), cover = new Uint32Array(n), uncounted = 0;
    // Query words a document spells exactly as typed: a tier of its own, so that a typed
    // "Mỹ Thạnh" ranks Thạnh above Thành however the other words weigh.
    var exact = new Uint32Array(n);
    // Query words in a document's number, subject or metadata rather than only its body, and
    // then in its number or metadata (issuer, type, campaign, year): "huyen uy x 2018" wants
    // the documents x issued in 2018 before those whose subject cites x's 2018 ones.
    var field = new Uint32Array(n), meta = new Uint32Array(n);
    function each(term, fn) {
      var e = self.entry(term);
      if (!e) return null;
      var p = decode(e[2]), doc = -1;
      for (var k = 0; k < p.length; k += 2) {
        doc += p[k] + 1;
        fn(doc, p[k + 1]);
      }
      return { df: e[0], variants: e[1], postings: p.length / 2 };
    }
    function idf(df) { return Math.log(1 + n / df); }

    Object.keys(qt.unigrams).forEach(function (term) {
      var u = qt.unigrams[term], e = self.entry(term);
      if (!e) return;
      var exactBit = 0;
      if (qt.accents && e[1]) {
        e[1].forEach(function (v, k) { if (u.exact[v]) exactBit |= 1 << k; });
      }
      var w0 = idf(e[0]);
      var info = each(term, function (doc, v) {
        var flags = v & 31;
        var w = weight(flags) * w0;
        if (flags & (SUBJECT | META | NUMBER)) field[doc] |= u.bits;
        if (flags & (META | NUMBER)) meta[doc] |= u.bits;
        if (exactBit && (((v >>> 5) ^ 1) & exactBit)) {
          w *= 1.5;
          exact[doc] |= u.bits;
        }
        score[doc] += w;
        cover[doc] |= u.bits;
      });
      // A capped list misses documents that use the word only in passing: it ranks, but
      // does not decide which documents cover the query.
      if (info.postings < info.df) uncounted |= u.bits;
    });
    Object.keys(qt.bigrams).forEach(function (term) {
      var e = self.entry(term);
      if (!e) return;
      var w0 = idf(e[0]);
      each(term, function (doc, v) {
        var flags = v & 31;
        score[doc] += ((flags & SUBJECT ? 4 : 0) + (flags & META ? 3 : 0) +
          (flags & NUMBER ? 3 : 0) + BODY_WEIGHT[flags & 3]) * w0;
      });
    });
    Object.keys(qt.numbers).forEach(function (term) {
      var bits = qt.numbers[term], e = self.entry(term);
      if (!e) return;
      var w0 = idf(e[0]);
      each(term, function (doc, v) {
        score[doc] += v & NUMBER ? 1000 : 3 * w0;
        cover[doc] |= bits;
        if (v & NUMBER) {
          field[doc] |= bits;
          meta[doc] |= bits;
        }
      });
    });

    var ids = [];
    for (var d = 0; d < n; d++) {
      if (score[d] > 0 && keep(d)) {
        ids.push(d);
        cover[d] = popcount(cover[d] | uncounted);
        exact[d] = popcount(exact[d]);
        field[d] = popcount(field[d]);
        meta[d] = popcount(meta[d]);
      }
    }
    ids.sort(function (a, b) {
      return cover[b] - cover[a] || exact[b] - exact[a] || field[b] - field[a] ||
        meta[b] - meta[a] || score[b] - score[a] || a - b;
    });
    return ids;
  };

  /** Display rows [url, number, subject, date, excerpt] of the given ids. */
  Engine.prototype.rows = function (ids) {
    var self = this, size = this.meta.bucket, need = {};
    ids.forEach(function (id) {
      var b = Math.floor(id / size);
      if (!store.docs[b]) need[b] = true;
    });
    return Promise.all(Object.keys(need).map(function (b) {
      return self.load("d-" + b + ".js").catch(function () {});
    })).then(function () {
      return ids.map(function (id) {
        var bucket = store.docs[Math.floor(id / size)];
        return bucket ? bucket[id % size] : null;
      });
    });
  };

  /* ---- the page ---- */

  /** Appends text to el, wrapping words whose folded form is wanted in <mark>. */
  function appendMarked(doc, el, text, wanted) {
    var run = "", inWord = false, plain = "";
    function flush() {
      if (!run) return;
      if (inWord && wanted[foldWord(run.toLowerCase())]) {
        if (plain) { el.appendChild(doc.createTextNode(plain)); plain = ""; }
        var mark = doc.createElement("mark");
        mark.textContent = run;
        el.appendChild(mark);
      } else {
        plain += run;
      }
      run = "";
    }
    for (var c of String(text).normalize("NFC")) {
      var w = WORD_CHAR.test(c);
      if (w !== inWord) { flush(); inWord = w; }
      run += c;
    }
    flush();
    if (plain) el.appendChild(doc.createTextNode(plain));
  }

  function Page(doc, win) {
    this.doc = doc;
    this.win = win;
    var form = doc.getElementById("tim-kiem");
    this.form = form;
    this.base = form.getAttribute("data-index") || "tim-kiem/";
    this.root = form.getAttribute("data-root") || "";
    this.input = doc.getElementById("q");
    this.status = doc.getElementById("trang-thai");
    this.list = doc.getElementById("ket-qua");
    this.more = doc.getElementById("xem-them");
    this.selects = {
      issuer: doc.getElementById("co-quan"),
      year: doc.getElementById("nam"),
      campaign: doc.getElementById("phong-trao"),
      type: doc.getElementById("loai"),
    };
    this.params = { issuer: "co-quan", year: "nam", campaign: "phong-trao", type: "loai" };
    this.loaded = {};
    this.run = 0;
    this.engine = new Engine(this.loadScript.bind(this));
  }

  Page.prototype.loadScript = function (file) {
    var self = this, src = this.base + file;
    if (!this.loaded[src]) {
      this.loaded[src] = new Promise(function (resolve, reject) {
        var s = self.doc.createElement("script");
        s.src = src;
        s.onload = function () { resolve(); };
        s.onerror = function () { reject(new Error("cannot load " + src)); };
        self.doc.head.appendChild(s);
      });
    }
    return this.loaded[src];
  };

  Page.prototype.say = function (text) { this.status.textContent = text; };

  Page.prototype.fillSelects = function () {
    var m = this.engine.meta, doc = this.doc, self = this;
    function fill(sel, items) {
      if (!sel) return;
      items.forEach(function (it) {
        var o = doc.createElement("option");
        o.value = it[1];
        o.textContent = it[0];
        sel.appendChild(o);
      });
    }
    fill(this.selects.issuer, m.issuers);
    fill(this.selects.type, m.types);
    fill(this.selects.campaign, m.campaigns);
    fill(this.selects.year, m.years.map(function (y) { return [String(y), String(y)]; }));
    Object.keys(this.selects).forEach(function (k) {
      var sel = self.selects[k];
      if (sel) sel.disabled = false;
    });
  };

  Page.prototype.readUrl = function () {
    var p = new URLSearchParams(this.win.location.search || "");
    this.input.value = p.get("q") || "";
    var self = this;
    Object.keys(this.params).forEach(function (k) {
      var sel = self.selects[k], v = p.get(self.params[k]);
      if (sel && v) sel.value = v;
    });
  };

  Page.prototype.state = function () {
    var f = { q: this.input.value.trim() }, self = this;
    Object.keys(this.selects).forEach(function (k) {
      f[k] = self.selects[k] ? self.selects[k].value : "";
    });
    return f;
  };

  Page.prototype.writeUrl = function (f) {
    var p = new URLSearchParams(), self = this;
    if (f.q) p.set("q", f.q);
    Object.keys(this.params).forEach(function (k) { if (f[k]) p.set(self.params[k], f[k]); });
    var s = p.toString();
    try {
      this.win.history.replaceState(null, "", s ? "?" + s : this.win.location.pathname);
    } catch (e) { /* some file:// setups refuse; the results still show */ }
  };

  Page.prototype.update = function () {
    var self = this, f = this.state(), run = ++this.run;
    this.writeUrl(f);
    if (!f.q && !f.issuer && !f.year && !f.campaign && !f.type) {
      this.clear();
      this.say("Nhập từ khóa hoặc chọn bộ lọc để tìm văn bản.");
      return Promise.resolve();
    }
    this.say("Đang tìm…");
    return this.engine.search(f.q, f).then(function (res) {
      if (run !== self.run) return;
      self.ids = res.ids;
      self.wanted = {};
      res.words.forEach(function (w) { self.wanted[w.folded] = true; });
      self.clear();
      return self.show(PAGE, run);
    });
  };

  Page.prototype.clear = function () {
    while (this.list.firstChild) this.list.removeChild(this.list.firstChild);
    this.shown = 0;
    if (this.more) this.more.hidden = true;
  };

  Page.prototype.show = function (count, run) {
    var self = this, ids = this.ids.slice(this.shown, this.shown + count);
    return this.engine.rows(ids).then(function (rows) {
      if (run !== self.run) return;
      rows.forEach(function (row, k) { if (row) self.list.appendChild(self.item(ids[k], row)); });
      self.shown += ids.length;
      var total = self.ids.length;
      if (!total) self.say("Không tìm thấy văn bản nào.");
      else if (self.shown < total) self.say("Tìm thấy " + total + " văn bản, hiện " + self.shown + ".");
      else self.say("Tìm thấy " + total + " văn bản.");
      if (self.more) self.more.hidden = self.shown >= total;
    });
  };

  Page.prototype.item = function (id, row) {
    var doc = this.doc, m = this.engine.meta;
    var li = doc.createElement("li");
    var a = doc.createElement("a");
    a.setAttribute("href", this.root + row[0]);
    if (row[1]) {
      var num = doc.createElement("span");
      num.className = "so-ky-hieu";
      num.textContent = row[1];
      a.appendChild(num);
      a.appendChild(doc.createTextNode(" — "));
    }
    appendMarked(doc, a, row[2], this.wanted);
    li.appendChild(a);
    var info = doc.createElement("p");
    info.className = "thong-tin";
    var parts = [];
    var issuer = m.issuers[this.engine.issuerOf[id]];
    if (issuer) parts.push(issuer[0]);
    if (row[3]) parts.push(row[3]);
    if (this.engine.drafts[id]) parts.push("DỰ THẢO");
    info.textContent = parts.join(" · ");
    li.appendChild(info);
    if (row[4]) {
      var snip = doc.createElement("p");
      snip.className = "trich-doan";
      appendMarked(doc, snip, row[4], this.wanted);
      li.appendChild(snip);
    }
    return li;
  };

  Page.prototype.start = function () {
    var self = this, timer = null;
    this.say("Đang tải chỉ mục tìm kiếm…");
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      self.update();
    });
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.update(); }, 200);
    });
    Object.keys(this.selects).forEach(function (k) {
      var sel = self.selects[k];
      if (sel) sel.addEventListener("change", function () { self.update(); });
    });
    if (this.more) {
      this.more.addEventListener("click", function () { self.show(PAGE, self.run); });
    }
    return this.engine.init().then(function () {
      self.fillSelects();
      self.readUrl();
      return self.update();
    }, function () {
      self.say("Không tải được chỉ mục tìm kiếm (thư mục tim-kiem/ bị thiếu?).");
    });
  };

  R.tokenize = tokenize;
  R.queryTerms = queryTerms;
  R.Engine = Engine;
  R.Page = Page;

  var doc = W.document;
  if (doc && doc.getElementById && doc.getElementById("tim-kiem")) {
    R.page = new Page(doc, W);
    R.ready = R.page.start();
  }
})(typeof window !== "undefined" ? window : this);
